/**
 * The standard app of `@flash/adapter-suite` (see its `harness.ts`), built with Koa 3, koa-session,
 * @koa/router and @koa/bodyparser, served by a real `http.Server` on 127.0.0.1 and driven with `fetch`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { AdapterHarness, StandardApp, StandardAppOptions, SuiteResponse } from '@flash/adapter-suite'
import { bodyParser } from '@koa/bodyparser'
import Router from '@koa/router'
import Koa, { type Context, type Middleware, type Next } from 'koa'
import session from 'koa-session'
import {
  addMessage,
  DEBUG,
  ERROR,
  flash,
  getLevel,
  getMessages,
  INFO,
  isSafe,
  type KoaFlashOptions,
  markSafe,
  messagesContext,
  messagesJson,
  SUCCESS,
  setLevel,
  WARNING,
} from '../src/index.js'

const LEVELS: Record<string, number> = {
  debug: DEBUG,
  info: INFO,
  success: SUCCESS,
  warning: WARNING,
  error: ERROR,
}

/** koa-session signs its own cookie with these; they must not change the message cookie. */
export const APP_KEYS = ['koa-harness-key-0123456789']

interface AddBody {
  messages?: string[]
  extraTags?: string
  failSilently?: boolean
  now?: boolean
}

/** An in-memory koa-session store that counts writes (set and destroy). */
export class CountingStore {
  readonly data = new Map<string, string>()
  writes = 0
  async get(key: string): Promise<Record<string, unknown> | undefined> {
    const json = this.data.get(key)
    return json === undefined ? undefined : JSON.parse(json)
  }
  async set(key: string, value: Record<string, unknown>): Promise<void> {
    this.writes++
    this.data.set(key, JSON.stringify(value))
  }
  async destroy(key: string): Promise<void> {
    this.writes++
    this.data.delete(key)
  }
}

export function render(ctx: Context) {
  const messages = [...getMessages(ctx)].map((m) => ({
    level: m.level,
    text: String(m),
    tags: m.tags,
    extraTags: m.extraTags,
    safe: isSafe(m.message),
  }))
  return { messages, levels: messagesContext(ctx).DEFAULT_MESSAGE_LEVELS }
}

function addAll(ctx: Context, level: string) {
  const body = (ctx.request.body ?? {}) as AddBody
  const lvl = LEVELS[level] ?? Number(level)
  for (const text of body.messages ?? []) {
    addMessage(ctx, lvl, text, {
      ...(body.extraTags === undefined ? {} : { extraTags: body.extraTags }),
      ...(body.failSilently === undefined ? {} : { failSilently: body.failSilently }),
      ...(body.now === undefined ? {} : { now: body.now }),
    })
  }
}

/** The Koa app of the standard routes, with what `/add-later`'s delayed add threw. */
type AppWithThrown = Koa & { thrown: string[] }

/** The standard routes; `bare` are those served without flash. */
export function standardRouter(): Router {
  const router = new Router()
  router.post('/add/:level', (ctx) => {
    addAll(ctx, ctx.params.level!)
    ctx.redirect('/show')
  })
  router.post('/add-redirect/:level', (ctx) => {
    addAll(ctx, ctx.params.level!)
    ctx.status = 303
    ctx.redirect(String(ctx.query.to))
  })
  router.get('/redirect', (ctx) => {
    ctx.redirect(String(ctx.query.to))
  })
  router.post('/late/add/:level', (ctx) => {
    addAll(ctx, ctx.params.level!)
    ctx.redirect('/late/show')
  })
  router.get('/show', (ctx) => {
    ctx.body = render(ctx)
  })
  // Rendered by the late-render middleware below, after this handler returned.
  router.get('/late/show', (ctx) => {
    ctx.state.renderLate = true
  })
  router.get('/count', (ctx) => {
    ctx.body = { count: getMessages(ctx).length }
  })
  router.get('/keep', (ctx) => {
    ctx.body = render(ctx)
    ctx.messages.used = false
  })
  router.post('/read-then-add', (ctx) => {
    const read = [...getMessages(ctx)].map(String)
    addMessage(ctx, INFO, 'added after read')
    ctx.body = { read }
  })
  router.post('/level/reset/add/:level', (ctx) => {
    setLevel(ctx, 5)
    setLevel(ctx, null)
    addAll(ctx, ctx.params.level!)
    ctx.redirect('/show')
  })
  router.post('/level/:min/add/:level', (ctx) => {
    setLevel(ctx, Number(ctx.params.min))
    addAll(ctx, ctx.params.level!)
    ctx.redirect('/show')
  })
  router.get('/level', (ctx) => {
    ctx.body = { level: getLevel(ctx) }
  })
  router.post('/add-safe', (ctx) => {
    addMessage(ctx, SUCCESS, markSafe('<a href="/x">link</a>'))
    addMessage(ctx, INFO, '<b>plain</b>')
    ctx.redirect('/show')
  })
  router.get('/untouched', (ctx) => {
    ctx.body = 'ok'
  })
  const respond = (ctx: Context) => {
    if (ctx.method === 'POST') addAll(ctx, 'info')
    const rendered = ctx.query.read === 'none' ? { messages: [] } : render(ctx)
    ctx.set(JSON.parse(String(ctx.query.headers ?? '{}')))
    const status = Number(ctx.query.status ?? 200)
    if (status >= 300 && status < 400) ctx.set('Location', '/show')
    else if (status !== 204 && status !== 205 && status !== 304) ctx.body = rendered
    ctx.status = status
  }
  router.get('/respond', respond)
  router.post('/respond', respond)
  router.get('/conditional', (ctx) => {
    const rendered = render(ctx)
    ctx.set('ETag', '"v1"')
    if (ctx.get('if-none-match') === '"v1"') ctx.status = 304
    else ctx.body = rendered
  })
  router.get('/json', (ctx) => {
    ctx.body = messagesJson(ctx)
  })
  router.post('/error-after-add', (ctx) => {
    addMessage(ctx, ERROR, 'before the crash')
    throw new Error('crash after adding a message')
  })
  router.get('/show-then-throw', (ctx) => {
    Array.from(getMessages(ctx)) // displays them: the page rendered its list, then failed
    throw new Error('crash after displaying the messages')
  })
  router.post('/throw-non-error-after-add', (ctx) => {
    addMessage(ctx, ERROR, 'before the crash')
    throw 'not an Error'
  })
  router.post('/add-later', (ctx) => {
    ctx.body = 'ok'
    setTimeout(() => {
      try {
        addMessage(ctx, INFO, 'added too late')
      } catch (error) {
        ;(ctx.app as AppWithThrown).thrown.push(`${(error as Error).name}: ${(error as Error).message}`)
      }
    }, 20)
  })
  router.get('/read-later', (ctx) => {
    ctx.body = 'ok'
    setTimeout(() => {
      try {
        Array.from(getMessages(ctx))
      } catch (error) {
        ;(ctx.app as AppWithThrown).thrown.push(`${(error as Error).name}: ${(error as Error).message}`)
      }
    }, 20)
  })
  router.post('/bare/add/:level', (ctx) => {
    addAll(ctx, ctx.params.level!)
    ctx.redirect('/bare/show')
  })
  router.get('/bare/show', (ctx) => {
    ctx.body = { messages: [...getMessages(ctx)], level: getLevel(ctx), setLevel: setLevel(ctx, 10) }
  })
  return router
}

