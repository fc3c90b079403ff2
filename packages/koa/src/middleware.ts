/**
 * @module
 * `flash()`: the Koa middleware. It gives each request a message storage (`ctx.messages`, and
 * the carrier the core API reads), and persists it after everything downstream has rendered.
 */
import {
  abandonRequest,
  activeRecorder,
  attachStorage,
  type BaseStorage,
  createStorage,
  DEFAULT_LEVELS,
  describeUnstored,
  endRequest,
  type FlashReporter,
  InnerFlash,
  markServedBy,
  needsPreload,
  RECORD_HEADER,
  recordForTests,
  scopeAssetFor,
  servingConfig,
  storageOf,
  unstoredDetails,
} from '@flash/core'
import type { Context, Middleware } from 'koa'
import {
  asError,
  carriedHeaders,
  carryOnto,
  carryToAnsweredError,
  ERROR_CANNOT_CARRY,
} from './error-response.js'
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
  const inner = new InnerFlash(config, report)

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

  /**
   * After downstream resolved. Persisting may still throw (`strict`, a session store that fails):
   * Koa's default error handler then answers, so what was stored rides on that error as on fail()'s.
   */
  const succeed = (ctx: Context, storage: BaseStorage, seam: KoaSeam): Promise<void> | undefined => {
    let ending: Promise<void> | undefined
    try {
      ending = finish(ctx, storage, seam)
    } catch (persistError) {
      return persistFailed(ctx, seam, persistError, droppedBy(storage))
    }
    return ending?.catch((persistError: unknown) =>
      persistFailed(ctx, seam, persistError, droppedBy(storage)),
    )
  }

  /**
   * After downstream failed: an error page may still show messages added before the error, and
   * what could be stored is kept even when persisting failed too (reported, never replacing the
   * original error). The seam reports the status Koa will answer the error with, so the core
   * judges the response Koa sends, not the `ctx.status` the handler left.
   */
  const fail = async (ctx: Context, storage: BaseStorage, seam: KoaSeam, thrown: unknown): Promise<never> => {
    const error = asError(thrown)
    seam.answeringError(error)
    try {
      await finish(ctx, storage, seam)
    } catch (persistError) {
      ctx.app.emit('error', persistError, ctx)
    }
    await keepForErrorPage(ctx, seam, error, droppedBy(storage))
    throw error
  }

  /**
   * Koa answered an error that cannot carry the cookie (see `carryToAnsweredError`): report what
   * the request added. Never thrown, even with `strict`: the response is gone.
   */
  const droppedBy = (storage: BaseStorage) => () => {
    const lost = storage.queued
    if (lost.length > 0) report(describeUnstored(lost, ERROR_CANNOT_CARRY, config), unstoredDetails(lost))
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
    // Mounted twice (a sub-app under koa-mount, a router's own flash(), on the same ctx): the
    // outer one serves the request. Two would each store under the one cookie name, and the outer
    // write would replace what the inner one stored. Options of this one that differ are reported.
    if (storageOf(ctx) !== undefined) {
      inner.passedOn(servingConfig(ctx))
      return next()
    }
    const seam = new KoaSeam(ctx)
    const storage = createStorage(config, seam, ctx)
    ctx.messages = storage
    attachStorage(ctx, storage)
    markServedBy(ctx, config)
    // Lazy: a synchronous storage reads nothing until a template iterates it.
    ctx.state.messages = storage
    ctx.state.DEFAULT_MESSAGE_LEVELS = DEFAULT_LEVELS
    const downstream = () =>
      next().then(
        () => succeed(ctx, storage, seam),
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

/** Persisting failed after downstream resolved: Koa's default error handler answers `error`. */
async function persistFailed(
  ctx: Context,
  seam: KoaSeam,
  error: unknown,
  dropped: () => void,
): Promise<never> {
  await keepForErrorPage(ctx, seam, error, dropped)
  throw error
}

/**
 * The headers, other than cookies (always carried), that committing the session set or changed:
 * koa-session's `externalKey` puts the session's id in a header of the app's choosing, and a new
 * session's messages are unreachable without it.
 */
function changedBy(ctx: Context, before: Record<string, unknown>): string[] {
  const after = ctx.response.headers
  return Object.keys(after).filter((name) => name !== 'set-cookie' && after[name] !== before[name])
}

/**
 * Before Koa's default error handler answers, which clears the headers. koa-session (mounted
 * before flash) would write its cookie only after that: commit it now, so its Set-Cookie rides on
 * the error with ours: on `error`, for an app's error middleware that reads `error.headers`, and on
 * whichever error Koa finally answers (an error middleware outside flash() may throw a new one).
 * `dropped` is called when that error cannot carry them. Headers already sent: nothing can ride on
 * them (finish() reported what was added). A failure here is reported, never thrown over `error`.
 */
async function keepForErrorPage(
  ctx: Context,
  seam: KoaSeam,
  error: unknown,
  dropped: () => void,
): Promise<void> {
  if (ctx.headerSent) return
  try {
    const before = { ...ctx.response.headers }
    await seam.commitSession()
    const carried = carriedHeaders(ctx, [...seam.headersSet(), ...changedBy(ctx, before)])
    if (carried === undefined) return
    carryOnto(error, carried)
    carryToAnsweredError(ctx, carried, dropped)
  } catch (failure) {
    ctx.app.emit('error', failure, ctx)
  }
}
