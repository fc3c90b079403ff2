/**
 * The plugin itself: decorators, registration errors, the cookie it writes, what an untouched
 * request costs, and how unstored messages are reported.
 */
import cookie from '@fastify/cookie'
import secureSession from '@fastify/secure-session'
import session from '@fastify/session'
import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it, vi } from 'vitest'
import flash, {
  CookieStorage,
  FallbackStorage,
  type FlashConfig,
  FlashConfigError,
  type FlashFastifyOptions,
  type FlashSeam,
  getMessages,
  MessagesNotStoredError,
  flash as namedFlash,
  SessionStorage,
  STORAGE,
  storageOf,
  success,
  webCrypto,
} from '../src/index.js'
import { Client, countingCrypto, randomTexts, setCookies, TOO_LATE } from './client.js'
import { LogCapture, SESSION_SECRET } from './harness.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'
const SIGNED_VALUE = /^[A-Za-z0-9_.-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}$/
const FIVE_LONG = randomTexts(5, 406)

/** An app with the add/show routes most tests need; `logs` gets every warn-level log line. */
async function appWith(options: FlashFastifyOptions, logs = new LogCapture()) {
  const app = Fastify({ logger: { level: 'warn', stream: logs.stream } })
  await app.register(cookie)
  await app.register(flash, options)
  addRoutes(app)
  return { app, logs }
}

function addRoutes(app: FastifyInstance) {
  app.post<{ Body: { messages: string[] } }>('/add', async (request, reply) => {
    for (const text of request.body.messages) success(request, text)
    return reply.redirect('/show')
  })
  app.get('/show', async (request) => ({ texts: [...getMessages(request)].map(String) }))
  app.get('/untouched', async () => 'ok')
}

async function registrationError(register: (app: FastifyInstance) => PromiseLike<unknown>): Promise<Error> {
  const app = Fastify()
  try {
    await register(app)
    await app.ready()
  } catch (error) {
    return error as Error
  } finally {
    await app.close().catch(() => {})
  }
  throw new Error('registration succeeded')
}

describe('registration', () => {
  it('twice in one context fails at startup with a FlashConfigError naming the fix', async () => {
    const error = await registrationError(async (app) => {
      await app.register(cookie)
      await app.register(flash, { secret: SECRET })
      await app.register(flash, { secret: SECRET })
    })
    expect(error).toBeInstanceOf(FlashConfigError)
    expect(error.message).toBe(
      '@flash/fastify: the plugin is registered twice in one context (here or in a parent); register it ' +
        'once, at the root, for every route, or once in each sibling context that needs its own options',
    )
  })
})

describe('decorators', () => {
  it('the default export is the named export, a fastify-plugin named @flash/fastify', async () => {
    expect(flash).toBe(namedFlash)
    const { app } = await appWith({ secret: SECRET })
    await app.ready()
    expect(app.hasPlugin('@flash/fastify')).toBe(true)
    expect(app.hasRequestDecorator('messages')).toBe(true)
    expect(app.hasRequestDecorator(STORAGE)).toBe(true)
  })

  it('request.messages is the configured storage, the one the core API finds', async () => {
    const seen: unknown[] = []
    for (const storage of ['fallback', 'cookie', 'session'] as const) {
      const app = Fastify()
      await app.register(cookie)
      await app.register(flash, { secret: SECRET, storage })
      await app.register(session, { secret: SESSION_SECRET })
      app.get('/storage', async (request) => {
        seen.push(request.messages.constructor, storageOf(request) === request.messages)
        return 'ok'
      })
      expect((await app.inject('/storage')).statusCode).toBe(200)
    }
    expect(seen).toEqual([FallbackStorage, true, CookieStorage, true, SessionStorage, true])
  })

  it('a request answered by an earlier hook is tolerated: no storage, no Set-Cookie, no error', async () => {
    const app = Fastify()
    await app.register(cookie)
    app.addHook('onRequest', async (request, reply) => {
      if (request.url === '/early') return reply.code(403).send('no')
    })
    await app.register(flash, { secret: SECRET })
    app.get('/early', async () => 'unreachable')
    const response = await app.inject('/early')
    expect(response.statusCode).toBe(403)
    expect(response.body).toBe('no')
    expect(setCookies(response)).toEqual([])
  })
})

