/**
 * @module
 * Notes with a message playground, on Express 5: eta templates through `res.render()`,
 * `express.urlencoded()`, express-session (its MemoryStore), and `@flash/express`.
 */
import type { Server } from 'node:http'
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
import {
  cookieFromHeader,
  error,
  flash,
  messageRole,
  messagesJson,
  success,
  warning,
  withSuccessMessage,
} from '@flash/express'
import { Eta } from 'eta'
import express, { type ErrorRequestHandler, type Express, type Request, type Response } from 'express'
import session from 'express-session'
import { crossOriginProtection } from './cross-origin.js'
import { liveRoutes } from './live.js'

export interface DemoOptions {
  /** The signing secret of the message cookie. */
  secret: string
  /** Where warnings go (e.g. messages that could not be stored). @default console.warn */
  log?: (text: string) => void
}

const VIEWS = fileURLToPath(new URL('../views/', import.meta.url))

/**
 * Build the app (not listening).
 *
 * @example
 * const app = createApp({ secret: process.env.FLASH_SECRET! })
 * app.listen(3004)
 */
export function createApp({ secret, log = console.warn }: DemoOptions): Express {
  const notes = new NoteStore()
  const app = express()
  app.disable('x-powered-by')
  // res.render() hands eta the merged locals: app.locals, then res.locals (where flash() put
  // `messages` and `DEFAULT_MESSAGE_LEVELS`), then the page's data.
  const eta = new Eta({ views: VIEWS })
  app.engine('eta', (path, data, done) => {
    eta.renderAsync(relative(VIEWS, path), data).then((html) => done(null, html), done)
  })
  app.set('views', VIEWS)
  app.set('view engine', 'eta')
  app.locals['framework'] = 'Express'
  app.locals['messageRole'] = messageRole

  app.use(ASSETS_PREFIX, express.static(ASSETS_DIR))
  // Pages show one-time messages: the back button must fetch them again, never from a cache.
  app.use((_req, res, next) => {
    res.set('cache-control', 'no-store')
    next()
  })
  app.use(crossOriginProtection())
  // Before flash(), so flash stores the messages before express-session decides to save.
  app.use(
    session({
      name: 'demo_session',
      secret: sessionSecret(),
      resave: false,
      saveUninitialized: false,
      cookie: { httpOnly: true, sameSite: 'lax' },
    }),
  )
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
  app.use(express.urlencoded({ extended: false, limit: '64kb' }))

  app.get('/', (_req, res) => res.render('notes', notesView(notes.list())))

  // The success message is added only when the handler succeeded (a 2xx or 3xx response).
  app.post(
    '/notes',
    withSuccessMessage(noteCreatedMessage, (req, res) => {
      const form = parseNoteForm(req.body)
      if (!form.ok) {
        // Added and displayed by this same response: it is not shown again.
        error(req, form.error)
        res.status(422).render('notes', notesView(notes.list(), { title: form.title, invalid: true }))
        return
      }
      notes.create(form.title)
      res.redirect(303, '/')
    }),
  )

  app.post('/notes/:id/delete', (req, res) => {
    const note = notes.delete(req.params['id'] ?? '')
    if (note) success(req, noteDeleted(note))
    else warning(req, NOTE_MISSING)
    res.redirect(303, '/')
  })

  const playground = (req: Request, res: Response, values?: PlaygroundValues, status = 200) =>
    res.status(status).render('playground', playgroundView(req.messages, values))

  app.get('/playground', (req, res) => playground(req, res))

  app.post('/playground', (req, res) => {
    const form = parsePlaygroundForm(req.body)
    if (!form.ok) {
      for (const text of form.errors) error(req, text)
      return playground(req, res, form.values, 422)
    }
    addPlaygroundMessages(req, form.request)
    res.redirect(303, '/playground')
  })

  app.post('/playground/scope', (req, res) => {
    const choice = SCOPE_NAMES.find((name) => name === field(req.body, 'scope'))
    if (!choice) {
      error(req, UNKNOWN_SCOPE)
      return playground(req, res, undefined, 422)
    }
    res.cookie(SCOPE_COOKIE, choice, {
      ...STORAGE_COOKIE_OPTIONS,
      maxAge: STORAGE_COOKIE_OPTIONS.maxAge * 1000,
    })
    res.redirect(303, '/playground')
  })

  app.post('/playground/storage', (req, res) => {
    const choice = offeredStorages().find((name) => name === field(req.body, 'storage'))
    if (!choice) {
      error(req, UNKNOWN_STORAGE)
      return playground(req, res, undefined, 422)
    }
    res.cookie(STORAGE_COOKIE, choice, {
      ...STORAGE_COOKIE_OPTIONS,
      maxAge: STORAGE_COOKIE_OPTIONS.maxAge * 1000,
    })
    res.redirect(303, '/playground')
  })

  // Redis only: a job sends this visitor a message two seconds from now, outside any request.
  app.post('/playground/job', (req, res) => {
    // The one cookie the demo reads itself: @flash's parser (re-exported by @flash/express) instead
    // of a cookie-parser middleware for every request.
    const user = demoUserId(cookieFromHeader(req.headers.cookie, DEMO_USER_COOKIE))
    res.cookie(DEMO_USER_COOKIE, user, {
      ...STORAGE_COOKIE_OPTIONS,
      maxAge: STORAGE_COOKIE_OPTIONS.maxAge * 1000,
    })
    if (!queueBackgroundMessage(user))
      error(req, 'Background jobs need Redis: start the demo with REDIS_URL set.')
    res.redirect(303, '/playground')
  })

  // For single-page apps: the pending messages as JSON; reading them consumes them.
  app.get('/api/messages', (req, res) => {
    res.json({ messages: messagesJson(req) })
  })

  liveRoutes(app)

  app.use(errorPage(log))
  return app
}

/**
 * Client errors (a malformed or oversized body) keep their 4xx status; server errors are logged
 * and answered with a plain page. Neither echoes the error's text.
 */
function errorPage(log: (text: string) => void): ErrorRequestHandler {
  return (err: { status?: number; statusCode?: number; stack?: string }, _req, res, next) => {
    if (res.headersSent) return next(err)
    const status = err.status ?? err.statusCode ?? 500
    if (status >= 500) log(err.stack ?? String(err))
    res
      .status(status >= 400 && status < 600 ? status : 500)
      .type('text')
      .send(status >= 500 ? 'Internal Server Error' : 'Bad Request')
  }
}

/**
 * Build the app and listen on `port` of `host`.
 *
 * @example
 * const { url } = await startDemo({ secret, port: 3004 })
 */
export async function startDemo(
  options: DemoOptions & { port: number; host?: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp(options)
  const host = options.host ?? '127.0.0.1'
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, host, (error?: Error) =>
      error ? reject(error) : resolve(listening),
    )
    listening.once('error', reject)
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
