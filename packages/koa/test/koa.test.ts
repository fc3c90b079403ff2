/**
 * Koa-specific behaviour, through a real `http.Server` and `fetch`, cookies carried back by the
 * suite's `Browser`.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { Browser, parseSetCookie, randomTexts, SECRET, type StandardApp } from '@flash/adapter-suite'
import views from '@ladjs/koa-views'
import { Eta } from 'eta'
import type { Context, Middleware, Next } from 'koa'
import { afterEach, describe, expect, it, vi } from 'vitest'
import flashDefault, {
  FlashConfigError,
  flash,
  type KoaFlashOptions,
  MessagesNotStoredError,
  storageOf,
  success,
} from '../src/index.js'
import { createApp, listen } from './harness.js'

interface Started {
  browser: Browser
  app: ReturnType<typeof createApp>
  errors: unknown[]
  sessionReads: () => number
}

const running: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of running.splice(0)) await close()
})

/** Start the standard Koa app; count `ctx.session` reads and collect `app.on('error')`. */
async function start(
  flashOptions: Partial<KoaFlashOptions> = {},
  options: { session?: boolean | 'cookie'; errorPage?: boolean; extra?: Middleware[] } = {},
): Promise<Started> {
  const app = createApp(
    {
      flash: { secret: SECRET, ...flashOptions },
      session: options.session ?? false,
      errorPage: options.errorPage ?? true,
    },
    ...(options.extra ?? []),
  )
  const errors: unknown[] = []
  app.app.on('error', (error) => errors.push(error))
  let reads = 0
  const original = Object.getOwnPropertyDescriptor(app.app.context, 'session')
  if (original?.get) {
    Object.defineProperty(app.app.context, 'session', {
      ...original,
      get() {
        reads++
        return original.get!.call(this)
      },
    })
  }
  const server = await listen(app.app)
  running.push(server.close)
  const standard: StandardApp = {
    request: server.request,
    close: server.close,
    sessionWrites: () => app.store.writes,
    warnings: () => app.warnings,
    thrown: () => app.thrown,
  }
  return { browser: new Browser(standard), app, errors, sessionReads: () => reads }
}

const flashCookies = (setCookies: readonly string[]) => setCookies.filter((c) => c.startsWith('messages'))

describe('flash()', () => {
  it('is the default export and returns a named middleware', () => {
    expect(flashDefault).toBe(flash)
    expect(flash({ secret: SECRET }).name).toBe('flashMiddleware')
  })

  it('rejects bad options at once, naming the option', () => {
    expect(() => flash(undefined as never)).toThrow(
      new FlashConfigError(
        '@flash/koa: option "secret" is required: pass { secret: process.env.FLASH_SECRET } (a long random string)',
      ),
    )
    expect(() => flash({ secret: process.env.NO_SUCH_SECRET })).toThrow(
      '@flash/koa: option "secret" is required: a non-empty string, or a non-empty list of them (the first signs, all verify)',
    )
    expect(() => flash({ secret: SECRET, storage: 'redis' as never })).toThrow(
      '@flash/koa: option "storage" must be "fallback", "cookie", "session" or a function, got "redis"',
    )
    expect(() => flash({ secret: SECRET, sessionKey: '_messages' })).toThrow(
      new FlashConfigError(
        '@flash/koa: option "sessionKey" is "_messages", but koa-session never saves keys that start with "_"; ' +
          'use a key without the underscore (the default is "messages")',
      ),
    )
    expect(() => flash({ secret: SECRET, logger: {} as never })).toThrow(
      '@flash/koa: option "logger" must have a warn(message) method, e.g. console',
    )
    expect(() => flash({ secret: SECRET, nope: 1 } as never)).toThrow(
      '@flash/koa: option "nope" is not an option',
    )
  })

  it('allows an underscore session key when no session is used', () => {
    expect(() => flash({ secret: SECRET, storage: 'cookie', sessionKey: '_messages' })).not.toThrow()
  })

  it('logs startup warnings once through console.warn by default', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      flash({ secret: 'short' })
      expect(warn.mock.calls).toEqual([
        ['@flash/koa: option "secret" is shorter than 32 characters; use a long random secret in production'],
      ])
    } finally {
      warn.mockRestore()
    }
  })
})

