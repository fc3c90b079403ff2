/**
 * @module
 * The hardening app on Hono 4: a Map-backed session middleware that saves only modified sessions
 * (Hono has no session of its own), `@flash/hono`, and the routes; driven with `app.request`.
 */
import type { AddressInfo } from 'node:net'
import { type FlashEnv, type FlashSession, flash } from '@flash/hono'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import { Counters } from './counters.js'
import { addTexts, beforeDisplay, display, runPlan, show } from './plan.js'
import type { AppOptions, Exchange, HardeningApp, Plan } from './types.js'

function sessions(counters: Counters) {
  // JSON copies, as a real store keeps them.
  const data = new Map<string, string>()
  return createMiddleware<{ Variables: { session: FlashSession } }>(async (c, next) => {
    const sid = getCookie(c, 'sid')
    const stored = sid === undefined ? undefined : data.get(sid)
    const values: Record<string, unknown> = stored === undefined ? {} : JSON.parse(stored)
    let modified = false
    c.set('session', {
      get: (key) => values[key],
      set: (key, value) => {
        values[key] = value
        modified = true
      },
      delete: (key) => {
        if (key in values) modified = true
        delete values[key]
      },
    })
    await next()
    if (!modified) return
    counters.sessionWrites++
    if (stored !== undefined && sid !== undefined) data.set(sid, JSON.stringify(values))
    else {
      const id = crypto.randomUUID()
      data.set(id, JSON.stringify(values))
      c.header('Set-Cookie', `sid=${id}; Path=/; HttpOnly`, { append: true })
    }
  })
}

export function createHonoApp(options: AppOptions, counters: Counters): Hono<FlashEnv> {
  const app = new Hono<FlashEnv>()
  app.onError((_, c) => c.text('Internal Server Error', 500))
  if (options.session) app.use(sessions(counters))
  app.use(flash({ ...options.flash, logger: (text) => counters.warnings.push(text) }))
  app.post('/run', async (c, next) => {
    const plan = (await c.req.json()) as Plan
    if (plan.display !== 'late') return c.json(runPlan(c, plan))
    const count = beforeDisplay(c, plan)
    await next()
    // The late-render phase: after the handler below returned, before flash persists.
    c.res = c.json({ count, shown: display(c, plan) })
  })
  app.post('/run', (c) => c.text('rendered later'))
  app.get('/show', (c) => c.json({ shown: show(c) }))
  app.post('/add', async (c) => {
    addTexts(c, ((await c.req.json()) as { messages: string[] }).messages)
    return c.redirect('/show')
  })
  app.get('/untouched', (c) => c.text('ok'))
  return app
}

async function exchange(res: Response): Promise<Exchange> {
  return { status: res.status, setCookies: res.headers.getSetCookie(), body: await res.text() }
}

/** Driven with `app.request`: a web `Request` straight into the app. */
export async function startHono(options: AppOptions): Promise<HardeningApp> {
  const counters = new Counters()
  const app = createHonoApp(options, counters)
  return {
    adapter: 'hono',
    async request(path, init = {}) {
      return exchange(
        await app.request(path, {
          method: init.method ?? 'GET',
          headers: {
            ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...init.headers,
          },
          ...(init.body === undefined ? {} : { body: init.body }),
        }),
      )
    },
    async requestWithRawCookie(path, cookieHeader) {
      let request: Request
      try {
        request = new Request(`http://localhost${path}`, { headers: { cookie: cookieHeader } })
      } catch {
        return 'refused'
      }
      return exchange(await app.request(request))
    },
    sessionWrites: () => counters.sessionWrites,
    warnings: () => counters.warnings,
    close: async () => {},
  }
}

/** A real @hono/node-server server on 127.0.0.1 (for the soak script and hostile headers). */
export async function listenHono(options: AppOptions) {
  const counters = new Counters()
  const app = createHonoApp(options, counters)
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      const serverOptions = { maxHeaderSize: options.maxHeaderSize }
      const server = serve(
        { fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions },
        (info: AddressInfo) => resolve({ server, port: info.port }),
      )
    },
  )
  const close = () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())))
  return { port, counters, close }
}
