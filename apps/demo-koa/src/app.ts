/**
 * @module
 * Notes with a message playground, on Koa: koa-views with eta templates, `@koa/router`,
 * `@koa/bodyparser`, koa-session with an in-memory store, koa-csrf and `@flash/koa`.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  ASSETS_DIR,
  ASSETS_PREFIX,
  addPlaygroundMessages,
  DEMO_TAGS,
  DEMO_USER_COOKIE,
  demoUserId,
  field,
  NOTE_MISSING,
  NoteStore,
  noteCreatedMessage,
  noteDeleted,
  notesView,
  offeredStorages,
  type PlaygroundValues,
  parseNoteForm,
  parsePlaygroundForm,
  playgroundView,
  queueBackgroundMessage,
  SCOPE_COOKIE,
  SCOPE_NAMES,
  STORAGE_COOKIE,
  STORAGE_COOKIE_OPTIONS,
  sessionSecret,
  switchableStorage,
  UNKNOWN_SCOPE,
  UNKNOWN_STORAGE,
} from '@flash/demo-kit'
import { error, flash, messageRole, messagesJson, success, warning, withSuccessMessage } from '@flash/koa'
import { bodyParser } from '@koa/bodyparser'
import Router from '@koa/router'
import views from '@ladjs/koa-views'
import { Eta } from 'eta'
import Koa, { type Context } from 'koa'
import CSRF from 'koa-csrf'
import session from 'koa-session'
import serve from 'koa-static'
import { liveRoutes } from './live.js'

export interface DemoOptions {
  /** The signing secret of the message cookie. */
  secret: string
  /** Where warnings go (e.g. messages that could not be stored). @default console.warn */
  log?: (text: string) => void
}

const VIEWS = fileURLToPath(new URL('../views/', import.meta.url))

/** koa-session's external store, in memory: sessions end with the process. */
function memoryStore() {
  const sessions = new Map<string, unknown>()
  return {
    get: async (key: string) => sessions.get(key),
    set: async (key: string, value: unknown) => void sessions.set(key, value),
    destroy: async (key: string) => void sessions.delete(key),
  }
}

/**
 * Build the app (not listening).
 *
 * @example
 * const app = createApp({ secret: process.env.FLASH_SECRET! })
 * app.listen(3002)
 */