describe('ctx.messages and ctx.state', () => {
  it('exposes the storage as ctx.messages, to the core API, and lazily to templates', async () => {
    const seen: unknown[] = []
    const probe = async (ctx: Context, next: Next) => {
      if (ctx.path !== '/probe') return next()
      seen.push(
        ctx.messages === storageOf(ctx),
        ctx.state.messages === ctx.messages,
        ctx.state.DEFAULT_MESSAGE_LEVELS,
        ctx.messages.used,
      )
      ctx.body = 'ok'
    }
    const { browser } = await start({}, { extra: [probe] })
    await browser.add('info', ['one'])
    expect((await browser.get('/probe')).status).toBe(200)
    expect(seen).toEqual([true, true, { DEBUG: 10, INFO: 20, SUCCESS: 25, WARNING: 30, ERROR: 40 }, false])
    expect(await browser.texts()).toEqual(['one'])
  })

  it('a koa-views (eta) template that iterates ctx.state.messages consumes them', async () => {
    const eta = new Eta({ autoEscape: true })
    const root = fileURLToPath(new URL('./views', import.meta.url))
    const render = views(root, {
      extension: 'eta',
      engineSource: {
        eta: async (file: string, locals: object) => eta.renderString(await readFile(file, 'utf8'), locals),
      },
    })
    const page = async (ctx: Context, next: Next) => (ctx.path === '/page' ? ctx.render('messages') : next())
    const { browser } = await start({}, { extra: [render, page] })
    await browser.add('info', ['<b>hi</b>'])
    await browser.add('error', ['Boom'], { extraTags: 'x' })
    const first = await browser.get('/page')
    expect(first.status).toBe(200)
    expect(first.body).toBe(
      '<ul><li class="info">&lt;b&gt;hi&lt;/b&gt;</li><li class="x error">Error: Boom</li></ul>\n',
    )
    expect(flashCookies(first.setCookies)).toEqual([
      'messages=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; samesite=lax; httponly',
    ])
    expect((await browser.get('/page')).body).toBe('<ul></ul>\n')
  })
})

describe('cookies', () => {
  it('writes the message cookie raw and unsigned by Koa even with app.keys, with exact attributes', async () => {
    const { browser, app } = await start()
    expect(app.app.keys).toHaveLength(1)
    const added = await browser.post('/add/info', { messages: ['Hello, "world"; ok?'] })
    expect(added.setCookies).toHaveLength(1)
    const [header] = added.setCookies
    expect(header).toMatch(/^messages=[A-Za-z0-9_\-.:]+; path=\/; samesite=lax; httponly$/)
    expect(parseSetCookie(header!).value.split(':')).toHaveLength(3)
    expect(added.setCookies.some((c) => c.startsWith('messages.sig'))).toBe(false)
    expect(await browser.texts()).toEqual(['Hello, "world"; ok?'])
  })

  it('honours the cookie options: name, domain, path, sameSite, maxAge as expires and max-age', async () => {
    const { browser } = await start({
      cookie: { name: 'flash', domain: 'example.com', path: '/', sameSite: 'strict', httpOnly: false },
      maxAge: 60,
    })
    const before = Date.now()
    const added = await browser.post('/add/info', { messages: ['x'] })
    const [header] = added.setCookies
    const expires = Date.parse(/expires=([^;]+)/.exec(header!)![1]!)
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 59_000)
    expect(expires).toBeLessThanOrEqual(Date.now() + 60_000)
    expect(header!.replace(/expires=[^;]+/, 'expires=X')).toMatch(
      /^flash=[A-Za-z0-9_\-.:]+; path=\/; expires=X; max-age=60; domain=example\.com; samesite=strict$/,
    )
  })

  it('cookie.secure over plain HTTP: the cookie is sent and the logger is told once how to fix it; behind app.proxy no warning', async () => {
    const { browser, errors, app } = await start({ cookie: { secure: true, sameSite: 'None' } })
    for (let i = 0; i < 2; i++) {
      const response = await browser.post('/add/info', { messages: ['x'] })
      expect(response.status).toBe(302)
      expect(response.setCookies[0]).toMatch(/^messages=[^;]+; path=\/; samesite=none; secure; httponly$/)
    }
    expect(errors).toEqual([])
    expect(app.warnings).toEqual([
      '@flash/koa: option "cookie.secure" is true, but a request came over plain HTTP, so browsers other than on ' +
        'http://localhost drop the message cookie and its messages are lost; behind a TLS-terminating proxy set ' +
        'app.proxy = true so Koa sees HTTPS, or use cookie.secure: false in development',
    ])
    const proxied = await start({ cookie: { secure: true, sameSite: 'None' } })
    proxied.app.app.proxy = true
    const response = await proxied.browser.app.request('/add/info', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ messages: ['x'] }),
    })
    expect(response.status).toBe(302)
    expect(response.setCookies[0]).toMatch(/^messages=[^;]+; path=\/; samesite=none; secure; httponly$/)
    expect(proxied.app.warnings).toEqual([])
  })
})

