/**
 * @module
 * `flash()`: the Koa middleware. It gives each request a message storage (`ctx.messages`, and
 * the carrier the core API reads), and persists it after everything downstream has rendered.
 */
import { format } from 'node:util'
import {
  abandonRequest,
  activeRecorder,
  attachStorage,
  type BaseStorage,
  createStorage,
  DEFAULT_LEVELS,
  endRequest,
  type FlashReporter,
  needsPreload,
  RECORD_HEADER,
  recordForTests,
  scopeAssetFor,
} from '@flash/core'
import type { Context, Middleware } from 'koa'
import { type KoaFlashOptions, resolveKoaOptions } from './options.js'
import { KoaSeam } from './seam.js'

/**
 * Create the flash middleware. Options are validated now: a mistake throws a `FlashConfigError`
 * naming the option. Mount koa-session (if any) before it.
 *
 * @example
 * app.use(session(app))                               // optional: koa-session, for 'fallback' overflow or 'session'
 * app.use(flash({ secret: process.env.FLASH_SECRET }))
 * app.use(async (ctx) => {
 *   if (ctx.method === 'POST') { success(ctx, 'Note saved.'); ctx.redirect('/'); return }
 *   ctx.body = [...getMessages(ctx)].map((m) => ({ level: m.level, text: String(m), tags: m.tags }))
 * })
 */
export function flash(options: KoaFlashOptions): Middleware {
  const { config, logger } = resolveKoaOptions(options)
  // The script that takes `_flash` out of the address bar: only under scope: 'redirect'.
  const assetAt = scopeAssetFor(config)
  const report: FlashReporter = (text) => logger.warn(text)
  for (const warning of config.warnings) report(warning)
  // Only an asynchronous read (Web Crypto, a custom storage) is loaded before downstream: with
  // node:crypto a request that never touches messages verifies no cookie.
  const preload = needsPreload(config)

  /**
   * After downstream resolved: record (under tests), then end the request; a promise only when
   * there is work. Headers already sent (`ctx.respond = false` and a write to `ctx.res`,
   * `ctx.flushHeaders()`) take no cookie: what was added is reported instead (never thrown, even
   * with `strict`, as the response is gone), and later adds are refused.
   */
  const finish = (ctx: Context, storage: BaseStorage, seam: KoaSeam): Promise<void> | undefined => {
    if (ctx.headerSent) {
      abandonRequest(storage, config, report, WRITTEN_RAW)
      return undefined
    }
    return activeRecorder()
      ? record(ctx, storage).then(() => endRequest(storage, config, seam, report))
      : endRequest(storage, config, seam, report)
  }

  /** After downstream failed: an error page may still show messages added before the error. */
  const fail = async (ctx: Context, storage: BaseStorage, seam: KoaSeam, thrown: unknown): Promise<never> => {
    const error = asError(thrown)
    try {
      await finish(ctx, storage, seam)
      // Headers already sent: finish() reported what was added, and nothing can ride on them.
      if (!ctx.headerSent) {
        // koa-session (mounted before flash) would write its cookie only after Koa's error handler
        // cleared the headers: commit it now, so its Set-Cookie rides on the error with ours.
        await seam.commitSession()
        keepHeadersThroughErrorHandler(ctx, error)
      }
    } catch (persistError) {
      ctx.app.emit('error', persistError, ctx)
    }
    throw error
  }

  // Not an async function: one `.then` per request instead of the function's own promise and its
  // awaits, which put @flash above a no-op middleware in the benchmark's S1.
  return function flashMiddleware(ctx, next) {
    // Without scope, `ctx.path` (a URL parse) is not even read.
    const asset = assetAt?.(ctx.method, ctx.path)
    if (asset) {
      ctx.set(asset.headers)
      ctx.body = asset.body
      return Promise.resolve()
    }
    const seam = new KoaSeam(ctx)
    const storage = createStorage(config, seam, ctx)
    ctx.messages = storage
    attachStorage(ctx, storage)
    // Lazy: a synchronous storage reads nothing until a template iterates it.
    ctx.state.messages = storage
    ctx.state.DEFAULT_MESSAGE_LEVELS = DEFAULT_LEVELS
    const downstream = () =>
      next().then(
        () => finish(ctx, storage, seam),
        (error: unknown) => fail(ctx, storage, seam, error),
      )
    const loading = preload ? storage.preload() : undefined
    return loading ? loading.then(downstream) : downstream()
  }
}

const WRITTEN_RAW =
  'the response headers were sent before flash() could write (ctx.respond = false and a write to ctx.res, ' +
  'or ctx.flushHeaders()), so no cookie or session could be written; add messages before the headers are ' +
  'sent, or only to responses Koa sends'

/**
 * While a test imported `@flash/koa/testing`, name this request's messages in a response header
 * for `assertMessages(response, ...)`. Callers check `activeRecorder()` first, so outside tests a
 * request pays one global lookup and no await. Done before persisting.
 */
async function record(ctx: Context, storage: BaseStorage): Promise<void> {
  const id = await recordForTests(storage)
  if (id !== undefined && !ctx.headerSent) ctx.set(RECORD_HEADER, id)
}

/**
 * Koa's default error handler replaces a thrown value that is not an `Error` with a new one, which
 * cannot carry our headers: make that error here, with the same text, and the value as its `cause`.
 */
function asError(thrown: unknown): unknown {
  if (thrown instanceof Error || thrown === null || thrown === undefined) return thrown
  if (Object.prototype.toString.call(thrown) === '[object Error]') return thrown
  return new Error(format('non-error thrown: %j', thrown), { cause: thrown })
}

/**
 * Koa's default error handler removes every response header and then sets `error.headers`, so
 * every cookie this request wrote (ours, the session's, a custom storage's), and the test
 * recording header, ride on the error.
 */
function keepHeadersThroughErrorHandler(ctx: Context, error: unknown): void {
  if (typeof error !== 'object' || error === null) return
  // Koa 3's `response.get()` is `getHeader()`: `undefined` when the header is not set.
  const setCookie: unknown = ctx.response.get('set-cookie') ?? []
  const written = (Array.isArray(setCookie) ? setCookie : [setCookie]).filter(
    (c): c is string => typeof c === 'string',
  )
  const recorded: unknown = ctx.response.get(RECORD_HEADER)
  if (written.length === 0 && !recorded) return
  const carrier = error as { headers?: Record<string, string | string[]> }
  const headers = { ...carrier.headers }
  if (written.length > 0) {
    const key = Object.keys(headers).find((h) => h.toLowerCase() === 'set-cookie') ?? 'set-cookie'
    const existing = headers[key] ?? []
    const carried = Array.isArray(existing) ? existing : [existing]
    headers[key] = [...carried, ...written.filter((c) => !carried.includes(c))]
  }
  if (recorded) headers[RECORD_HEADER] = String(recorded)
  carrier.headers = headers
}
