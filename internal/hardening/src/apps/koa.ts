/**
 * @module
 * The hardening app on Koa 3: koa-session (an external counting store) then `@flash/koa`, a
 * late-render middleware, and the routes; served by a real `http.Server` on 127.0.0.1.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { flash } from '@flash/koa'
import Koa, { type Context } from 'koa'
import session from 'koa-session'
import { Counters } from './counters.js'
import { addTexts, beforeDisplay, display, runPlan, show } from './plan.js'
import { httpClient, rawGet } from './raw-http.js'
import type { AppOptions, HardeningApp, Plan } from './types.js'

class CountingStore {
  readonly data = new Map<string, string>()
  constructor(private readonly counters: Counters) {}
  async get(key: string): Promise<Record<string, unknown> | undefined> {
    const json = this.data.get(key)
    return json === undefined ? undefined : JSON.parse(json)
  }
  async set(key: string, value: Record<string, unknown>): Promise<void> {
    this.counters.sessionWrites++
    this.data.set(key, JSON.stringify(value))
  }
  async destroy(key: string): Promise<void> {
    this.counters.sessionWrites++
    this.data.delete(key)
  }
}

async function readJson(ctx: Context): Promise<unknown> {
  const chunks: Buffer[] = []
  for await (const chunk of ctx.req) chunks.push(chunk as Buffer)
  return JSON.parse(Buffer.concat(chunks).toString('utf8'))
}

interface LateState {
  latePlan?: Plan
  lateCount?: number | null
}

export function createKoaApp(options: AppOptions, counters: Counters): Koa {
  const app = new Koa()
  app.keys = ['hardening-koa-key-0123456789']
  app.silent = true
  if (options.session) app.use(session({ store: new CountingStore(counters), key: 'koa.sess' }, app))
  app.use(flash({ ...options.flash, logger: { warn: (text) => counters.warnings.push(text) } }))
  // The late-render phase: after the handler returned, before flash persists.
  app.use(async (ctx, next) => {
    await next()
    const state = ctx.state as LateState
    if (state.latePlan) ctx.body = { count: state.lateCount, shown: display(ctx, state.latePlan) }
  })
  app.use(async (ctx) => {
    const route = `${ctx.method} ${ctx.path}`
    if (route === 'POST /run') {
      const plan = (await readJson(ctx)) as Plan
      if (plan.display !== 'late') ctx.body = runPlan(ctx, plan)
      else {
        const state = ctx.state as LateState
        state.latePlan = plan
        state.lateCount = beforeDisplay(ctx, plan)
      }
    } else if (route === 'GET /show') ctx.body = { shown: show(ctx) }
    else if (route === 'POST /add') {
      addTexts(ctx, ((await readJson(ctx)) as { messages: string[] }).messages)
      ctx.redirect('/show')
    } else if (route === 'GET /untouched') ctx.body = 'ok'
  })
  return app
}

export async function listenKoa(options: AppOptions) {
  const counters = new Counters()
  const server: Server = createServer(
    { maxHeaderSize: options.maxHeaderSize },
    createKoaApp(options, counters).callback(),
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
export async function startKoa(options: AppOptions): Promise<HardeningApp> {
  const { port, counters, close } = await listenKoa(options)
  const client = httpClient(port)
  return {
    adapter: 'koa',
    request: (path, init = {}) =>
      client.send(path, {
        ...init,
        headers: {
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
      }),
    requestWithRawCookie: (path, cookieHeader) => rawGet(port, path, cookieHeader),
    sessionWrites: () => counters.sessionWrites,
    warnings: () => counters.warnings,
    close: async () => {
      client.close()
      await close()
    },
  }
}