describe('untouched requests', () => {
  for (const session of [true, 'cookie'] as const) {
    it(`cost nothing with koa-session (${session === true ? 'external store' : 'cookie store'}): no Set-Cookie, no session read or write`, async () => {
      const { browser, app, sessionReads } = await start({}, { session })
      for (const path of ['/untouched', '/show', '/count']) {
        const response = await browser.get(path)
        expect(response.status).toBe(200)
        expect(response.setCookies).toEqual([])
      }
      await browser.add('info', ['in the cookie'])
      expect(await browser.get('/untouched').then((r) => r.setCookies)).toEqual([])
      expect(await browser.texts()).toEqual(['in the cookie'])
      expect(sessionReads()).toBe(0)
      expect(app.store.writes).toBe(0)
    })
  }
})

describe('koa-session', () => {
  const texts = randomTexts(5, 406)

  for (const session of [true, 'cookie'] as const) {
    const label = session === true ? 'external memory store' : 'cookie store'

    it(`fallback overflow (5 x 406 chars) goes to the session (${label}); all 5 come back in order`, async () => {
      const { browser, app, sessionReads } = await start({}, { session })
      const added = await browser.add('info', texts)
      expect(added.setCookies.map((c) => parseSetCookie(c).name).sort()).toEqual(
        ['koa.sess', 'koa.sess.sig', 'messages'].sort(),
      )
      expect(sessionReads()).toBeGreaterThan(0)
      expect(app.store.writes).toBe(session === true ? 1 : 0)
      expect(await browser.texts()).toEqual(texts)
      expect(await browser.texts()).toEqual([])
      expect(app.warnings).toEqual([])
    })

    it(`session storage keeps messages in the session (${label}), under the key "messages"`, async () => {
      const { browser, app } = await start({ storage: 'session' }, { session })
      const added = await browser.add('success', ['saved'])
      expect(added.setCookies.some((c) => c.startsWith('messages='))).toBe(false)
      if (session === true) {
        expect([...app.store.data.values()].map((v) => JSON.parse(v).messages)).toEqual([
          '[["__json_message", 0, 25, "saved", ""]]',
        ])
      }
      await browser.add('info', ['again'])
      expect(await browser.texts()).toEqual(['saved', 'again'])
      expect(await browser.texts()).toEqual([])
    })
  }

  it('a message added after a logout (ctx.session = null) starts a fresh session', async () => {
    const logout = async (ctx: Context, next: Next) => {
      if (ctx.path !== '/logout') return next()
      ctx.session = null
      success(ctx, 'Signed out.')
      ctx.redirect('/show')
    }
    const { browser } = await start({ storage: 'session' }, { session: true, extra: [logout] })
    await browser.add('info', ['before'])
    expect((await browser.post('/logout')).status).toBe(302)
    expect(await browser.texts()).toEqual(['Signed out.'])
  })

  it('storage "session" without koa-session fails on first use with an error naming the fix', async () => {
    const { browser, errors } = await start({ storage: 'session' }, { session: false })
    expect((await browser.post('/add/info', { messages: ['x'] })).status).toBe(500)
    expect((await browser.get('/show')).status).toBe(500)
    const expected =
      '@flash/koa: storage "session" needs a session, but this request has none; mount koa-session before ' +
      '@flash/koa (app.use(session(app)), then app.use(flash(...))), or use storage: "cookie"'
    // The read fails in the handler, then storing on the error path fails again and is reported
    // separately: the handler's error stays the one Koa answers with.
    expect(errors).toEqual([expected, expected, expected].map((m) => new FlashConfigError(m)))
  })
})

