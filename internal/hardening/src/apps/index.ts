/**
 * @module
 * The hardening apps behind one interface.
 */
import { listenExpress, startExpress } from './express.js'
import { listenFastify, startFastify } from './fastify.js'
import { listenHono, startHono } from './hono.js'
import { listenKoa, startKoa } from './koa.js'
import type { AdapterName, AppOptions, HardeningApp } from './types.js'

export { SECRET, SESSION_SECRET } from './counters.js'
export * from './types.js'

/** Start an app driven the cheapest real way: Fastify `inject`, Koa and Express over HTTP, Hono `app.request`. */
export function startApp(adapter: AdapterName, options: AppOptions): Promise<HardeningApp> {
  if (adapter === 'fastify') return startFastify(options)
  if (adapter === 'koa') return startKoa(options)
  if (adapter === 'express') return startExpress(options)
  return startHono(options)
}

/** Serve an app on 127.0.0.1, a random port. */
export function listenApp(adapter: AdapterName, options: AppOptions) {
  if (adapter === 'fastify') return listenFastify(options)
  if (adapter === 'koa') return listenKoa(options)
  if (adapter === 'express') return listenExpress(options)
  return listenHono(options)
}
