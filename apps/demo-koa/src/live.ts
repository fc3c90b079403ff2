/**
 * @module
 * The htmx and Turbo pages on Koa (the routes are `LIVE_ROUTES` of @flash/demo-kit). Every form
 * carries koa-csrf's token (`ctx.state._csrf`) in its hidden field; htmx and Turbo submit the
 * form's fields, so the app's CSRF check holds.
 */
import { csrfInput, LIVE_ROUTES, type LiveExchange, type LiveReply } from '@flash/demo-kit'
import type Router from '@koa/router'
import type { Context } from 'koa'

/**
 * Add the htmx page (`/htmx`), the Turbo page (`/turbo`) and the vendored scripts to `router`.
 *
 * @example
 * liveRoutes(router)
 */
export function liveRoutes(router: Router): void {
  for (const route of LIVE_ROUTES) {
    router[route.method](route.path, async (ctx) => send(ctx, await route.handle(exchange(ctx))))
  }
}

function exchange(ctx: Context & { params?: Record<string, string> }): LiveExchange {
  return {
    carrier: ctx,
    framework: 'Koa',
    param: (name) => ctx.params?.[name],
    query: (name) => ctx.query[name],
    header: (name) => ctx.get(name) || undefined,
    csrfField: () => csrfInput(String(ctx.state._csrf)),
  }
}

function send(ctx: Context, reply: LiveReply): void {
  if (reply.kind === 'not-found') return
  if (reply.kind === 'see-other') {
    ctx.redirect(reply.url)
    ctx.status = 303
    return
  }
  if (reply.headers) ctx.set(reply.headers)
  ctx.type = reply.type
  ctx.body = reply.body
}