describe('after the response', () => {
  /** A plain `Fastify()` whose onResponse hook adds a message; what the add threw, per URL. */
  async function lateApp(options: FlashFastifyOptions) {
    const failures: string[] = []
    const app = Fastify()
    await app.register(cookie)
    await app.register(flash, options)
    app.addHook('onResponse', async (request) => {
      try {
        success(request, 'too late')
      } catch (error) {
        failures.push(`${request.url}: ${(error as Error).name}: ${(error as Error).message}`)
      }
    })
    addRoutes(app)
    return { client: new Client(app), failures }
  }

  it('a message added in onResponse is refused with one accurate report on console.warn (Fastify() logs nothing), touched or not', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    try {
      const { client, failures } = await lateApp({ secret: SECRET })
      await client.get('/untouched')
      await client.post('/add', { messages: ['in time'] })
      expect((await client.get('/show')).json()).toEqual({ texts: ['in time'] })
      expect(failures).toEqual([])
      expect(warn.mock.calls.map((call) => call[0])).toEqual([TOO_LATE, TOO_LATE, TOO_LATE])
    } finally {
      warn.mockRestore()
    }
  })

  it('strict: it throws MessagesNotStoredError with the same text where the message is added', async () => {
    const { client, failures } = await lateApp({ secret: SECRET, strict: true })
    await client.get('/untouched')
    await client.post('/add', { messages: ['in time'] })
    expect(failures).toEqual([
      `/untouched: MessagesNotStoredError: ${TOO_LATE}`,
      `/add: MessagesNotStoredError: ${TOO_LATE}`,
    ])
  })
})

describe('registration errors', () => {
  it('a missing secret', async () => {
    const error = await registrationError(async (app) => {
      await app.register(cookie)
      await app.register(flash as never)
    })
    expect(error).toBeInstanceOf(FlashConfigError)
    expect(error.message).toBe(
      '@flash/fastify: option "secret" is required: a non-empty string, or a non-empty list of them (the first signs, all verify)',
    )
  })

  it('a bad option value names the option', async () => {
    const error = await registrationError(async (app) => {
      await app.register(cookie)
      await app.register(flash, { secret: SECRET, storage: 'redis' as never })
    })
    expect(error).toBeInstanceOf(FlashConfigError)
    expect(error.message).toBe(
      '@flash/fastify: option "storage" must be "fallback", "cookie", "session" or a function, got "redis"',
    )
  })

  it('an unknown option names it', async () => {
    const error = await registrationError(async (app) => {
      await app.register(cookie)
      await app.register(flash, { secret: SECRET, cookie: { name: 'flash', maxAge: 10 } } as never)
    })
    expect(error.message).toBe(
      '@flash/fastify: option "cookie.maxAge" is not a cookie option; known: name, domain, path, secure, httpOnly, sameSite',
    )
  })

  it('@fastify/cookie is required', async () => {
    const error = await registrationError((app) => app.register(flash, { secret: SECRET }))
    expect((error as Error & { code: string }).code).toBe('FST_ERR_PLUGIN_DEPENDENCY_NOT_REGISTERED')
    expect(error.message).toBe(
      "The dependency '@fastify/cookie' of plugin '@flash/fastify' is not registered",
    )
  })

  const ORDER =
    '@flash/fastify: a session plugin was registered before @flash/fastify, so it would save the session before ' +
    'the messages are stored; register @flash/fastify first, then @fastify/session or @fastify/secure-session ' +
    '(or use storage: "cookie")'

  for (const storage of ['fallback', 'session'] as const) {
    it(`storage "${storage}": @fastify/session registered before flash`, async () => {
      const error = await registrationError(async (app) => {
        await app.register(cookie)
        await app.register(session, { secret: SESSION_SECRET })
        await app.register(flash, { secret: SECRET, storage })
      })
      expect(error).toBeInstanceOf(FlashConfigError)
      expect(error.message).toBe(ORDER)
    })
  }

  it('@fastify/secure-session registered before flash', async () => {
    const error = await registrationError(async (app) => {
      await app.register(cookie)
      await app.register(secureSession, { key: Buffer.alloc(32, 7) })
      await app.register(flash, { secret: SECRET })
    })
    expect(error.message).toBe(ORDER)
  })

  it('storage "cookie" does not care where a session plugin is', async () => {
    const app = Fastify()
    await app.register(cookie)
    await app.register(session, { secret: SESSION_SECRET })
    await app.register(flash, { secret: SECRET, storage: 'cookie' })
    await expect(app.ready()).resolves.toBe(app)
    await app.close()
  })

  it('storage "session" without a session plugin fails when the app is ready', async () => {
    const error = await registrationError(async (app) => {
      await app.register(cookie)
      await app.register(flash, { secret: SECRET, storage: 'session' })
    })
    expect(error).toBeInstanceOf(FlashConfigError)
    expect(error.message).toBe(
      '@flash/fastify: storage "session" needs a session plugin; register @fastify/session or ' +
        '@fastify/secure-session after @flash/fastify, or use storage: "cookie"',
    )
  })

  it('a short secret is logged once at registration', async () => {
    const { app, logs } = await appWith({ secret: 'short' })
    await app.ready()
    await app.inject('/untouched')
    expect(logs.warnings()).toEqual([
      '@flash/fastify: option "secret" is shorter than 32 characters; use a long random secret in production',
    ])
  })
})

