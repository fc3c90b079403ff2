/**
 * An app's error middleware mounted outside flash() that catches the error and throws another
 * (`catch (e) { throw new AppError('Something broke', { cause: e }) }`). Koa's default error handler
 * removes every response header and sets only the headers of the error it answers: what @flash
 * wrote (the message cookie, koa-session's cookie, `HX-Trigger`, `Cache-Control: no-store`) must
 * ride on that final error, or it is lost. An error that cannot carry them (a read-only `headers`)
 * is reported.
 * Through a real `http.Server`, cookies carried back by the `fetch` client.
 */
import { randomTexts, SECRET } from '@flash/adapter-suite'
import Koa, { type Context, type Middleware } from 'koa'
import session from 'koa-session'
import { afterEach, describe, expect, it } from 'vitest'
import { flash, getMessages, type KoaFlashOptions, success } from '../src/index.js'
import { type Client, serve } from './client.js'
import { CountingStore } from './harness.js'

const running: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of running.splice(0)) await close()
})

class AppError extends Error {}

/** Five texts that do not compress: the message cookie (2048 characters) holds the last three. */
const FIVE = randomTexts(5, 600)

const LOST =
  "@flash/koa: 1 message could not be stored and will not be shown (Koa's error handler removes every " +
  'response header and answered an error whose "headers" cannot be replaced, so no cookie was sent; throw ' +
  'an error whose "headers" can be set, or answer the error in your error middleware (set ctx.status and ' +
  'ctx.body)): "Saved"'

/** An error class whose `headers` is a getter: the error gets an own `headers` that carries ours. */
class ServiceUnavailable extends Error {
  status = 503
  get headers(): Record<string, string> {
    return { 'Retry-After': '120' }
  }
}

/** What the app's error middleware, mounted outside flash(), does with the error it catches. */
const rethrows = {
  'a new Error': (cause: unknown) => new AppError('Something broke', { cause }),
  'a new Error with its own status and headers': (cause: unknown) =>
    Object.assign(new AppError('Form invalid', { cause }), {
      status: (cause as { status?: number }).status ?? 500,
      expose: true,
      headers: { 'X-Request-Id': 'r-1', 'Set-Cookie': ['app=1; path=/'], 'Cache-Control': 'public' },
    }),
  'a value that is not an Error': () => 'broken',
  'an Error whose headers is a getter': (cause: unknown) => new ServiceUnavailable('Try later', { cause }),
  'an Error whose headers are read-only': (cause: unknown) =>
    Object.defineProperty(new AppError('Something broke', { cause }), 'headers', {
      value: { 'X-Request-Id': 'r-1' },
    }),
  'the same error': (cause: unknown) => cause,
} as const
type Rethrow = keyof typeof rethrows

type Sessions = 'none' | 'koa-session store' | 'koa-session cookie'

async function start(
  storage: NonNullable<KoaFlashOptions['storage']>,
  sessions: Sessions,
  rethrow: Rethrow,
  options: Partial<KoaFlashOptions> = {},
) {
  const app = new Koa()
  app.keys = ['error-rethrown-key-0123456789']
  app.silent = true
  const errors: unknown[] = []
  app.on('error', (error) => errors.push(error))
  const warnings: string[] = []
  /** Whether the request's ctx had an own `onerror` when the response was done. */
  const ownOnerror: boolean[] = []
  app.use(async (ctx, next) => {
    try {
      await next()
    } finally {
      ownOnerror.push(Object.hasOwn(ctx, 'onerror'))
    }
  })
  const errorMiddleware: Middleware = async (_ctx, next) => {
    try {
      await next()
    } catch (error) {
      throw rethrows[rethrow](error)
    }
  }
  app.use(errorMiddleware)
  if (sessions !== 'none') {
    const store = sessions === 'koa-session store' ? { store: new CountingStore() } : {}
    app.use(session({ key: 'koa.sess', ...store }, app))
  }
  app.use(flash({ secret: SECRET, storage, logger: { warn: (text) => warnings.push(text) }, ...options }))
  app.use((ctx: Context) => {
    if (ctx.path === '/save') {
      success(ctx, 'Saved')
      throw new Error('database down')
    }
    if (ctx.path === '/invalid') {
      success(ctx, 'Saved')
      ctx.throw(422, 'Invalid form')
    }
    if (ctx.path === '/throw-only') throw new Error('nothing to carry')
    if (ctx.path === '/add-many') {
      for (const text of FIVE) success(ctx, text)
      ctx.body = 'saved'
      return
    }
    ctx.body = [...getMessages(ctx)].map(String)
  })
  const served = await serve(app)
  running.push(served.close)
  return { client: served.client, errors, warnings, ownOnerror }
}

const shown = async (client: Client) => (await (await client.get('/show')).json()) as string[]
const cookieNames = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((line) => line.split('=')[0])
    .sort()

