/**
 * @module
 * `flash()`: the Express middleware. It gives each request a message storage (`req.messages`,
 * `res.locals.messages`, and the carrier the core API reads), and ends the request with the
 * core's `endRequest` once the response is rendered, before its headers go out and before
 * express-session saves the session.
 */
import {
  attachStorage,
  type BaseStorage,
  createStorage,
  DEFAULT_LEVELS,
  type FlashConfig,
  type FlashReporter,
  scopeAsset,
} from '@flash/core'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { finishBeforeHeaders } from './before-headers.js'
import { type ExpressFlashOptions, resolveExpressOptions } from './options.js'
import { type FlashContext, saveMessages } from './save.js'
import { ExpressSeam } from './seam.js'
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
  const preload = !readsSynchronously(config)

  return function flashMiddleware(req: Request, res: Response, next: NextFunction) {
    // The script that takes `_flash` out of the address bar (scope: 'redirect').
    const asset = scopeAsset(config, req.method, req.path)
    if (asset) {
      res.set(asset.headers).send(asset.body)
      return
    }
    // Mounted twice (on the app and on a router): the first one serves the request.
    if (req.messages !== undefined) {
      next()
      return
    }
    const misordered = context.order?.check(req)
    if (misordered) {
      next(misordered)
      return
    }
    const seam = new ExpressSeam(req, res)
    const storage = createStorage(config, seam, req)
    req.messages = storage
    attachStorage(req, storage)
    res.locals.messages = storage
    res.locals.DEFAULT_MESSAGE_LEVELS = DEFAULT_LEVELS
    finishBeforeHeaders(
      res,
      (canWait) => saveMessages({ req, res, storage, seam, context }, canWait),
      (error, headersSent) => failed(error, headersSent, next, report),
    )
    // With node:crypto (the default) messages are read on first use, so a request that never
    // touches them does no crypto even when it carries a message cookie. Web Crypto or a custom
    // storage reads asynchronously: a present cookie is read before the handler.
    const loading = preload ? storage.preload() : undefined
    if (loading) loading.then(() => next(), next)
    else next()
  }
}

/**
 * Whether every read of this configuration is synchronous: built-in storages over a synchronous
 * crypto provider (the session storage reads the session on first use in any case).
 */
function readsSynchronously(config: FlashConfig): boolean {
  if (typeof config.storage === 'function') return false
  return config.storage === 'session' || config.crypto.synchronous === true
}

/** While nothing was sent, the app's error handler answers; after, only the log can say it. */
function failed(error: unknown, headersSent: boolean, next: NextFunction, report: FlashReporter): void {
  if (!headersSent) {
    setImmediate(() => next(error))
    return
  }
  const late = (error as { code?: unknown } | null)?.code === 'ERR_HTTP_HEADERS_SENT'
  report(
    late
      ? '@flash/express: the messages of a streamed response could not be stored: its headers were sent (by ' +
          'res.write() or a pipe) before the asynchronous storage (Web Crypto or a custom storage) wrote its ' +
          'cookie; add messages before streaming, or use the default crypto (node:crypto)'
      : `@flash/express: messages could not be stored, the response headers were already sent: ${String(error)}`,
  )
}