/** Koa's late render phase: a middleware that builds the body after the route handler returned. */
async function lateRender(ctx: Context, next: Next) {
  await next()
  if (ctx.state.renderLate) ctx.body = render(ctx)
}

/** Run `middleware` everywhere but under `/bare/`. */
function exceptBare(middleware: Middleware): Middleware {
  return (ctx, next) => (ctx.path.startsWith('/bare/') ? next() : middleware(ctx, next))
}

/**
 * Koa's documented error-handling middleware: answer 500 and delegate to `app.on('error')`.
 * Koa's built-in fallback handler removes every response header, which would drop koa-session's
 * cookie for a session created by the failing request (koa-session commits after flash, so
 * flash cannot carry it); the message cookie itself survives either way (see koa.test.ts).
 */
export async function errorPage(ctx: Context, next: Next) {
  try {
    await next()
  } catch (error) {
    ctx.status = 500
    ctx.body = 'Internal Server Error'
    ctx.app.emit('error', error, ctx)
  }
}

export interface KoaApp {
  readonly app: Koa
  readonly store: CountingStore
  readonly warnings: string[]
  /** What the delayed add of `/add-later` threw. */
  readonly thrown: string[]
}

/**
 * The standard Koa app, before its routes: app.keys, koa-session (when asked) then flash, as a
 * user would mount them. `extra` runs between flash and the routes.
 */
export function createApp(
  options: {
    flash: KoaFlashOptions
    /** `true`: koa-session with the counting external store; `'cookie'`: koa-session's cookie store. */
    session: boolean | 'cookie'
    /** Mount {@link errorPage} outermost. @default true */
    errorPage?: boolean
  },
  ...extra: Middleware[]
): KoaApp {
  const thrown: string[] = []
  const app = Object.assign(new Koa(), { thrown })
  app.keys = APP_KEYS
  app.silent = true
  const store = new CountingStore()
  const warnings: string[] = []
  if (options.errorPage !== false) app.use(errorPage)
  if (options.session === 'cookie') app.use(session({ key: 'koa.sess' }, app))
  else if (options.session) app.use(session({ store, key: 'koa.sess' }, app))
  app.use(bodyParser({ detectJSON: () => true }))
  app.use(exceptBare(flash({ logger: { warn: (text) => warnings.push(text) }, ...options.flash })))
  for (const middleware of extra) app.use(middleware)
  app.use(lateRender)
  const router = standardRouter()
  app.use(router.routes())
  app.use(router.allowedMethods())
  // After the router, for paths it has no route for: no route pattern matched.
  app.use((ctx, next) => {
    if (!ctx.path.startsWith('/unrouted/')) return next()
    ctx.set('Cache-Control', 'public, max-age=600')
    ctx.body = { messages: [...getMessages(ctx)].map(String) }
  })
  return { app, store, warnings, thrown }
}

/** Serve `app` on 127.0.0.1 with a random port. */
export async function listen(app: Koa) {
  // Headers up to 128 KiB, so the hostile-header scenario can send 64 KB (Node's default is 16 KiB).
  const server = createServer({ maxHeaderSize: 128 * 1024 }, app.callback()).listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const request = async (
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<SuiteResponse> => {
    const response = await fetch(`http://127.0.0.1:${port}${path}`, {
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
  return { request, close }
}

export const koaHarness: AdapterHarness = {
  name: 'koa over HTTP',
  async start(options: StandardAppOptions): Promise<StandardApp> {
    const { app, store, warnings, thrown } = createApp(options)
    const { request, close } = await listen(app)
    return {
      request,
      close,
      sessionWrites: () => store.writes,
      warnings: () => warnings,
      thrown: () => thrown,
    }
  },
}
