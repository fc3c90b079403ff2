/**
 * Both session plugins, registered after @flash/fastify: fallback overflow into the session,
 * session storage, and no session writes for requests that do not need one.
 */
import cookie from '@fastify/cookie'
import secureSession from '@fastify/secure-session'
import session from '@fastify/session'
import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import flash, { type FlashFastifyOptions, getMessages, success } from '../src/index.js'
import { Client, randomTexts, setCookies } from './client.js'
import { CountingStore, LogCapture, SESSION_SECRET } from './harness.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'
const FIVE_LONG = randomTexts(5, 406)

interface SessionPlugin {
  name: string
  /** The session cookie's name. */
  cookie: string
  register(app: FastifyInstance): Promise<{ stored(client: Client): unknown }>
}

const PLUGINS: SessionPlugin[] = [
  {
    name: '@fastify/session',
    cookie: 'sessionId',
    async register(app) {
      const store = new CountingStore()
      await app.register(session, {
        secret: SESSION_SECRET,
        store,
        saveUninitialized: false,
        rolling: false,
        cookie: { secure: false },
      })
      return {
        stored: () => [...store.sessions.values()].map((json) => JSON.parse(json)._messages),
      }
    },
  },
  {
    name: '@fastify/secure-session',
    cookie: 'session',
    async register(app) {
      await app.register(secureSession, { key: Buffer.alloc(32, 7), cookie: { path: '/' } })
      return {
        stored: (client) => {
          const value = client.cookies.get('session')
          return [value && app.decodeSecureSession(decodeURIComponent(value))?.get('_messages')]
        },
      }
    },
  },
]

async function appWith(plugin: SessionPlugin, options: Omit<FlashFastifyOptions, 'secret'>) {
  const logs = new LogCapture()
  const app = Fastify({ logger: { level: 'warn', stream: logs.stream } })
  await app.register(cookie)
  await app.register(flash, { secret: SECRET, ...options })
  const { stored } = await plugin.register(app)
  app.post<{ Body: { messages: string[] } }>('/add', async (request, reply) => {
    for (const text of request.body.messages) success(request, text)
    return reply.redirect('/show')
  })
  app.get('/show', async (request) => ({ texts: [...getMessages(request)].map(String) }))
  app.get('/untouched', async () => 'ok')
  return { app, logs, client: new Client(app), stored }
}

const names = (response: { headers: Record<string, unknown> }) =>
  setCookies(response as never).map((header) => header.slice(0, header.indexOf('=')))

for (const plugin of PLUGINS) {
  describe(plugin.name, () => {
    it('fallback: 5 messages of 406 characters fill the cookie, the rest goes to the session, all shown in order', async () => {
      const { client, logs, stored } = await appWith(plugin, {})
      const added = await client.post('/add', { messages: FIVE_LONG })
      expect(added.statusCode).toBe(302)
      expect(names(added)).toEqual(['messages', plugin.cookie])
      expect(logs.warnings()).toEqual([])
      expect(stored(client)).toEqual([`[["__json_message", 0, 25, "${FIVE_LONG[4]}", ""]]`])

      const shown = await client.get('/show')
      expect(shown.json()).toEqual({ texts: FIVE_LONG })
      expect(stored(client)).toEqual([undefined])
      expect(client.cookies.has('messages')).toBe(false)
      expect((await client.get('/show')).json()).toEqual({ texts: [] })
    })

    it('fallback: messages that fit in the cookie never open the session', async () => {
      const { client } = await appWith(plugin, {})
      expect(names(await client.post('/add', { messages: ['small'] }))).toEqual(['messages'])
      const shown = await client.get('/show')
      expect(shown.json()).toEqual({ texts: ['small'] })
      expect(names(shown)).toEqual(['messages'])
    })

    it('session storage: no message cookie, shown once, then removed from the session', async () => {
      const { client, stored } = await appWith(plugin, { storage: 'session' })
      const added = await client.post('/add', { messages: ['one', 'two'] })
      expect(names(added)).toEqual([plugin.cookie])
      expect(stored(client)).toEqual([
        '[["__json_message", 0, 25, "one", ""], ["__json_message", 0, 25, "two", ""]]',
      ])
      expect((await client.get('/show')).json()).toEqual({ texts: ['one', 'two'] })
      expect(stored(client)).toEqual([undefined])
      expect((await client.get('/show')).json()).toEqual({ texts: [] })
    })

    it('session storage: untouched requests and empty reads write nothing', async () => {
      const { client } = await appWith(plugin, { storage: 'session' })
      expect(setCookies(await client.get('/untouched'))).toEqual([])
      expect(setCookies(await client.get('/show'))).toEqual([])
      await client.post('/add', { messages: ['pending'] })
      expect(setCookies(await client.get('/untouched'))).toEqual([])
      expect((await client.get('/show')).json()).toEqual({ texts: ['pending'] })
    })
  })
}
