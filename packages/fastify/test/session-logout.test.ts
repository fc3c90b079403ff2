/**
 * A logout that ends the session (@fastify/session's `destroy()`, @fastify/secure-session's
 * `delete()`) and then adds a message: the message starts a new session, as the plugin would on
 * the next request, and the old session stays ended. Real servers on 127.0.0.1, driven by `fetch`.
 */
import cookie from '@fastify/cookie'
import secureSession from '@fastify/secure-session'
import session from '@fastify/session'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import flash, { type FlashFastifyOptions, getMessages, info } from '../src/index.js'
import { randomTexts } from './client.js'
import { CountingStore, LogCapture, SESSION_SECRET } from './harness.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'
const FIVE_LONG = randomTexts(5, 406)

/** What the logout routes do with each plugin's session. */
interface EndableSession {
  get(key: string): unknown
  set(key: string, value: unknown): void
  destroy?(): Promise<void>
  delete?(): void
}
const sessionOf = (request: FastifyRequest) => (request as unknown as { session: EndableSession }).session

/** The session id in @fastify/session's cookie value (`id.signature`, URL-encoded). */
const idOf = (cookieValue: string) => decodeURIComponent(cookieValue).replace(/\.[^.]*$/, '')

const apps: FastifyInstance[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
})

/** A browser: carries `Set-Cookie` back as `Cookie`, forgets cookies deleted with `Max-Age=0`. */
function browserOf(origin: string) {
  const jar = new Map<string, string>()
  return {
    jar,
    async request(path: string, method = 'GET') {
      const cookieHeader = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
      const response = await fetch(origin + path, {
        method,
        redirect: 'manual',
        headers: cookieHeader ? { cookie: cookieHeader } : {},
      })
      const setCookies = response.headers.getSetCookie()
      for (const line of setCookies) {
        const [pair = ''] = line.split(';', 1)
        const eq = pair.indexOf('=')
        if (pair.slice(eq + 1) === '' || /; Max-Age=0(;|$)/i.test(line)) jar.delete(pair.slice(0, eq))
        else jar.set(pair.slice(0, eq), pair.slice(eq + 1))
      }
      return { status: response.status, setCookies, text: await response.text() }
    },
  }
}

/**
 * An app with login, a route that adds "Welcome." without displaying it, a logout that ends the
 * session and adds `messages`, a logout page that displays the messages and adds none, and a page
 * that shows the messages and who is logged in.
 */
async function appWith(
  registerSession: (app: FastifyInstance) => Promise<void>,
  end: (request: FastifyRequest) => Promise<void> | void,
  options: Omit<FlashFastifyOptions, 'secret'>,
  messages: string[] = ['Signed out.'],
) {
  const logs = new LogCapture()
  const app = Fastify({ logger: { level: 'warn', stream: logs.stream } })
  apps.push(app)
  await app.register(cookie)
  await app.register(flash, { secret: SECRET, ...options })
  await registerSession(app)
  app.post('/login', async (request) => {
    sessionOf(request).set('userId', 42)
    return 'in'
  })
  app.post('/welcome', async (request) => {
    info(request, 'Welcome.')
    return 'added'
  })
  app.post('/logout', async (request, reply) => {
    await end(request)
    for (const text of messages) info(request, text)
    return reply.redirect('/')
  })
  app.post('/logout-page', async (request) => {
    await end(request)
    return { texts: [...getMessages(request)].map(String) }
  })
  app.get('/', async (request) => ({
    texts: [...getMessages(request)].map(String),
    userId: sessionOf(request).get('userId') ?? null,
  }))
  const b = browserOf(await app.listen({ host: '127.0.0.1', port: 0 }))
  return { app, b, logs }
}

