/**
 * @module
 * The hardening app on Fastify 5: `@fastify/cookie`, `@flash/fastify`, and `@fastify/session`
 * (registered after flash, as its README requires) with a counting in-memory store.
 */
import type { AddressInfo } from 'node:net'
import cookie from '@fastify/cookie'
import session, { type SessionStore } from '@fastify/session'
import flash from '@flash/fastify'
import Fastify, { type FastifyInstance, type Session } from 'fastify'
import { Counters, SESSION_SECRET } from './counters.js'
import { addTexts, beforeDisplay, display, runPlan, show } from './plan.js'
import type { AppOptions, Exchange, HardeningApp, Plan } from './types.js'

/** A session store that keeps JSON copies, as a real store would, and counts writes. */
class CountingStore implements SessionStore {
  readonly sessions = new Map<string, string>()
  constructor(private readonly counters: Counters) {}
  get(id: string, callback: (error: null, session?: Session | null) => void): void {
    const json = this.sessions.get(id)
    callback(null, json === undefined ? null : JSON.parse(json))
  }
  set(id: string, value: Session, callback: (error?: null) => void): void {
    this.counters.sessionWrites++
    this.sessions.set(id, JSON.stringify(value))
    callback()
  }
  destroy(id: string, callback: (error?: null) => void): void {
    this.counters.sessionWrites++
    this.sessions.delete(id)
    callback()
  }
}

const LATE = Symbol('late')
const plans = new WeakMap<object, Plan>()

export async function createFastifyApp(options: AppOptions, counters: Counters): Promise<FastifyInstance> {
  const stream = {
    write(line: string) {
      const record = JSON.parse(line) as { level: number; msg: string }
      if (record.level === 40 && record.msg.startsWith('@flash/')) counters.warnings.push(record.msg)
    },
  }
  const app = Fastify({
    logger: { level: 'warn', stream },
    ...(options.maxHeaderSize === undefined ? {} : { http: { maxHeaderSize: options.maxHeaderSize } }),
  })
  await app.register(cookie)
  await app.register(flash, options.flash)
  if (options.session) {
    await app.register(session, {
      secret: SESSION_SECRET,
      store: new CountingStore(counters),
      saveUninitialized: false,
      rolling: false,
      cookie: { secure: false },
    })
  }
  app.post('/run', {
    preSerialization: async (request, _reply, payload) => {
      if (payload !== LATE) return payload
      const plan = plans.get(request)!
      return { count: (request as { lateCount?: number | null }).lateCount, shown: display(request, plan) }
    },
    handler: async (request) => {
      const plan = request.body as Plan
      if (plan.display !== 'late') return runPlan(request, plan)
      plans.set(request, plan)
      ;(request as { lateCount?: number | null }).lateCount = beforeDisplay(request, plan)
      return LATE
    },
  })
  app.get('/show', async (request) => ({ shown: show(request) }))
  app.post('/add', async (request, reply) => {
    addTexts(request, (request.body as { messages: string[] }).messages)
    return reply.redirect('/show')
  })
  app.get('/untouched', async () => 'ok')
  return app
}

function exchange(res: { statusCode: number; headers: Record<string, unknown>; body: string }): Exchange {
  const raw = res.headers['set-cookie']
  const setCookies = raw === undefined ? [] : Array.isArray(raw) ? raw.map(String) : [String(raw)]
  return { status: res.statusCode, setCookies, body: res.body }
}

/** Driven with `inject`: no socket, the full Fastify lifecycle. */
export async function startFastify(options: AppOptions): Promise<HardeningApp> {
  const counters = new Counters()
  const app = await createFastifyApp(options, counters)
  await app.ready()
  return {
    adapter: 'fastify',
    async request(path, init = {}) {
      const res = await app.inject({
        method: (init.method ?? 'GET') as 'GET',
        url: path,
        headers: {
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        ...(init.body === undefined ? {} : { payload: init.body }),
      })
      return exchange(res)
    },
    async requestWithRawCookie(path, cookieHeader) {
      try {
        return exchange(await app.inject({ method: 'GET', url: path, headers: { cookie: cookieHeader } }))
      } catch {
        return 'refused'
      }
    },
    sessionWrites: () => counters.sessionWrites,
    warnings: () => counters.warnings,
    close: () => app.close(),
  }
}

/** A real server on 127.0.0.1 (for the soak script). */
export async function listenFastify(options: AppOptions) {
  const counters = new Counters()
  const app = await createFastifyApp(options, counters)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  return { port, counters, close: () => app.close() }
}
