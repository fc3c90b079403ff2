/**
 * hono-sessions (get/set/forget) with the default `c.get('session')` lookup, the `session`
 * option, and the middleware order check.
 */
import { type Context, Hono } from 'hono'
import { CookieStore, MemoryStore, sessionMiddleware } from 'hono-sessions'
import { describe, expect, test } from 'vitest'
import {
  FlashConfigError,
  type FlashEnv,
  type FlashSession,
  flash,
  getMessages,
  type HonoFlashOptions,
  info,
} from '../src/index.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

const KEY = 'an-encryption-key-of-at-least-32-characters'

function randomText(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}

function appWith(store: 'memory' | 'cookie', options: Partial<HonoFlashOptions>) {
  const logged: string[] = []
  const app = new Hono<FlashEnv>()
  app.use(
    sessionMiddleware({
      store: store === 'memory' ? new MemoryStore() : new CookieStore(),
      encryptionKey: KEY,
      expireAfterSeconds: 900,
      cookieOptions: { path: '/', httpOnly: true, sameSite: 'Lax' },
    }),
  )
  app.use(flash({ secret: SECRET, logger: (text) => logged.push(text), ...options }))
  app.post('/add', async (c) => {
    for (const text of (await c.req.json()) as string[]) info(c, text)
    return c.redirect('/show')
  })
  app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  return { app, logged }
}

describe.each(['memory', 'cookie'] as const)('hono-sessions with the %s store', (store) => {
  test('fallback: 5 x 406 random characters overflow into the session; all 5 shown next, in order', async () => {
    const { app, logged } = appWith(store, {})
    const b = browser((path, init) => app.request(path, init))
    const texts = Array.from({ length: 5 }, () => randomText(406))
    const added = await b.request('/add', { method: 'POST', json: texts })
    expect(added.status).toBe(302)
    const messageCookie = added.setCookies.find((l) => l.startsWith('messages='))!
    expect(messageCookie.split(';')[0]!.length).toBeLessThanOrEqual(2048 + 'messages='.length)
    expect(JSON.parse((await b.request('/show')).text)).toEqual(texts)
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
    expect(logged).toEqual([])
  })

  test('session storage: no message cookie, shown once', async () => {
    const { app } = appWith(store, { storage: 'session' })
    const b = browser((path, init) => app.request(path, init))
    const added = await b.request('/add', { method: 'POST', json: ['one', 'two'] })
    expect(added.setCookies.some((l) => l.startsWith('messages='))).toBe(false)
    expect(JSON.parse((await b.request('/show')).text)).toEqual(['one', 'two'])
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
  })
})

describe('30 messages of 300 characters (issue 13: a session kept in a cookie)', () => {
  const thirty = Array.from({ length: 30 }, () => randomText(300))

  test('CookieStore: what a cookie cannot hold is reported, and the session cookie stays under 4096 bytes', async () => {
    const { app, logged } = appWith('cookie', {})
    const b = browser((path, init) => app.request(path, init))
    const added = await b.request('/add', { method: 'POST', json: thirty })
    const sessionCookie = added.setCookies.filter((l) => l.startsWith('session=')).at(-1)!
    expect(sessionCookie.split(';')[0]!.length).toBeLessThan(4096)
    const shown = JSON.parse((await b.request('/show')).text) as string[]
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatch(
      new RegExp(
        `^@flash/hono: ${30 - shown.length} messages could not be stored and will not be shown \\(the session is kept ` +
          'in a cookie, which browsers drop beyond 4096 bytes, so at most 2048 characters of messages go there',
      ),
    )
    expect(shown.length).toBeGreaterThan(10)
    expect(shown.length).toBeLessThan(20)
  })

  test('MemoryStore takes the whole overflow: all 30 shown, nothing reported', async () => {
    const { app, logged } = appWith('memory', {})
    const b = browser((path, init) => app.request(path, init))
    await b.request('/add', { method: 'POST', json: thirty })
    expect(JSON.parse((await b.request('/show')).text)).toEqual(thirty)
    expect(logged).toEqual([])
  })
})

describe('the session option', () => {
  test('finds a session elsewhere, with delete instead of forget', async () => {
    const data = new Map<string, unknown>()
    const writes: string[] = []
    const session: FlashSession = {
      get: (key) => data.get(key),
      set: (key, value) => {
        writes.push(`set ${key}`)
        data.set(key, value)
      },
      delete: (key) => {
        writes.push(`delete ${key}`)
        data.delete(key)
      },
    }
    const app = new Hono<FlashEnv>()
    app.use(flash({ secret: SECRET, storage: 'session', session: () => session }))
    app.post('/add', (c) => {
      info(c, 'kept in my session')
      return c.text('ok')
    })
    app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
    app.get('/untouched', (c) => c.text('ok'))
    await app.request('/add', { method: 'POST' })
    expect(data.get('_messages')).toBe('[["__json_message", 0, 20, "kept in my session", ""]]')
    await app.request('/untouched')
    expect(writes).toEqual(['set _messages'])
    expect(await (await app.request('/show')).json()).toEqual(['kept in my session'])
    expect(writes).toEqual(['set _messages', 'delete _messages'])
  })

  test('storage "session" without any session fails with the fix', async () => {
    let caught: unknown
    const app = new Hono<FlashEnv>()
    app.onError((err, c) => {
      caught = err
      return c.text('error', 500)
    })
    app.use(flash({ secret: SECRET, storage: 'session' }))
    app.post('/add', (c) => {
      info(c, 'lost?')
      return c.text('ok')
    })
    expect((await app.request('/add', { method: 'POST' })).status).toBe(500)
    expect(caught).toBeInstanceOf(FlashConfigError)
    expect((caught as Error).message).toBe(
      '@flash/hono: storage "session" needs a session, but this request has none; register a session ' +
        'middleware before flash() (e.g. hono-sessions: app.use(sessionMiddleware(...))), pass ' +
        'flash({ session: (c) => ... }) to say where the session is, or use storage: "cookie"',
    )
  })

  test('a session middleware registered after flash() is detected, since it would save first', async () => {
    let caught: unknown
    const app = new Hono<FlashEnv>()
    app.onError((err, c) => {
      caught = err
      return c.text('error', 500)
    })
    app.use(flash({ secret: SECRET, storage: 'session' }))
    app.use(sessionMiddleware({ store: new MemoryStore(), encryptionKey: KEY }))
    app.post('/add', (c: Context) => {
      info(c, 'lost?')
      return c.text('ok')
    })
    expect((await app.request('/add', { method: 'POST' })).status).toBe(500)
    expect(caught).toBeInstanceOf(FlashConfigError)
    expect((caught as Error).message).toMatch(
      /^@flash\/hono: the session middleware runs after flash\(\), so it saves the session before flash writes to it; register it first/,
    )
  })
})
