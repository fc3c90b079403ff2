/**
 * A hook registered after @flash/fastify and before the session plugin answers the request (an
 * auth guard's redirect, a rate limit's error handler) and adds a message: the session plugin has
 * not opened the session yet. No new session replaces the visitor's (that logged them out and lost
 * the messages waiting there); what cannot be stored is reported with the cause and the fix.
 * Real servers on 127.0.0.1, driven by `fetch`, cookies carried back.
 */
import cookie from '@fastify/cookie'
import secureSession from '@fastify/secure-session'
import session from '@fastify/session'
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import flash, { getMessages, info, warning } from '../src/index.js'
import { randomTexts } from './client.js'
import { LogCapture, SESSION_SECRET } from './harness.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'
/** Five messages that do not compress: the message cookie takes four, the fifth overflows to the session. */
const FIVE_LONG = randomTexts(5, 406)

const NOT_OPENED =
  'the session plugin had not opened the session: a hook answered the request (replied, or threw to the ' +
  "error handler) before @fastify/session's or @fastify/secure-session's onRequest ran, and a new session " +
  "would replace the visitor's; register the session plugin before that hook"
const SESSION_UNREAD =
  'the messages already stored in the session could not be read, because the session plugin had not opened ' +
  "it (a hook answered the request, threw, or read the messages before @fastify/session's or " +
  "@fastify/secure-session's onRequest ran), so nothing was written and they stay for the next request; " +
  'register the session plugin before that hook'
const lostReport = (why: string, text = 'Please log in.') =>
  `@flash/fastify: 1 message could not be stored and will not be shown (${why}): ${JSON.stringify(text)}`

interface AppSession {
  get(key: string): unknown
  set(key: string, value: unknown): void
}
const sessionOf = (request: FastifyRequest) => (request as unknown as { session: AppSession }).session

const apps: FastifyInstance[] = []
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()))
})

