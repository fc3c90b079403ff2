/**
 * @module
 * The htmx and Turbo pages on Express (the routes are `LIVE_ROUTES` of @flash/demo-kit). The
 * demo's cross-origin protection reads every POST's `Sec-Fetch-Site`/`Origin`, htmx's and Turbo's
 * fetches included, so the forms carry no token.
 */
import { LIVE_ROUTES, type LiveExchange, type LiveReply } from '@flash/demo-kit'
import type { Express, NextFunction, Request, Response } from 'express'

/**
 * Add the htmx page (`/htmx`), the Turbo page (`/turbo`) and the vendored scripts to `app`.
 *
 * @example
 * liveRoutes(app)
 */
export function liveRoutes(app: Express): void {
  for (const route of LIVE_ROUTES) {
    app[route.method](route.path, async (req, res, next) => {
      send(res, next, await route.handle(exchange(req)))
    })
  }
}

function exchange(req: Request): LiveExchange {
  return {
    carrier: req,
    framework: 'Express',
    param: (name) => {
      const value: unknown = req.params[name]
      return typeof value === 'string' ? value : undefined
    },
    query: (name) => req.query[name],
    header: (name) => req.get(name),
    csrfField: () => '',
  }
}

function send(res: Response, next: NextFunction, reply: LiveReply): void {
  if (reply.kind === 'not-found') next()
  else if (reply.kind === 'see-other') res.redirect(303, reply.url)
  else
    res
      .set(reply.headers ?? {})
      .type(reply.type)
      .send(reply.body)
}
