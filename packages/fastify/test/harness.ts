/**
 * The scenario suite's standard app (see `@flash/adapter-suite`'s `harness.ts`), built with Fastify.
 *
 * - The flash routes live in one encapsulated context that registers `@flash/fastify` (and, when
 *   asked, `@fastify/session` after it); `/bare/*` lives in a sibling context. `fastify-plugin`
 *   exposes flash's hooks to the context it is registered in, not to siblings, so `/bare/*` is a
 *   real route of the same server on which the plugin does not run.
 * - `/late/show` returns a marker object; a route-level `preSerialization` hook renders the
 *   messages after the handler returned, before flash's `onSend` persists (Django's
 *   TemplateResponse). `@fastify/view` late rendering is covered in `view.test.ts`.
 */
import cookie from '@fastify/cookie'
import session, { type SessionStore } from '@fastify/session'
import type {
  AdapterHarness,
  StandardApp,
  StandardAppOptions,
  SuiteRequest,
  SuiteResponse,
} from '@flash/adapter-suite'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest, type Session } from 'fastify'
import flash, {
  addMessage,
  getLevel,
  getMessages,
  info,
  isSafe,
  markSafe,
  messagesContext,
  messagesJson,
  setLevel,
  success,
} from '../src/index.js'

export const SESSION_SECRET = 'a-session-secret-of-at-least-32-characters'

const LEVELS: Record<string, number> = { debug: 10, info: 20, success: 25, warning: 30, error: 40 }
/** What `/late/show` returns: a page still to be rendered. */
const LATE_PAYLOAD = Object.freeze({ late: true })

interface AddBody {
  messages?: string[]
  extraTags?: string
  failSilently?: boolean
  now?: boolean
}
type AddRequest = FastifyRequest<{ Params: { level: string; min?: string }; Body: AddBody | undefined }>

/**
 * A `@fastify/session` store that counts writes. It keeps JSON copies, as a real store would, so a
 * change made after the session was saved is lost here too.
 */
export class CountingStore implements SessionStore {
  readonly sessions = new Map<string, string>()
  writes = 0
  get(id: string, callback: (error: null, session?: Session | null) => void): void {
    const json = this.sessions.get(id)
    callback(null, json === undefined ? null : JSON.parse(json))
  }
  set(id: string, value: Session, callback: (error?: null) => void): void {
    this.writes++
    this.sessions.set(id, JSON.stringify(value))
    callback()
  }
  destroy(id: string, callback: (error?: null) => void): void {
    this.writes++
    this.sessions.delete(id)
    callback()
  }
}

/** Collects what Fastify logs at `warn` through pino. */
export class LogCapture {
  readonly records: { level: number; msg: string; [key: string]: unknown }[] = []
  readonly stream = { write: (line: string) => void this.records.push(JSON.parse(line)) }
  warnings(): string[] {
    return this.records.filter((r) => r.level === 40).map((r) => r.msg)
  }
}

function levelOf(name: string): number {
  return LEVELS[name] ?? Number(name)
}

function render(request: FastifyRequest) {
  const context = messagesContext(request)
  return {
    messages: [...context.messages].map((m) => ({
      level: m.level,
      text: String(m),
      tags: m.tags,
      extraTags: m.extraTags,
      safe: isSafe(m.message),
    })),
    levels: context.DEFAULT_MESSAGE_LEVELS,
  }
}

function addAll(request: AddRequest, level: number): void {
  const { messages = [], extraTags, failSilently, now } = request.body ?? {}
  for (const text of messages) addMessage(request, level, text, { extraTags, failSilently, now })
}