/** A browser: carries `Set-Cookie` back as `Cookie`, forgets cookies deleted with `Max-Age=0`. */
function browserOf(origin: string) {
  const jar = new Map<string, string>()
  return {
    jar,
    async get(path: string) {
      const cookieHeader = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
      const response = await fetch(origin + path, {
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

const PLUGINS = {
  '@fastify/session': {
    cookieName: 'sessionId',
    register: (app: FastifyInstance) =>
      app.register(session, { secret: SESSION_SECRET, saveUninitialized: false, cookie: { secure: 'auto' } }),
  },
  '@fastify/secure-session': {
    cookieName: 'session',
    register: (app: FastifyInstance) =>
      app.register(secureSession, {
        secret: SESSION_SECRET,
        salt: 'mq9hDxBVDbspDR6n',
        cookie: { path: '/', httpOnly: true },
      }),
  },
} as const
type PluginName = keyof typeof PLUGINS

/**
 * cookie, then (`guardFirst`: a guard, then) flash, then (a guard, then) the session plugin. The
 * guard answers `/guarded`: a redirect with "Please log in.", or (`throws`) an error the error
 * handler turns into that redirect. `/login` keeps a user in the session, `/seed` adds `seed`,
 * `/` shows the user and the messages.
 */
async function appWith(
  plugin: PluginName,
  storage: 'session' | 'fallback',
  { throws = false, guardFirst = false, seed = ['Saved.'] } = {},
) {
  const logs = new LogCapture()
  const app = Fastify({ logger: { level: 'warn', stream: logs.stream } })
  apps.push(app)
  const guard = async (request: FastifyRequest, reply: { redirect(url: string): unknown }) => {
    if (request.url !== '/guarded') return
    if (throws) throw Object.assign(new Error('not logged in'), { statusCode: 401 })
    warning(request, 'Please log in.')
    return reply.redirect('/')
  }
  await app.register(cookie)
  if (guardFirst) app.addHook('onRequest', guard)
  await app.register(flash, { secret: SECRET, storage })
  if (!guardFirst) app.addHook('onRequest', guard)
  await PLUGINS[plugin].register(app)
  app.setErrorHandler(async (_error, request, reply) => {
    warning(request, 'Please log in.')
    return reply.redirect('/')
  })
  app.get('/login', async (request) => {
    sessionOf(request).set('user', 'alice')
    return 'in'
  })
  app.get('/seed', async (request, reply) => {
    for (const text of seed) info(request, text)
    return reply.redirect('/')
  })
  app.get('/', async (request) => ({
    user: sessionOf(request).get('user') ?? null,
    texts: [...getMessages(request)].map(String),
  }))
  const b = browserOf(await app.listen({ host: '127.0.0.1', port: 0 }))
  return { b, logs, cookieName: PLUGINS[plugin].cookieName }
}

for (const plugin of Object.keys(PLUGINS) as PluginName[]) {
  describe(`${plugin}: a hook between @flash/fastify and the session plugin answers with a message`, () => {
    for (const throws of [false, true]) {
      const how = throws ? 'throws to the error handler, which adds' : 'replies with'
      it(`storage "session": a guard that ${how} a message keeps the visitor's session and its waiting message; the new one is reported`, async () => {
        const { b, logs, cookieName } = await appWith(plugin, 'session', { throws })
        await b.get('/login')
        await b.get('/seed')
        const session = b.jar.get(cookieName)
        expect(session).toBeDefined()

        const guarded = await b.get('/guarded')
        expect(guarded.status).toBe(302)
        // No new session in place of the visitor's: no session cookie at all.
        expect(guarded.setCookies).toEqual([])
        expect(b.jar.get(cookieName)).toBe(session)
        expect(logs.warnings()).toEqual([lostReport(NOT_OPENED)])

        expect(JSON.parse((await b.get('/')).text)).toEqual({ user: 'alice', texts: ['Saved.'] })
        expect(JSON.parse((await b.get('/')).text)).toEqual({ user: 'alice', texts: [] })
      })
    }

    it('storage "fallback": the message that fits goes to the message cookie, no report', async () => {
      const { b, logs, cookieName } = await appWith(plugin, 'fallback')
      await b.get('/login')
      await b.get('/seed')
      const session = b.jar.get(cookieName)

      const guarded = await b.get('/guarded')
      expect(guarded.setCookies.map((line) => line.slice(0, line.indexOf('=')))).toEqual(['messages'])
      expect(b.jar.get(cookieName)).toBe(session)
      expect(logs.warnings()).toEqual([])

      expect(JSON.parse((await b.get('/')).text)).toEqual({
        user: 'alice',
        texts: ['Saved.', 'Please log in.'],
      })
    })

    it('storage "fallback": with messages waiting in the session, nothing is written and they all show next', async () => {
      const { b, logs, cookieName } = await appWith(plugin, 'fallback', { seed: FIVE_LONG })
      await b.get('/login')
      const seeded = await b.get('/seed')
      // The fifth went to the session.
      expect(seeded.setCookies.some((line) => line.startsWith(`${cookieName}=`))).toBe(true)
      const before = new Map(b.jar)

      const guarded = await b.get('/guarded')
      expect(guarded.status).toBe(302)
      expect(guarded.setCookies).toEqual([])
      expect(b.jar).toEqual(before)
      expect(logs.warnings()).toEqual([lostReport(SESSION_UNREAD)])

      expect(JSON.parse((await b.get('/')).text)).toEqual({ user: 'alice', texts: FIVE_LONG })
      expect(JSON.parse((await b.get('/')).text)).toEqual({ user: 'alice', texts: [] })
    })
  })
}

describe('a hook registered before @flash/fastify throws; the error handler adds a message', () => {
  for (const plugin of Object.keys(PLUGINS) as PluginName[]) {
    it(`${plugin}, storage "session": the visitor's session is kept, the message reported`, async () => {
      const { b, logs, cookieName } = await appWith(plugin, 'session', { throws: true, guardFirst: true })
      await b.get('/login')
      await b.get('/seed')
      const session = b.jar.get(cookieName)

      const guarded = await b.get('/guarded')
      expect(guarded.setCookies).toEqual([])
      expect(b.jar.get(cookieName)).toBe(session)
      expect(logs.warnings()).toEqual([lostReport(NOT_OPENED)])
      expect(JSON.parse((await b.get('/')).text)).toEqual({ user: 'alice', texts: ['Saved.'] })
    })
  }
})

describe('storage "session" in a prefixed child, @fastify/session registered at the root after it', () => {
  it('starts (the session plugin serves the child through its hooks) and carries messages over requests', async () => {
    const app = Fastify()
    apps.push(app)
    await app.register(cookie)
    await app.register(
      async (child) => {
        await child.register(flash, { secret: SECRET, storage: 'session' })
        child.get('/add', async (request, reply) => {
          info(request, 'Saved in admin.')
          return reply.redirect('/admin/show')
        })
        child.get('/show', async (request) => [...getMessages(request)].map(String))
      },
      { prefix: '/admin' },
    )
    await app.register(session, {
      secret: SESSION_SECRET,
      saveUninitialized: false,
      cookie: { secure: 'auto' },
    })
    const b = browserOf(await app.listen({ host: '127.0.0.1', port: 0 }))
    await b.get('/admin/add')
    expect(b.jar.has('sessionId')).toBe(true)
    expect(JSON.parse((await b.get('/admin/show')).text)).toEqual(['Saved in admin.'])
    expect(JSON.parse((await b.get('/admin/show')).text)).toEqual([])
  })
})