describe('@fastify/session: await request.session.destroy(), then a message', () => {
  const destroy = (request: FastifyRequest) => sessionOf(request).destroy!()
  const withStore = (store: CountingStore, cookieOptions: object = { secure: 'auto' }) => {
    return async (app: FastifyInstance) => {
      await app.register(session, {
        secret: SESSION_SECRET,
        store,
        saveUninitialized: false,
        cookie: cookieOptions,
      })
    }
  }

  for (const storage of ['session', 'fallback'] as const) {
    const messages = storage === 'session' ? ['Signed out.'] : FIVE_LONG
    it(`storage "${storage}": the messages go to a new session, shown on the next page; the old one stays destroyed`, async () => {
      const store = new CountingStore()
      const { b, logs } = await appWith(withStore(store), destroy, { storage }, messages)
      await b.request('/login', 'POST')
      const loggedIn = b.jar.get('sessionId')
      expect(loggedIn).toBeDefined()
      expect(store.sessions.size).toBe(1)

      const loggedOut = await b.request('/logout', 'POST')
      expect(loggedOut.status).toBe(302)
      expect(b.jar.get('sessionId')).toBeDefined()
      expect(b.jar.get('sessionId')).not.toBe(loggedIn)
      expect([...store.sessions.keys()]).toEqual([idOf(b.jar.get('sessionId')!)])
      expect(idOf(b.jar.get('sessionId')!)).not.toBe(idOf(loggedIn!))

      expect(JSON.parse((await b.request('/')).text)).toEqual({ texts: messages, userId: null })
      expect(JSON.parse((await b.request('/')).text)).toEqual({ texts: [], userId: null })
      expect(logs.warnings()).toEqual([])
    })
  }

  it('storage "session": messages read before destroy() and one added after it are all kept', async () => {
    const store = new CountingStore()
    const { b, logs } = await appWith(
      withStore(store),
      async (request) => {
        expect(request.messages.length).toBe(1)
        await destroy(request)
      },
      { storage: 'session' },
    )
    await b.request('/login', 'POST')
    await b.request('/welcome', 'POST')
    await b.request('/logout', 'POST')
    expect(JSON.parse((await b.request('/')).text)).toEqual({
      texts: ['Welcome.', 'Signed out.'],
      userId: null,
    })
    expect(logs.warnings()).toEqual([])
  })

  it('storage "session": a logout page that displays messages and adds none starts no session', async () => {
    const store = new CountingStore()
    const { b, logs } = await appWith(withStore(store), destroy, { storage: 'session' })
    await b.request('/login', 'POST')
    const page = await b.request('/logout-page', 'POST')
    expect(page.status).toBe(200)
    expect(JSON.parse(page.text)).toEqual({ texts: [] })
    expect(page.setCookies).toEqual([])
    expect(store.sessions.size).toBe(0)
    expect(logs.warnings()).toEqual([])
  })

  it('a new session that would not be saved either (cookie.secure on plain HTTP) is reported with the fix, not a 500', async () => {
    const store = new CountingStore()
    const { b, logs } = await appWith(withStore(store, { secure: true }), destroy, { storage: 'session' })
    const loggedOut = await b.request('/logout', 'POST')
    expect(loggedOut.status).toBe(302)
    expect(logs.warnings()).toEqual([
      '@flash/fastify: 1 message could not be stored and will not be shown (@fastify/session does not save a ' +
        'session, nor send its cookie, when cookie.secure is true (its default) on a plain-HTTP request; pass ' +
        "cookie: { secure: 'auto' } to @fastify/session, or trustProxy: true to Fastify() behind a " +
        'TLS-terminating proxy): "Signed out."',
    ])
  })

  it('a signer and store that cannot start a session at once: reported with the fix, not a 500', async () => {
    // Accepts any id, so the new session is looked up in the store, which answers later.
    const signer = {
      sign: (value: string) => value,
      unsign: (value: string) => ({ valid: true, renew: false, value }),
    }
    const store = new CountingStore()
    const later: CountingStore['get'] = (id, callback) =>
      void setImmediate(() => CountingStore.prototype.get.call(store, id, callback))
    store.get = later
    const { b, logs } = await appWith(
      async (app) => {
        await app.register(session, {
          secret: signer,
          store,
          saveUninitialized: false,
          cookie: { secure: 'auto' },
        })
      },
      destroy,
      { storage: 'session' },
    )
    await b.request('/login', 'POST')
    const loggedOut = await b.request('/logout', 'POST')
    expect(loggedOut.status).toBe(302)
    expect(logs.warnings()).toEqual([
      '@flash/fastify: 1 message could not be stored and will not be shown (the session was destroyed earlier in ' +
        'this request (request.session.destroy()) and the session plugin could not start a new one at once to ' +
        'carry the messages; log out with await request.session.regenerate() instead, which destroys the old ' +
        'session and starts a new one): "Signed out."',
    ])
  })
})

describe('@fastify/secure-session: request.session.delete(), then a message', () => {
  const registerSecure = async (app: FastifyInstance) => {
    await app.register(secureSession, { key: Buffer.alloc(32, 7), cookie: { path: '/' } })
  }
  const remove = (request: FastifyRequest) => sessionOf(request).delete!()

  for (const storage of ['session', 'fallback'] as const) {
    // Four fill the message cookie, the fifth goes to the session.
    const messages = storage === 'session' ? ['Signed out.'] : FIVE_LONG
    it(`storage "${storage}": the messages go to a new session, shown on the next page; the old data is gone`, async () => {
      const { b, logs } = await appWith(registerSecure, remove, { storage }, messages)
      await b.request('/login', 'POST')
      expect(JSON.parse((await b.request('/')).text)).toEqual({ texts: [], userId: 42 })

      const loggedOut = await b.request('/logout', 'POST')
      expect(loggedOut.status).toBe(302)
      expect(b.jar.has('session')).toBe(true)

      expect(JSON.parse((await b.request('/')).text)).toEqual({ texts: messages, userId: null })
      expect(JSON.parse((await b.request('/')).text)).toEqual({ texts: [], userId: null })
      expect(logs.warnings()).toEqual([])
    })
  }

  it('storage "session": a logout page shows none of the deleted session\'s messages and deletes its cookie', async () => {
    const { b, logs } = await appWith(registerSecure, remove, { storage: 'session' })
    await b.request('/login', 'POST')
    await b.request('/welcome', 'POST')
    const page = await b.request('/logout-page', 'POST')
    expect(JSON.parse(page.text)).toEqual({ texts: [] })
    expect(page.setCookies).toEqual([
      expect.stringMatching(/^session=; Max-Age=0; Path=\/; Expires=Thu, 01 Jan 1970/),
    ])
    expect(b.jar.has('session')).toBe(false)
    expect(JSON.parse((await b.request('/')).text)).toEqual({ texts: [], userId: null })
    expect(logs.warnings()).toEqual([])
  })
})