async function flashRoutes(
  app: FastifyInstance,
  options: StandardAppOptions,
  store: CountingStore,
  thrown: string[],
) {
  await app.register(flash, options.flash)
  if (options.session) {
    await app.register(session, {
      secret: SESSION_SECRET,
      store,
      saveUninitialized: false,
      rolling: false,
      cookie: { secure: false },
    })
  }
  app.post('/add/:level', async (request: AddRequest, reply) => {
    addAll(request, levelOf(request.params.level))
    return reply.redirect('/show')
  })
  // The not-found handler: no route pattern matched.
  app.setNotFoundHandler(async (request, reply) => {
    if (!request.url.startsWith('/unrouted/')) return reply.code(404).send({ message: 'Not Found' })
    reply.header('cache-control', 'public, max-age=600')
    return { messages: [...getMessages(request)].map(String) }
  })
  app.post('/add-redirect/:level', async (request: AddRequest, reply) => {
    addAll(request, levelOf(request.params.level))
    return reply.redirect((request.query as { to: string }).to, 303)
  })
  app.get('/redirect', async (request, reply) => reply.redirect((request.query as { to: string }).to))
  app.post('/late/add/:level', async (request: AddRequest, reply) => {
    addAll(request, levelOf(request.params.level))
    return reply.redirect('/late/show')
  })
  app.get('/show', async (request) => render(request))
  app.get(
    '/late/show',
    {
      preSerialization: async (request, _reply, payload) =>
        payload === LATE_PAYLOAD ? render(request) : payload,
    },
    async () => LATE_PAYLOAD,
  )
  app.get('/count', async (request) => ({ count: getMessages(request).length }))
  app.get('/keep', async (request) => {
    const body = render(request)
    request.messages.used = false
    return body
  })
  app.post('/read-then-add', async (request) => {
    const read = [...getMessages(request)].map(String)
    info(request, 'added after read')
    return { read }
  })
  app.post('/level/reset/add/:level', async (request: AddRequest, reply) => {
    setLevel(request, 5)
    setLevel(request, null)
    addAll(request, levelOf(request.params.level))
    return reply.redirect('/show')
  })
  app.post('/level/:min/add/:level', async (request: AddRequest, reply) => {
    setLevel(request, Number(request.params.min))
    addAll(request, levelOf(request.params.level))
    return reply.redirect('/show')
  })
  app.get('/level', async (request) => ({ level: getLevel(request) }))
  app.post('/add-safe', async (request, reply) => {
    success(request, markSafe('<a href="/x">link</a>'))
    info(request, '<b>plain</b>')
    return reply.redirect('/show')
  })
  app.get('/untouched', async () => 'ok')
  type RespondRequest = FastifyRequest<{
    Querystring: { status?: string; headers?: string; read?: string }
    Body: AddBody | undefined
  }>
  const respond = async (request: RespondRequest, reply: FastifyReply) => {
    if (request.method === 'POST') addAll(request as unknown as AddRequest, 20)
    const rendered = request.query.read === 'none' ? { messages: [] } : render(request)
    reply.headers(JSON.parse(request.query.headers ?? '{}'))
    const status = Number(request.query.status ?? 200)
    reply.code(status)
    if (status >= 300 && status < 400) return reply.header('Location', '/show').send()
    if (status === 204 || status === 205 || status === 304) return reply.send()
    return rendered
  }
  app.get('/respond', respond)
  app.post('/respond', respond)
  app.get('/conditional', async (request, reply) => {
    const rendered = render(request)
    reply.header('ETag', '"v1"')
    if (request.headers['if-none-match'] === '"v1"') return reply.code(304).send()
    return rendered
  })
  app.get('/json', async (request) => messagesJson(request))
  app.post('/error-after-add', async (request) => {
    addMessage(request, 40, 'before the crash')
    throw new Error('the handler crashed')
  })
  app.get('/show-then-throw', async (request) => {
    Array.from(getMessages(request)) // displays them: the page rendered its list, then failed
    throw new Error('crash after displaying the messages')
  })
  app.post('/throw-non-error-after-add', async (request) => {
    addMessage(request, 40, 'before the crash')
    throw 'not an Error'
  })
  app.post('/add-later', async (request) => {
    setTimeout(() => {
      try {
        info(request, 'added too late')
      } catch (error) {
        thrown.push(`${(error as Error).name}: ${(error as Error).message}`)
      }
    }, 20)
    return 'ok'
  })
  app.get('/read-later', async (request) => {
    setTimeout(() => {
      try {
        Array.from(getMessages(request))
      } catch (error) {
        thrown.push(`${(error as Error).name}: ${(error as Error).message}`)
      }
    }, 20)
    return 'ok'
  })
}

async function bareRoutes(app: FastifyInstance) {
  app.post('/bare/add/:level', async (request: AddRequest, reply) => {
    addAll(request, levelOf(request.params.level))
    return reply.redirect('/bare/show')
  })
  app.get('/bare/show', async (request) => ({
    messages: [...getMessages(request)],
    level: getLevel(request),
    setLevel: setLevel(request, 10),
  }))
}

/** Builds the standard app; `send` is how requests reach it (inject or a real socket). */
async function build(options: StandardAppOptions) {
  const logs = new LogCapture()
  const store = new CountingStore()
  const thrown: string[] = []
  // Headers up to 128 KiB, so the hostile-header scenario can send 64 KB (Node's default is 16 KiB).
  const app = Fastify({ logger: { level: 'warn', stream: logs.stream }, http: { maxHeaderSize: 128 * 1024 } })
  await app.register(cookie)
  await app.register((scope) => flashRoutes(scope, options, store, thrown))
  await app.register(bareRoutes)
  return { app, logs, store, thrown }
}

function standardApp(
  built: Awaited<ReturnType<typeof build>>,
  request: StandardApp['request'],
  close: () => Promise<void>,
): StandardApp {
  return {
    request,
    sessionWrites: () => built.store.writes,
    warnings: () => built.logs.warnings().filter((text) => text.startsWith('@flash/')),
    thrown: () => built.thrown,
    close,
  }
}

function firstValue(value: string | string[] | number | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value === undefined ? undefined : String(value)
}

/** The standard app driven through `fastify.inject`. */
export const injectHarness: AdapterHarness = {
  name: 'fastify (inject)',
  async start(options) {
    const built = await build(options)
    await built.app.ready()
    return standardApp(
      built,
      async (path: string, init: SuiteRequest = {}): Promise<SuiteResponse> => {
        const response = await built.app.inject({
          method: (init.method ?? 'GET') as 'GET',
          url: path,
          headers: init.headers,
          payload: init.body,
        })
        const setCookie = response.headers['set-cookie']
        return {
          status: response.statusCode,
          header: (name) => firstValue(response.headers[name.toLowerCase()]),
          setCookies: setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie],
          body: response.body,
        }
      },
      () => built.app.close(),
    )
  },
}

/** The standard app listening on 127.0.0.1, driven with `fetch`. */
export const httpHarness: AdapterHarness = {
  name: 'fastify (HTTP)',
  async start(options) {
    const built = await build(options)
    const origin = await built.app.listen({ host: '127.0.0.1', port: 0 })
    return standardApp(
      built,
      async (path: string, init: SuiteRequest = {}): Promise<SuiteResponse> => {
        const response = await fetch(origin + path, {
          method: init.method ?? 'GET',
          headers: init.headers,
          body: init.body,
          redirect: 'manual',
        })
        return {
          status: response.status,
          header: (name) => response.headers.get(name) ?? undefined,
          setCookies: response.headers.getSetCookie(),
          body: await response.text(),
        }
      },
      () => built.app.close(),
    )
  },
}
