/**
 * @module
 * The hardening app on Express 5: express-session (a counting MemoryStore) then
 * `@flash/express`, the routes, and a late render through `res.render()` and a view engine;
 * served by a real `http.Server` on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { flash } from '@flash/express'
import express, { type Express, type Response } from 'express'
import session from 'express-session'
import { Counters, SESSION_SECRET } from './counters.js'
import { addTexts, beforeDisplay, display, runPlan, show } from './plan.js'
import { httpClient, rawGet } from './raw-http.js'
import type { AppOptions, HardeningApp, Plan } from './types.js'

/** express-session's own MemoryStore, counting writes (set and destroy). */
class CountingStore extends session.MemoryStore {
  constructor(private readonly counters: Counters) {
    super()
  }
  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    this.counters.sessionWrites++
    super.set(sid, data, callback)
  }
  override destroy(sid: string, callback?: (error?: unknown) => void): void {
    this.counters.sessionWrites++
    super.destroy(sid, callback)
  }
}

/** The late-render phase: a view engine that runs the display part of the plan from `res.locals`. */
function lateEngine(_path: string, options: object, done: (error: unknown, body?: string) => void) {
  const { plan, count, req } = options as { plan: Plan; count: number | null; req: object }
  try {
    done(null, JSON.stringify({ count, shown: display(req, plan) }))
  } catch (error) {
    done(error)
  }
}

export function createExpressApp(options: AppOptions, counters: Counters): Express {
  const app = express()
  // Express finds a view by file and engine by extension; the engine never reads the file, so
  // this very module (`express.ts` beside it) serves as the view.
  app.engine('ts', lateEngine)
  app.set('view engine', 'ts')
  app.set('views', new URL('.', import.meta.url).pathname)
  if (options.session) {
    app.use(
      session({
        secret: SESSION_SECRET,
        resave: false,
        saveUninitialized: false,
        store: new CountingStore(counters),
      }),
    )
  }
  app.use(express.json({ type: () => true }))
  app.use(flash({ ...options.flash, logger: { warn: (text) => counters.warnings.push(text) } }))
  app.post('/run', (req, res) => {
    const plan = req.body as Plan
    if (plan.display !== 'late') {
      res.json(runPlan(req, plan))
      return
    }
    const count = beforeDisplay(req, plan)
    res.type('json')
    lateRender(res, { plan, count, req })
  })
  app.get('/show', (req, res) => {
    res.json({ shown: show(req) })
  })
  app.post('/add', (req, res) => {
    addTexts(req, (req.body as { messages: string[] }).messages)
    res.redirect('/show')
  })
  app.get('/untouched', (_req, res) => {
    res.send('ok')
  })
  return app
}

function lateRender(res: Response, locals: object): void {
  res.render('express', locals)
}

export async function listenExpress(options: AppOptions) {
  const counters = new Counters()
  const server: Server = createServer(
    { maxHeaderSize: options.maxHeaderSize },
    createExpressApp(options, counters),
  ).listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const close = async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))
  }
  return { port, counters, close }
}

/** Driven over real HTTP: a keep-alive node:http client for plans, a raw socket for hostile cookies. */
export async function startExpress(options: AppOptions): Promise<HardeningApp> {
  const { port, counters, close } = await listenExpress(options)
  const client = httpClient(port)
  return {
    adapter: 'express',
    request: (path, init = {}) => client.send(path, init),
    requestWithRawCookie: (path, cookieHeader) => rawGet(port, path, cookieHeader),
    sessionWrites: () => counters.sessionWrites,
    warnings: () => counters.warnings,
    close: async () => {
      client.close()
      await close()
    },
  }
}
