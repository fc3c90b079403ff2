/**
 * A logout that calls hono-sessions' `deleteSession()` and then adds messages: they start a new
 * session (a new id with a server-side store), shown on the next page, and the old session stays
 * deleted. Real @hono/node-server servers on 127.0.0.1, driven by `fetch`.
 */
import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import { CookieStore, MemoryStore, type Session, sessionMiddleware } from 'hono-sessions'
import { afterEach, describe, expect, test } from 'vitest'
import { type FlashEnv, flash, getMessages, type HonoFlashOptions, info } from '../src/index.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

const KEY = 'an-encryption-key-of-at-least-32-characters'
type Env = { Variables: FlashEnv['Variables'] & { session: Session } }

function randomText(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'
  const bytes = crypto.getRandomValues(new Uint8Array(length))
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('')
}

/** The ids a MemoryStore holds (its `data` map is private in its types only). */
const sessionIds = (store: MemoryStore) => [
  ...(store as unknown as { data: Map<string, unknown> }).data.keys(),
]

const servers: ServerType[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
})

/**
 * An app with login, a route that adds "Welcome." without displaying it, a logout that deletes
 * the session and adds `messages`, a logout page that displays the messages and adds none, and a
 * page that shows the messages and who is logged in.
 */
async function appWith(
  store: MemoryStore | CookieStore,
  options: Partial<HonoFlashOptions>,
  messages: string[] = ['Signed out.'],
) {
  const logged: string[] = []
  const app = new Hono<Env>()
  app.use(sessionMiddleware({ store, encryptionKey: KEY, cookieOptions: { path: '/', httpOnly: true } }))
  app.use(flash({ secret: SECRET, logger: (text) => logged.push(text), ...options }))
  app.post('/login', (c) => {
    c.get('session').set('userId', 42)
    return c.text('in')
  })
  app.post('/welcome', (c) => {
    info(c, 'Welcome.')
    return c.text('added')
  })
  app.post('/logout', (c) => {
    c.get('session').deleteSession()
    for (const text of messages) info(c, text)
    return c.redirect('/')
  })
  app.post('/logout-page', (c) => {
    c.get('session').deleteSession()
    return c.json({ texts: [...getMessages(c)].map(String) })
  })
  app.get('/', (c) =>
    c.json({ texts: [...getMessages(c)].map(String), userId: c.get('session').get('userId') }),
  )
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  servers.push(server)
  await new Promise((resolve) => server.once('listening', resolve))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { b: browser((path, init) => fetch(origin + path, init)), logged }
}

const STORES = { MemoryStore: () => new MemoryStore(), CookieStore: () => new CookieStore() }

describe.each(Object.keys(STORES) as (keyof typeof STORES)[])('hono-sessions with its %s', (storeName) => {
  for (const storage of ['session', 'fallback'] as const) {
    test(`storage "${storage}" (strict): the messages go to a new session, shown on the next page`, async () => {
      const store = STORES[storeName]()
      // With "fallback", four fill the message cookie and the fifth goes to the session.
      const messages =
        storage === 'session' ? ['Signed out.'] : Array.from({ length: 5 }, () => randomText(406))
      const { b, logged } = await appWith(store, { storage, strict: true }, messages)
      await b.request('/login', { method: 'POST' })
      const loggedIn = b.jar.get('session')
      const ids = () => sessionIds(store as MemoryStore)
      const idLoggedIn = storeName === 'MemoryStore' ? ids() : []

      const loggedOut = await b.request('/logout', { method: 'POST' })
      expect(loggedOut.status).toBe(302)
      expect(b.jar.get('session')).not.toBe(loggedIn)
      if (storeName === 'MemoryStore') {
        // The logged-in session's id is gone from the store; the messages are under a new one.
        expect(idLoggedIn).toHaveLength(1)
        expect(ids()).toHaveLength(1)
        expect(ids()).not.toContain(idLoggedIn[0])
      }

      expect(JSON.parse((await b.request('/')).text)).toEqual({ texts: messages, userId: null })
      expect(JSON.parse((await b.request('/')).text)).toEqual({ texts: [], userId: null })
      expect(logged).toEqual([])
    })
  }

  test('storage "session": a logout page shows none of the deleted session\'s messages, and no session is kept', async () => {
    const store = STORES[storeName]()
    const { b, logged } = await appWith(store, { storage: 'session' })
    await b.request('/login', { method: 'POST' })
    await b.request('/welcome', { method: 'POST' })
    const page = await b.request('/logout-page', { method: 'POST' })
    expect(JSON.parse(page.text)).toEqual({ texts: [] })
    if (storeName === 'MemoryStore') expect(sessionIds(store as MemoryStore)).toEqual([])
    expect(JSON.parse((await b.request('/')).text)).toEqual({ texts: [], userId: null })
    expect(logged).toEqual([])
  })
})