export function createApp({ secret, log = console.warn }: DemoOptions): Koa {
  const notes = new NoteStore()
  const app = new Koa()
  app.keys = [sessionSecret()]
  const router = new Router()
  // Client errors (a malformed body) are answered by Koa; only server errors are worth a log line.
  app.on('error', (err: { status?: number; stack?: string }) => {
    if ((err.status ?? 500) >= 500) log(err.stack ?? String(err))
  })

  app.use(serveAssets())
  // Pages show one-time messages: the back button must fetch them again, never from a cache.
  app.use(async (ctx, next) => {
    ctx.set('cache-control', 'no-store')
    await next()
  })
  // Before flash(), so the session is saved after the messages are stored.
  app.use(session({ key: 'demo_session', store: memoryStore(), httpOnly: true, sameSite: 'lax' }, app))
  app.use(
    flash({
      secret,
      storage: switchableStorage,
      tags: DEMO_TAGS,
      htmx: true,
      scope: 'redirect',
      logger: { warn: log },
    }),
  )
  app.use(bodyParser({ enableTypes: ['form', 'json'] }))
  // Every form carries a token in a hidden field; a POST without it (any other site's form, which
  // cannot read the token) is refused with 403 before its handler adds or stores anything. The
  // secret is in the session; after the body parser, because the token is in the body.
  app.use(new CSRF({ disableQuery: true }))
  // koa-views merges ctx.state (where flash() put `messages`) into the template's locals.
  const eta = new Eta({ views: VIEWS })
  app.use(
    views(VIEWS, {
      extension: 'eta',
      engineSource: { eta: (file: string, locals: object) => eta.renderAsync(relative(VIEWS, file), locals) },
    }),
  )
  app.use(async (ctx, next) => {
    ctx.state['framework'] = 'Koa'
    ctx.state['messageRole'] = messageRole
    await next()
  })

  const page = (ctx: Context, template: string, data: object, status = 200) => {
    ctx.status = status
    return ctx.render(template, { csrfToken: ctx.state._csrf, ...data })
  }

  router.get('/', (ctx) => page(ctx, 'notes', notesView(notes.list())))

  // The success message is added only when the handler succeeded (a 2xx or 3xx response).
  router.post(
    '/notes',
    withSuccessMessage(noteCreatedMessage, async (ctx: Context) => {
      const form = parseNoteForm(ctx.request.body)
      if (!form.ok) {
        // Added and displayed by this same response: it is not shown again.
        error(ctx, form.error)
        return page(ctx, 'notes', notesView(notes.list(), { title: form.title, invalid: true }), 422)
      }
      notes.create(form.title)
      redirect(ctx, '/')
    }),
  )

  router.post('/notes/:id/delete', (ctx) => {
    const note = notes.delete(ctx.params['id'] ?? '')
    if (note) success(ctx, noteDeleted(note))
    else warning(ctx, NOTE_MISSING)
    redirect(ctx, '/')
  })

  const playground = (ctx: Context, values?: PlaygroundValues, status = 200) =>
    page(ctx, 'playground', playgroundView(ctx.messages, values), status)

  router.get('/playground', (ctx) => playground(ctx))

  router.post('/playground', (ctx) => {
    const form = parsePlaygroundForm(ctx.request.body)
    if (!form.ok) {
      for (const text of form.errors) error(ctx, text)
      return playground(ctx, form.values, 422)
    }
    addPlaygroundMessages(ctx, form.request)
    redirect(ctx, '/playground')
  })

  router.post('/playground/scope', (ctx) => {
    const choice = SCOPE_NAMES.find((name) => name === field(ctx.request.body, 'scope'))
    if (!choice) {
      error(ctx, UNKNOWN_SCOPE)
      return playground(ctx, undefined, 422)
    }
    ctx.cookies.set(SCOPE_COOKIE, choice, {
      ...STORAGE_COOKIE_OPTIONS,
      maxAge: STORAGE_COOKIE_OPTIONS.maxAge * 1000,
    })
    redirect(ctx, '/playground')
  })

  router.post('/playground/storage', (ctx) => {
    const choice = offeredStorages().find((name) => name === field(ctx.request.body, 'storage'))
    if (!choice) {
      error(ctx, UNKNOWN_STORAGE)
      return playground(ctx, undefined, 422)
    }
    ctx.cookies.set(STORAGE_COOKIE, choice, {
      ...STORAGE_COOKIE_OPTIONS,
      maxAge: STORAGE_COOKIE_OPTIONS.maxAge * 1000,
    })
    redirect(ctx, '/playground')
  })

  // Redis only: a job sends this visitor a message two seconds from now, outside any request.
  router.post('/playground/job', (ctx) => {
    const user = demoUserId(ctx.cookies.get(DEMO_USER_COOKIE))
    ctx.cookies.set(DEMO_USER_COOKIE, user, {
      ...STORAGE_COOKIE_OPTIONS,
      maxAge: STORAGE_COOKIE_OPTIONS.maxAge * 1000,
    })
    if (!queueBackgroundMessage(user))
      error(ctx, 'Background jobs need Redis: start the demo with REDIS_URL set.')
    redirect(ctx, '/playground')
  })

  // For single-page apps: the pending messages as JSON; reading them consumes them.
  router.get('/api/messages', (ctx) => {
    ctx.body = { messages: messagesJson(ctx) }
  })

  liveRoutes(router)

  app.use(router.routes()).use(router.allowedMethods())
  return app
}

/** POST/redirect/GET with 303 See Other. */
function redirect(ctx: Context, url: string): void {
  ctx.redirect(url)
  ctx.status = 303
}

/** koa-static for `/assets/*` (it serves from the root of the path it is given). */
function serveAssets(): Koa.Middleware {
  const assets = serve(ASSETS_DIR)
  return async (ctx, next) => {
    if (!ctx.path.startsWith(ASSETS_PREFIX)) return next()
    const path = ctx.path
    ctx.path = path.slice(ASSETS_PREFIX.length - 1)
    try {
      await assets(ctx, next)
    } finally {
      ctx.path = path
    }
  }
}

/**
 * Build the app and listen on `port` of `host`.
 *
 * @example
 * const { url } = await startDemo({ secret, port: 3002 })
 */
export async function startDemo(
  options: DemoOptions & { port: number; host?: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer(createApp(options).callback())
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
