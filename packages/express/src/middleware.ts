/**
 * @module
 * `flash()`: the Express middleware. It gives each request a message storage (`req.messages`,
 * `res.locals.messages`, and the carrier the core API reads), and ends the request with the
 * core's `endRequest` once the response is rendered, before its headers go out and before
 * express-session saves the session.
 */
import {
  DEFAULT_LEVELS,
  endsUntouched,
  type FlashReporter,
  InnerFlash,
  needsPreload,
  scopeAssetFor,
} from '@flash/core'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { flashOf, localsOf } from './carrier.js'
import { type ExpressFlashOptions, resolveExpressOptions } from './options.js'
import { attachRequestFlash, RequestFlash } from './request-flash.js'
import type { FlashContext } from './save.js'
import { hasSession } from './seam.js'
import { SessionOrder } from './session-order.js'

/**
 * Create the flash middleware (Express 5 and 4). Options are validated now: a mistake throws a
 * `FlashConfigError` naming the option. Mount express-session (if any) before it.
 *
 * @example
 * app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }))  // optional
 * app.use(flash({ secret: process.env.FLASH_SECRET }))
 * app.post('/notes', (req, res) => { success(req, 'Note saved.'); res.redirect('/') })
 * app.get('/', (req, res) => res.json([...getMessages(req)].map((m) => ({ level: m.level, text: String(m) }))))
 */
export function flash(options: ExpressFlashOptions): RequestHandler {
  const { config, logger } = resolveExpressOptions(options)
  const report: FlashReporter = (text) => logger.warn(text)
  for (const warning of config.warnings) report(warning)
  const context: FlashContext = {
    config,
    report,
    order: config.usesSession ? new SessionOrder() : undefined,
  }
  const preload = needsPreload(config)
  const inner = new InnerFlash(config, report)
  // The script that takes `_flash` out of the address bar: only under scope: 'redirect'.
  const assetAt = scopeAssetFor(config)

  return function flashMiddleware(req: Request, res: Response, next: NextFunction) {
    const asset = assetAt?.(req.method, req.path)
    if (asset) {
      res.set(asset.headers).send(asset.body)
      return
    }
    // Read once: reading a property of an Express response costs (see carrier.ts).
    const locals = localsOf(res)
    // Mounted twice (on the app and on a router): the first one serves the request. Options of
    // this one that differ are reported.
    const serving = flashOf<RequestFlash>(req, locals)
    if (serving !== undefined) {
      inner.passedOn(serving.context.config)
      next()
      return
    }
    // Read once: every read of an Express request's property costs (its own hidden class).
    const sessionBefore = context.order !== undefined && hasSession(req)
    const misordered = context.order?.check(sessionBefore)
    if (misordered) {
      next(misordered)
      return
    }
    const flash = new RequestFlash(req, res, context, next, sessionBefore)
    attachRequestFlash(flash, locals, DEFAULT_LEVELS)
    // The storage is made on first use, except where it is needed anyway: an asynchronous read
    // (Web Crypto, a custom storage) is loaded before the handler, and the end of some requests
    // needs it although nothing used messages (tests, scope, htmx: endsUntouched).
    if (!preload && !endsUntouched(config, req.headers)) {
      next()
      return
    }
    const storage = flash.storageBeforeHandler()
    const loading = preload ? storage.preload() : undefined
    if (loading) loading.then(() => next(), next)
    else next()
  }
}