describe.each([
  ['cookie', 'none'],
  ['cookie', 'koa-session cookie'],
  ['session', 'koa-session store'],
  ['session', 'koa-session cookie'],
  ['fallback', 'koa-session store'],
] as const)('storage %s, %s', (storage, sessions) => {
  /** The cookies the error response must carry for the next page to show the message. */
  const carried = storage === 'session' ? ['koa.sess', 'koa.sess.sig'] : ['messages']

  it.each(['a new Error', 'a value that is not an Error', 'the same error'] as const)(
    'the error middleware outside flash() throws %s: the message cookie rides on it',
    async (rethrow) => {
      const { client, errors, warnings } = await start(storage, sessions, rethrow)
      const response = await client.post('/save')
      expect(response.status).toBe(500)
      expect(await response.text()).toBe('Internal Server Error')
      expect(cookieNames(response)).toEqual(carried)
      expect(errors).toHaveLength(1)
      const answered = errors[0] as Error & { headers: Record<string, unknown> }
      expect(answered.message).toBe(
        rethrow === 'a new Error'
          ? 'Something broke'
          : rethrow === 'the same error'
            ? 'database down'
            : 'non-error thrown: "broken"',
      )
      expect(Object.keys(answered.headers)).toContain('set-cookie')
      expect(await shown(client)).toEqual(['Saved'])
      expect(warnings).toEqual([])
    },
  )

  it('the new error keeps its own headers and cookies; a header @flash set is ours', async () => {
    const { client, errors } = await start(storage, sessions, 'a new Error with its own status and headers')
    const response = await client.post('/invalid')
    expect(response.status).toBe(422)
    expect(await response.text()).toBe('Form invalid')
    expect(response.headers.get('x-request-id')).toBe('r-1')
    expect(cookieNames(response)).toEqual(['app', ...carried].sort())
    // The 422 page iterated nothing: its messages wait, and no-store is not @flash's to set.
    expect(response.headers.get('cache-control')).toBe('public')
    expect(errors).toMatchObject([{ message: 'Form invalid', status: 422 }])
    expect(await shown(client)).toEqual(['Saved'])
  })

  it("an error class whose headers is a getter: the cookie rides on the error's own headers", async () => {
    const { client, warnings } = await start(storage, sessions, 'an Error whose headers is a getter')
    const response = await client.post('/save')
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('120')
    expect(cookieNames(response)).toEqual(carried)
    expect(await shown(client)).toEqual(['Saved'])
    expect(warnings).toEqual([])
  })

  it('an error whose headers are read-only cannot carry the cookie: the message is reported', async () => {
    const { client, errors, warnings } = await start(
      storage,
      sessions,
      'an Error whose headers are read-only',
    )
    const response = await client.post('/save')
    expect(response.status).toBe(500)
    expect(response.headers.get('x-request-id')).toBe('r-1')
    expect(cookieNames(response)).toEqual([])
    expect(errors).toMatchObject([{ message: 'Something broke' }])
    expect(warnings).toEqual([LOST])
    // The session's store may still hold what was committed for a visitor who already had one;
    // this visitor's first request had no session cookie to find it with.
    expect(await shown(client)).toEqual([])
  })
})

describe('htmx, a 422 rethrown as a new error by a middleware outside flash()', () => {
  it('HX-Trigger with the message and Cache-Control: no-store ride on the new error', async () => {
    const { client } = await start('cookie', 'none', 'a new Error with its own status and headers', {
      htmx: true,
    })
    const response = await client.send('/invalid', { method: 'POST', headers: { 'HX-Request': 'true' } })
    expect(response.status).toBe(422)
    expect(JSON.parse(response.headers.get('hx-trigger')!)).toEqual({
      messages: [
        { level: 25, levelTag: 'success', extraTags: '', tags: 'success', safe: false, message: 'Saved' },
      ],
    })
    // The messages went out: @flash's no-store replaces the new error's own "public".
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.get('x-request-id')).toBe('r-1')
    expect(await shown(client)).toEqual([])
  })
})

describe('strict: true, persisting throws after the handler returned, rethrown as a new error', () => {
  it('the cookie with what fitted rides on the new error, and the next page shows it', async () => {
    const { client, errors } = await start('cookie', 'none', 'a new Error', { strict: true })
    const response = await client.post('/add-many')
    expect(response.status).toBe(500)
    expect(cookieNames(response)).toEqual(['messages'])
    expect(errors).toMatchObject([{ message: 'Something broke' }])
    expect(await shown(client)).toEqual(FIVE.slice(2))
  })
})

describe('costs nothing where nothing rides on an error', () => {
  it('an own ctx.onerror only on a request whose error carries what @flash wrote', async () => {
    const { client, ownOnerror } = await start('cookie', 'none', 'a new Error')
    expect((await client.get('/show')).status).toBe(200)
    expect((await client.get('/throw-only')).status).toBe(500)
    expect((await client.post('/save')).status).toBe(500)
    expect(ownOnerror).toEqual([false, false, true])
  })
})
