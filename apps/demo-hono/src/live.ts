/**
 * @module
 * The htmx and Turbo pages on Hono (the routes are `LIVE_ROUTES` of @flash/demo-kit).
 * `hono/csrf` checks every POST's `Origin`, htmx's and Turbo's fetches included, so the forms
 * carry no token.
 */
import { LIVE_ROUTES, type LiveExchange, type LiveReply } from '@flash/demo-kit'
import type { FlashEnv } from '@flash/hono'
import type { Context, Hono } from 'hono'

/**
 * Add the htmx page (`/htmx`), the Turbo page (`/turbo`) and the vendored scripts to `app`.
 *
 * @example
 * liveRoutes(app)
 */
export function liveRoutes<E extends FlashEnv>(app: Hono<E>): void {
  for (const route of LIVE_ROUTES) {
    app[route.method](route.path, async (c) => send(c, await route.handle(exchange(c))))
  }
}

function exchange(c: Context): LiveExchange {
  return {
    carrier: c,
    framework: 'Hono',
    param: (name) => c.req.param(name),
    query: (name) => c.req.query(name),
    header: (name) => c.req.header(name),
    csrfField: () => '',
  }
}

function send(c: Context, reply: LiveReply): Response | Promise<Response> {
  if (reply.kind === 'not-found') return c.notFound()
  if (reply.kind === 'see-other') return c.redirect(reply.url, 303)
  return c.body(reply.body, 200, { ...reply.headers, 'content-type': reply.type })
}
