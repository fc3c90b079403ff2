/**
 * The standard app of `@flash/adapter-suite` (see its `harness.ts`), built with Express 5 or 4,
 * express-session and express.json(), served by a real `http.Server` on 127.0.0.1 and driven
 * with `fetch`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { AdapterHarness, StandardApp, StandardAppOptions, SuiteResponse } from '@flash/adapter-suite'
import type { ErrorRequestHandler, Express, Request, RequestHandler, Response } from 'express'
import express5 from 'express'
import session from 'express-session'
import express4 from 'express4'
import {
  addMessage,
  DEBUG,
  ERROR,
  type ExpressFlashOptions,
  flash,
  getLevel,
  getMessages,
  INFO,
  isSafe,
  markSafe,
  messagesContext,
  messagesJson,
  SUCCESS,
  setLevel,
  WARNING,
} from '../src/index.js'

/** Both majors, called the same way; the tests run against each. */
export type ExpressFactory = () => Express
export const EXPRESS_VERSIONS: readonly { name: string; express: ExpressFactory }[] = [
  { name: 'express 5', express: express5 },
  { name: 'express 4', express: express4 as unknown as ExpressFactory },
]

const LEVELS: Record<string, number> = {
  debug: DEBUG,
  info: INFO,
  success: SUCCESS,
  warning: WARNING,
  error: ERROR,
}

export const SESSION_SECRET = 'express-harness-session-secret-0123456789'

/** express-session's own MemoryStore, counting writes (set and destroy). */
export class CountingMemoryStore extends session.MemoryStore {
  writes = 0
  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    this.writes++
    super.set(sid, data, callback)
  }
  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.writes++
    super.destroy(sid, callback)
  }
}

/**
 * An asynchronous store that answers after `delay` ms, as a database would: a redirect sent
 * before its `set` answered would reach the browser before the message reached the store.
 */
export class SlowStore extends session.Store {
  readonly data = new Map<string, string>()
  writes = 0
  constructor(readonly delay = 25) {
    super()
  }
  override get(sid: string, callback: (error: unknown, session?: session.SessionData | null) => void): void {
    const json = this.data.get(sid)
    setTimeout(() => callback(null, json === undefined ? null : JSON.parse(json)), this.delay)
  }
  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    this.writes++
    const json = JSON.stringify(data)
    setTimeout(() => {
      this.data.set(sid, json)
      callback?.()
    }, this.delay)
  }
  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.writes++
    setTimeout(() => {
      this.data.delete(sid)
      callback?.()
    }, this.delay)
  }
}

/** A store that counts its writes; `close()` for the ones holding a connection. */
export type CountingStore = session.Store & { readonly writes: number; close?(): Promise<void> }

interface AddBody {
  messages?: string[]
  extraTags?: string
  failSilently?: boolean
  now?: boolean
}

export function render(req: Request) {
  const messages = [...getMessages(req)].map((m) => ({
    level: m.level,
    text: String(m),
    tags: m.tags,
    extraTags: m.extraTags,
    safe: isSafe(m.message),
  }))
  return { messages, levels: messagesContext(req).DEFAULT_MESSAGE_LEVELS }
}

function addAll(req: Request, level: string) {
  const body = (req.body ?? {}) as AddBody
  const lvl = LEVELS[level] ?? Number(level)
  for (const text of body.messages ?? []) {
    addMessage(req, lvl, text, {
      ...(body.extraTags === undefined ? {} : { extraTags: body.extraTags }),
      ...(body.failSilently === undefined ? {} : { failSilently: body.failSilently }),
      ...(body.now === undefined ? {} : { now: body.now }),
    })
  }
}

/**
 * A view engine rendering the standard JSON from `res.locals` alone, as a template does: the
 * messages are read while `res.render()` runs, after the route handler returned.
 */