describe('the message cookie', () => {
  it('is written raw with HttpOnly; Path=/; SameSite=Lax, and deleted with the same attributes', async () => {
    const { app } = await appWith({ secret: SECRET })
    const client = new Client(app)
    const added = await client.post('/add', { messages: ['Saved: 100% done, see /notes?a=1&b=2'] })
    const [written] = setCookies(added)
    const value = client.cookies.get('messages')!
    expect(value).toMatch(SIGNED_VALUE)
    expect(written).toBe(`messages=${value}; Path=/; HttpOnly; SameSite=Lax`)
    expect(written).not.toContain('%')

    const shown = await client.get('/show')
    expect(shown.json()).toEqual({ texts: ['Saved: 100% done, see /notes?a=1&b=2'] })
    expect(setCookies(shown)).toEqual([
      'messages=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    ])
  })

  it('stays raw when the app gives @fastify/cookie an encoder for every cookie', async () => {
    const app = Fastify()
    await app.register(cookie, { parseOptions: { encode: encodeURIComponent } as never })
    await app.register(flash, { secret: SECRET })
    addRoutes(app)
    app.get('/other', async (_request, reply) => reply.setCookie('other', 'a:b').send('ok'))
    const [written] = setCookies(
      await app.inject({ method: 'POST', url: '/add', payload: { messages: ['x'] } }),
    )
    expect(written).toMatch(
      /^messages=[A-Za-z0-9_.-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Lax$/,
    )
    expect(setCookies(await app.inject('/other'))).toEqual(['other=a%3Ab; SameSite=Lax'])
  })

  it('takes the name, domain, path, secure, sameSite and maxAge options', async () => {
    const { app } = await appWith({
      secret: SECRET,
      maxAge: 60,
      cookie: { name: 'flash', domain: 'example.com', path: '/app', secure: true, sameSite: 'strict' },
    })
    app.post('/app/add', async (request) => {
      success(request, 'hello')
      return 'ok'
    })
    const [written] = setCookies(await app.inject({ method: 'POST', url: '/app/add' }))
    expect(written).toMatch(
      /^flash=[A-Za-z0-9_.-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}; Max-Age=60; Domain=example\.com; Path=\/app; HttpOnly; Secure; SameSite=Strict$/,
    )
  })

  it('sameSite: false and httpOnly: false leave the attributes out', async () => {
    const { app } = await appWith({ secret: SECRET, cookie: { sameSite: false, httpOnly: false } })
    const [written] = setCookies(
      await app.inject({ method: 'POST', url: '/add', payload: { messages: ['x'] } }),
    )
    expect(written).toMatch(/^messages=[A-Za-z0-9_.-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}; Path=\/$/)
  })

  it('a percent-encoded copy of a valid cookie is not accepted (the signature covers the raw value)', async () => {
    const { app } = await appWith({ secret: SECRET, storage: 'cookie' })
    const client = new Client(app)
    await client.post('/add', { messages: ['genuine'] })
    const value = client.cookies.get('messages')!
    const encoded = await app.inject({ url: '/show', cookies: { messages: encodeURIComponent(value) } })
    expect(encoded.statusCode).toBe(200)
    expect(encoded.json()).toEqual({ texts: [] })
    const raw = await app.inject({ url: '/show', headers: { cookie: `other=1; messages=${value}` } })
    expect(raw.json()).toEqual({ texts: ['genuine'] })
  })
})

describe('cost', () => {
  it('no message cookie and no use: no crypto, no Set-Cookie, no session write', async () => {
    const crypto = countingCrypto()
    const app = Fastify()
    let writes = 0
    await app.register(cookie)
    await app.register(flash, { secret: SECRET, crypto })
    await app.register(session, {
      secret: SESSION_SECRET,
      saveUninitialized: false,
      cookie: { secure: false },
      store: {
        get: (_id, callback) => callback(null, null),
        set: (_id, _session, callback) => callback(void writes++),
        destroy: (_id, callback) => callback(void writes++),
      },
    })
    addRoutes(app)
    await app.ready()
    const calls = crypto.calls
    const untouched = await app.inject('/untouched')
    expect(untouched.body).toBe('ok')
    expect(setCookies(untouched)).toEqual([])
    const read = await app.inject('/show')
    expect(read.json()).toEqual({ texts: [] })
    expect(setCookies(read)).toEqual([])
    expect(crypto.calls - calls).toBe(0)
    expect(writes).toBe(0)
  })

  it('node:crypto (the default) adds no preHandler: messages are read on first use', async () => {
    const { app } = await appWith({ secret: SECRET })
    await app.ready()
    expect(app.printRoutes({ includeHooks: true })).not.toContain('preHandler')
    const client = new Client(app)
    await client.post('/add', { messages: ['read on first use'] })
    expect((await client.get('/show')).json()).toEqual({ texts: ['read on first use'] })
  })

  it.each([
    ['Web Crypto', { crypto: webCrypto }],
    [
      'a custom storage',
      { storage: (seam: FlashSeam, config: FlashConfig) => new CookieStorage(seam, config) },
    ],
  ] as const)(
    '%s may read asynchronously: messages are loaded in preHandler, before the handler',
    async (_name, options) => {
      const { app } = await appWith({ secret: SECRET, ...options })
      await app.ready()
      expect(app.printRoutes({ includeHooks: true })).toContain('preHandler')
      const client = new Client(app)
      await client.post('/add', { messages: ['one', 'two'] })
      expect((await client.get('/show')).json()).toEqual({ texts: ['one', 'two'] })
      expect((await client.get('/show')).json()).toEqual({ texts: [] })
    },
  )

  it('a message cookie on an untouched request is left alone', async () => {
    const { app } = await appWith({ secret: SECRET })
    const client = new Client(app)
    await client.post('/add', { messages: ['later'] })
    expect(setCookies(await client.get('/untouched'))).toEqual([])
    expect((await client.get('/show')).json()).toEqual({ texts: ['later'] })
  })
})

describe('unstored messages', () => {
  it('cookie storage drops the oldest and logs the count and texts through request.log.warn', async () => {
    const { app, logs } = await appWith({ secret: SECRET, storage: 'cookie' })
    const client = new Client(app)
    expect((await client.post('/add', { messages: FIVE_LONG })).statusCode).toBe(302)
    const warnings = logs.records.filter((r) => r.level === 40)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]!.msg).toBe(
      '@flash/fastify: 1 message could not be stored and will not be shown (the message cookie is limited to ' +
        `2048 characters and cookie storage drops the oldest): "${FIVE_LONG[0]!.slice(0, 80)}"`,
    )
    expect(warnings[0]!.unstored).toEqual([{ level: 25, message: FIVE_LONG[0] }])
    expect(warnings[0]!.reqId).toBe('req-1')
    expect((await client.get('/show')).json()).toEqual({ texts: FIVE_LONG.slice(1) })
  })

  it('fallback storage without a session keeps what fits in the cookie and logs the rest', async () => {
    const { app, logs } = await appWith({ secret: SECRET })
    const client = new Client(app)
    await client.post('/add', { messages: FIVE_LONG })
    expect(logs.warnings()).toEqual([
      '@flash/fastify: 1 message could not be stored and will not be shown (the message cookie is limited to ' +
        `2048 characters and this request has no session to take the rest): "${FIVE_LONG[4]!.slice(0, 80)}"`,
    ])
    expect((await client.get('/show')).json()).toEqual({ texts: FIVE_LONG.slice(0, 4) })
  })

  it('strict: true turns the overflow into an error (500), persisted once', async () => {
    const { app, logs } = await appWith({ secret: SECRET, strict: true })
    const errors: unknown[] = []
    app.setErrorHandler((error, _request, reply) => {
      errors.push(error)
      return reply.code(500).send({ error: (error as Error).name })
    })
    const client = new Client(app)
    const response = await client.post('/add', { messages: FIVE_LONG })
    expect(response.statusCode).toBe(500)
    expect(response.json()).toEqual({ error: 'MessagesNotStoredError' })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(MessagesNotStoredError)
    expect((errors[0] as MessagesNotStoredError).unstored.map(String)).toEqual([FIVE_LONG[4]])
    expect(setCookies(response).filter((c) => c.startsWith('messages='))).toHaveLength(1)
    // The error page showed none, so it stored them again as it left them (failed-finish.test.ts):
    // what fits went out, and the rest is reported, as on Express.
    expect(logs.warnings()).toEqual([
      '@flash/fastify: 1 message could not be stored and will not be shown (the message cookie is limited to ' +
        `2048 characters and this request has no session to take the rest): "${FIVE_LONG[4]!.slice(0, 80)}"`,
    ])
  })
})