describe('errors downstream', () => {
  for (const storage of ['cookie', 'fallback'] as const) {
    it(`Koa's default error handler: the error is delivered and the message cookie survives (${storage})`, async () => {
      const { browser, errors } = await start({ storage }, { errorPage: false })
      const response = await browser.post('/error-after-add')
      expect(response.status).toBe(500)
      expect(response.body).toBe('Internal Server Error')
      expect(flashCookies(response.setCookies)).toHaveLength(1)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatchObject({ message: 'crash after adding a message', status: 500 })
      expect((errors[0] as { headers: Record<string, string[]> }).headers['set-cookie']).toEqual(
        flashCookies(response.setCookies),
      )
      expect(await browser.texts()).toEqual(['before the crash'])
    })
  }

  it('keeps the headers the error already carries', async () => {
    const crash = async (ctx: Context, next: Next) => {
      if (ctx.path !== '/teapot') return next()
      success(ctx, 'brewed')
      throw Object.assign(new Error('short and stout'), {
        status: 418,
        expose: true,
        headers: { 'Set-Cookie': 'other=1; path=/', 'x-kept': 'yes' },
      })
    }
    const { browser } = await start({}, { errorPage: false, extra: [crash] })
    const response = await browser.get('/teapot')
    expect(response.status).toBe(418)
    expect(response.body).toBe('short and stout')
    expect(response.header('x-kept')).toBe('yes')
    expect(response.setCookies.map((c) => parseSetCookie(c).name)).toEqual(['other', 'messages'])
    expect(await browser.texts()).toEqual(['brewed'])
  })

  it('a persistence failure after a downstream error does not replace the original error', async () => {
    const { browser, errors } = await start({ storage: 'cookie', strict: true, maxCookieSize: 50 })
    const response = await browser.post('/error-after-add')
    expect(response.status).toBe(500)
    expect(errors).toHaveLength(2)
    expect(errors[0]).toBeInstanceOf(MessagesNotStoredError)
    expect(errors[1]).toMatchObject({ message: 'crash after adding a message' })
  })
})

describe('messages that cannot be stored', () => {
  // With maxCookieSize 200, only the newest of these fits in the cookie.
  const THREE = [
    'Saved the draft of your first essay.',
    'Uploaded 3 photos to the album Summer.',
    'Sent the invitation to Ada Lovelace.',
  ]

  it('are reported through the logger, with count and texts', async () => {
    const { browser, app } = await start({ storage: 'cookie', maxCookieSize: 200 })
    await browser.add('info', THREE)
    expect(app.warnings).toEqual([
      '@flash/koa: 2 messages could not be stored and will not be shown (the message cookie is limited to 200 ' +
        'characters and cookie storage drops the oldest): "Saved the draft of your first essay.", "Uploaded 3 photos to the album Summer."',
    ])
    expect(await browser.texts()).toEqual([THREE[2]])
  })

  it('fallback without koa-session reports what the cookie could not hold', async () => {
    const { browser, app } = await start({}, { session: false })
    const texts = randomTexts(5, 406)
    await browser.add('info', texts)
    expect(app.warnings).toHaveLength(1)
    expect(app.warnings[0]).toMatch(
      /^@flash\/koa: 1 message could not be stored and will not be shown \(the message cookie is limited to 2048 characters and this request has no session to take the rest\)/,
    )
    expect(await browser.texts()).toEqual(texts.slice(0, 4))
  })

  it('with strict: true are an error instead (MessagesNotStoredError through Koa error handling)', async () => {
    const { browser, app, errors } = await start({ storage: 'cookie', maxCookieSize: 200, strict: true })
    const response = await browser.post('/add/info', { messages: THREE })
    expect(response.status).toBe(500)
    expect(app.warnings).toEqual([])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(MessagesNotStoredError)
    expect((errors[0] as MessagesNotStoredError).unstored.map(String)).toEqual(THREE.slice(0, 2))
  })
})