function jsonEngine(_path: string, options: object, callback: (e: unknown, rendered?: string) => void) {
  const { messages, DEFAULT_MESSAGE_LEVELS } = options as Response['locals']
  const shown = [...messages].map((m) => ({
    level: m.level,
    text: String(m),
    tags: m.tags,
    extraTags: m.extraTags,
    safe: isSafe(m.message),
  }))
  setImmediate(() => callback(null, JSON.stringify({ messages: shown, levels: DEFAULT_MESSAGE_LEVELS })))
}

/** The standard routes on `app`; those under `/bare/` run without flash. */
export function standardRoutes(app: Express, thrown: string[] = []): void {
  app.post('/add/:level', (req, res) => {
    addAll(req, req.params.level!)
    res.redirect('/show')
  })
  app.post('/add-redirect/:level', (req, res) => {
    addAll(req, req.params.level!)
    res.redirect(303, String(req.query['to']))
  })
  app.get('/redirect', (req, res) => {
    res.redirect(String(req.query['to']))
  })
  app.post('/late/add/:level', (req, res) => {
    addAll(req, req.params.level!)
    res.redirect('/late/show')
  })
  app.get('/show', (req, res) => {
    res.json(render(req))
  })
  // Rendered by the view engine, after this handler returned.
  app.get('/late/show', (_req, res) => {
    res.type('json')
    setImmediate(() => res.render('late.json'))
  })
  app.get('/count', (req, res) => {
    res.json({ count: getMessages(req).length })
  })
  app.get('/keep', (req, res) => {
    const body = render(req)
    req.messages.used = false
    res.json(body)
  })
  app.post('/read-then-add', (req, res) => {
    const read = [...getMessages(req)].map(String)
    addMessage(req, INFO, 'added after read')
    res.json({ read })
  })
  app.post('/level/reset/add/:level', (req, res) => {
    setLevel(req, 5)
    setLevel(req, null)
    addAll(req, req.params.level!)
    res.redirect('/show')
  })
  app.post('/level/:min/add/:level', (req, res) => {
    setLevel(req, Number(req.params.min))
    addAll(req, req.params.level!)
    res.redirect('/show')
  })
  app.get('/level', (req, res) => {
    res.json({ level: getLevel(req) })
  })
  app.post('/add-safe', (req, res) => {
    addMessage(req, SUCCESS, markSafe('<a href="/x">link</a>'))
    addMessage(req, INFO, '<b>plain</b>')
    res.redirect('/show')
  })
  app.get('/untouched', (_req, res) => {
    res.type('text').send('ok')
  })
  const respond: RequestHandler = (req, res) => {
    if (req.method === 'POST') addAll(req, 'info')
    const rendered = req.query['read'] === 'none' ? { messages: [] } : render(req)
    res.set(JSON.parse(String(req.query['headers'] ?? '{}')))
    const status = Number(req.query['status'] ?? 200)
    res.status(status)
    if (status >= 300 && status < 400) res.location('/show').end()
    else if (status === 204 || status === 205 || status === 304) res.end()
    else res.json(rendered)
  }
  app.get('/respond', respond)
  app.post('/respond', respond)
  app.get('/conditional', (req, res) => {
    const rendered = render(req)
    res.set('ETag', '"v1"')
    if (req.get('if-none-match') === '"v1"') res.status(304).end()
    else res.json(rendered)
  })
  app.get('/json', (req, res) => {
    res.json(messagesJson(req))
  })
  app.post('/error-after-add', (req) => {
    addMessage(req, ERROR, 'before the crash')
    throw new Error('crash after adding a message')
  })
  app.get('/show-then-throw', (req) => {
    Array.from(getMessages(req)) // displays them: the page rendered its list, then failed
    throw new Error('crash after displaying the messages')
  })
  app.post('/throw-non-error-after-add', (req) => {
    addMessage(req, ERROR, 'before the crash')
    throw 'not an Error'
  })
  app.post('/add-later', (req, res) => {
    res.type('text').send('ok')
    setTimeout(() => {
      try {
        addMessage(req, INFO, 'added too late')
      } catch (error) {
        thrown.push(`${(error as Error).name}: ${(error as Error).message}`)
      }
    }, 20)
  })
  app.get('/read-later', (req, res) => {
    res.type('text').send('ok')
    setTimeout(() => {
      try {
        Array.from(getMessages(req))
      } catch (error) {
        thrown.push(`${(error as Error).name}: ${(error as Error).message}`)
      }
    }, 20)
  })
  app.post('/bare/add/:level', (req, res) => {
    addAll(req, req.params.level!)
    res.redirect('/bare/show')
  })
  app.get('/bare/show', (req, res) => {
    res.json({ messages: [...getMessages(req)], level: getLevel(req), setLevel: setLevel(req, 10) })
  })
}

