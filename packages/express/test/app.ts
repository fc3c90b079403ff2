/**
 * Small Express apps for the adapter's own tests: express-session (optional, mounted before
 * flash by default), cookie-parser (optional), an eta view engine, routes that send their
 * response every way Express can, and an error handler that renders the messages.
 */
import { readFileSync } from 'node:fs'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import cookieParser from 'cookie-parser'
import { Eta } from 'eta'
import type { ErrorRequestHandler, Express, RequestHandler } from 'express'
import express5 from 'express'
import session from 'express-session'
import { type ExpressFlashOptions, flash, getMessages, success } from '../src/index.js'
import { type ExpressFactory, SESSION_SECRET } from './harness.js'

export const SECRET = 'an-express-flash-secret-of-32-chars-or-more'
export const COOKIE_SECRET = 'a-cookie-parser-secret'

const eta = new Eta()
/** An Express view engine over eta, as the README shows. */
export function etaEngine(path: string, data: object, callback: (e: unknown, html?: string) => void) {
  try {
    callback(null, eta.renderString(readFileSync(path, 'utf8'), data))
  } catch (error) {
    callback(error)
  }
}

export interface TestAppOptions {
  express?: ExpressFactory
  flash?: Partial<ExpressFlashOptions>
  store?: session.Store
  /** Mount express-session after flash (the wrong order). */
  sessionAfterFlash?: boolean
  cookieParser?: 'plain' | 'signed'
  /** Routes mounted after flash, before the standard test routes. */
  routes?: (app: Express) => void
}

export interface TestApp {
  readonly app: Express
  readonly warnings: string[]
  readonly errors: unknown[]
}

export function testApp(options: TestAppOptions = {}): TestApp {
  const app = (options.express ?? express5)()
  app.set('views', fileURLToPath(new URL('./views', import.meta.url)))
  app.engine('eta', etaEngine)
  app.set('view engine', 'eta')
  const warnings: string[] = []
  const errors: unknown[] = []
  const sessions: RequestHandler | undefined = options.store
    ? session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, store: options.store })
    : undefined
  if (options.cookieParser) {
    app.use(cookieParser(options.cookieParser === 'signed' ? COOKIE_SECRET : undefined))
  }
  if (sessions && !options.sessionAfterFlash) app.use(sessions)
  app.use(express5.urlencoded({ extended: false }))
  app.use(flash({ secret: SECRET, logger: { warn: (text) => warnings.push(text) }, ...options.flash }))
  if (sessions && options.sessionAfterFlash) app.use(sessions)
  options.routes?.(app)
  app.post('/add', (req, res) => {
    success(req, req.body?.text ?? 'Note saved.')
    res.redirect('/show')
  })
  app.get('/show', (req, res) => {
    res.json([...getMessages(req)].map(String))
  })
  app.get('/untouched', (_req, res) => {
    res.send('ok')
  })
  app.use(errorPage(errors))
  return { app, warnings, errors }
}

/** The app's error handler: a page that shows the messages (as a layout would) and the error. */
function errorPage(errors: unknown[]): ErrorRequestHandler {
  return (error, _req, res, _next) => {
    errors.push(error)
    res.status(500).render('page', { title: `Error: ${(error as Error).message}` })
  }
}

/** Every way an Express route can send a response that carries a new message. */
export const SENDERS: Record<string, RequestHandler> = {
  'res.json': (_req, res) => {
    res.json({ ok: true })
  },
  'res.send': (_req, res) => {
    res.send('<p>sent</p>')
  },
  'res.end': (_req, res) => {
    res.end('ended')
  },
  'res.sendStatus': (_req, res) => {
    res.sendStatus(204)
  },
  'res.redirect': (_req, res) => {
    res.redirect('/show')
  },
  'res.render': (_req, res) => {
    res.render('plain', { title: 'Rendered' })
  },
  'a stream piped into res': (_req, res) => {
    res.type('text')
    Readable.from(['chunk 1 ', 'chunk 2']).pipe(res)
  },
  'res.write then res.end': (_req, res) => {
    res.write('first ')
    setImmediate(() => res.end('last'))
  },
}