describe('nothing is lost silently (issue 13)', () => {
  const thirty = randomTexts(30, 300, 13)
  /** Adds the request's texts, then throws `thrown` (Koa's default error handler answers). */
  const addThenThrow =
    (thrown: unknown): Middleware =>
    async (ctx, next) => {
      if (ctx.path !== '/add-then-throw') return next()
      for (const text of (ctx.request.body as { messages: string[] }).messages) success(ctx, text)
      throw thrown
    }

  it("a thrown value that is not an Error keeps the messages through Koa's default error handler", async () => {
    const { browser, errors } = await start({}, { errorPage: false, extra: [addThenThrow('not an Error')] })
    const response = await browser.post('/add-then-throw', { messages: ['before the crash'] })
    expect(response.status).toBe(500)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ message: 'non-error thrown: "not an Error"', cause: 'not an Error' })
    expect(await browser.texts()).toEqual(['before the crash'])
  })

  it('the error path keeps the session cookie koa-session creates for the fallback overflow: all 30 shown', async () => {
    const { browser } = await start(
      {},
      { session: true, errorPage: false, extra: [addThenThrow(new Error('x'))] },
    )
    const response = await browser.post('/add-then-throw', { messages: thirty })
    expect(response.status).toBe(500)
    expect(response.setCookies.map((c) => parseSetCookie(c).name).sort()).toEqual(
      ['koa.sess', 'koa.sess.sig', 'messages'].sort(),
    )
    expect(await browser.texts()).toEqual(thirty)
  })

  it('the error path keeps every cookie the request wrote, e.g. a custom storage cookie', async () => {
    const own = async (ctx: Context, next: Next) => {
      ctx.cookies.set('theme', 'dark', { signed: false })
      await next()
    }
    const { browser } = await start({}, { errorPage: false, extra: [own, addThenThrow(new Error('x'))] })
    const response = await browser.post('/add-then-throw', { messages: ['kept'] })
    expect(response.setCookies.map((c) => parseSetCookie(c).name)).toEqual(['theme', 'messages'])
  })

  it('koa-session kept in its cookie: the fallback overflow beyond what a cookie holds is reported, not lost silently', async () => {
    const { browser, app } = await start({}, { session: 'cookie' })
    const added = await browser.add('info', thirty)
    const sessionCookie = added.setCookies.find((c) => c.startsWith('koa.sess='))!
    // What Chromium keeps: name and value under 4096 bytes.
    expect(sessionCookie.split(';')[0]!.length).toBeLessThan(4096)
    const shown = await browser.texts()
    expect(app.warnings).toHaveLength(1)
    const lost = 30 - shown.length
    expect(app.warnings[0]).toMatch(
      new RegExp(
        `^@flash/koa: ${lost} messages could not be stored and will not be shown \\(the session is kept in a cookie, ` +
          'which browsers drop beyond 4096 bytes, so at most 2048 characters of messages go there and the oldest are ' +
          'dropped; use a server-side session store\\)',
      ),
    )
    expect(shown.length).toBeGreaterThan(10)
    expect(lost).toBeGreaterThan(10)
  })

  it('koa-session with a store takes the whole overflow: all 30 shown, nothing reported', async () => {
    const { browser, app } = await start({}, { session: true })
    await browser.add('info', thirty)
    expect(await browser.texts()).toEqual(thirty)
    expect(app.warnings).toEqual([])
  })

  for (const storage of ['session', 'fallback'] as const) {
    it(`koa-session mounted after flash() fails with the fix instead of losing messages (${storage})`, async () => {
      const { createSession } = await import('koa-session')
      const Koa = (await import('koa')).default
      const app = new Koa()
      app.keys = ['k']
      app.silent = true
      const errors: unknown[] = []
      app.on('error', (error) => errors.push(error))
      app.use(flash({ secret: SECRET, storage }))
      app.use(createSession({ key: 'koa.sess' }, app))
      app.use((ctx) => {
        for (const text of thirty) success(ctx, text)
        ctx.redirect('/')
      })
      const server = await listen(app)
      running.push(server.close)
      const response = await server.request('/')
      expect(response.status).toBe(500)
      expect(errors.map(String)).toContain(
        'FlashConfigError: @flash/koa: koa-session runs after flash(), so it saves the session before flash writes ' +
          'to it and the messages are lost; mount it first: app.use(session(app)) then app.use(flash(...))',
      )
    })
  }
})