/** Run `middleware` everywhere but under `/bare/`. */
function exceptBare(middleware: RequestHandler): RequestHandler {
  return (req, res, next) => (req.path.startsWith('/bare/') ? next() : middleware(req, res, next))
}

/** An app's error handler: a plain 500 page. */
export const errorPage: ErrorRequestHandler = (_error, _req, res, _next) => {
  res.status(500).type('text').send('Internal Server Error')
}

export interface ExpressApp {
  readonly app: Express
  readonly warnings: string[]
  /** What the delayed add of `/add-later` threw. */
  readonly thrown: string[]
}

/**
 * The standard Express app as a user would mount it: express-session (when asked) with
 * `saveUninitialized: false`, express.json(), then flash, the routes and an error handler.
 */
export function createApp(options: {
  express?: ExpressFactory
  flash: ExpressFlashOptions
  store?: session.Store | undefined
}): ExpressApp {
  const app = (options.express ?? express5)()
  app.set('views', fileURLToPath(new URL('./views', import.meta.url)))
  app.engine('json', jsonEngine)
  const warnings: string[] = []
  if (options.store) {
    app.use(
      session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, store: options.store }),
    )
  }
  // 1 MiB, as Koa's and Fastify's body parsers (express.json()'s default is 100 KiB).
  app.use(express5.json({ type: () => true, limit: '1mb' }))
  app.use(exceptBare(flash({ logger: { warn: (text) => warnings.push(text) }, ...options.flash })))
  const thrown: string[] = []
  standardRoutes(app, thrown)
  // A middleware, not a route: Express matches no route pattern for it.
  app.use('/unrouted', (req, res) => {
    res.set('Cache-Control', 'public, max-age=600')
    res.json({ messages: [...getMessages(req)].map(String) })
  })
  app.use(errorPage)
  return { app, warnings, thrown }
}

/** Serve `app` on 127.0.0.1 with a random port. */
export async function listen(app: Express) {
  // Headers up to 128 KiB, so the hostile-header scenario can send 64 KB (Node's default is 16 KiB).
  const server = createServer({ maxHeaderSize: 128 * 1024 }, app).listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const base = `http://127.0.0.1:${port}`
  const request = async (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<SuiteResponse> => {
    const response = await fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: init.headers,
      body: init.body,
      redirect: 'manual',
    })
    const body = await response.text()
    return {
      status: response.status,
      header: (name) => response.headers.get(name) ?? undefined,
      setCookies: response.headers.getSetCookie(),
      body,
    }
  }
  const close = async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())))
  }
  return { base, request, close }
}

/** The suite's harness for one Express major and one kind of session store. */
export function expressHarness(
  version: (typeof EXPRESS_VERSIONS)[number],
  makeStore: () => CountingStore | Promise<CountingStore>,
  storeName: string,
): AdapterHarness {
  return {
    name: `${version.name} over HTTP, express-session ${storeName}`,
    async start(options: StandardAppOptions): Promise<StandardApp> {
      const store = options.session ? await makeStore() : undefined
      let created: ExpressApp
      try {
        created = createApp({ express: version.express, flash: options.flash, store })
      } catch (error) {
        // Options refused at startup: the store's connection must not outlive the test.
        await store?.close?.()
        throw error
      }
      const { app, warnings, thrown } = created
      const { request, close } = await listen(app)
      return {
        request,
        close: async () => {
          await close()
          await store?.close?.()
        },
        sessionWrites: () => store?.writes ?? 0,
        warnings: () => warnings,
        thrown: () => thrown,
      }
    },
  }
}
