/**
 * @module
 * `flash()`: the Koa middleware. It gives each request a message storage (`ctx.messages`, and
 * the carrier the core API reads), and persists it after everything downstream has rendered.
 */
import {
  activeRecorder,
  attachStorage,
  type BaseStorage,
  createStorage,
  DEFAULT_LEVELS,
  persist,
  RECORD_HEADER,
  recordForTests,
} from '@flash/core'
import type { Context, Middleware } from 'koa'
import { type KoaFlashOptions, resolveKoaOptions } from './options.js'
import { KoaSeam } from './seam.js'

declare module 'koa' {
  interface DefaultContext {
    /** This request's messages (set by `flash()`); iterating them displays and consumes them. */
    messages: BaseStorage
  }
  interface DefaultState {
    /** The same storage as `ctx.messages`, for templates (koa-views merges `ctx.state` into locals). */
    messages: BaseStorage
    /** Django's `DEFAULT_MESSAGE_LEVELS`, for templates. */
    DEFAULT_MESSAGE_LEVELS: typeof DEFAULT_LEVELS
  }
}

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
  for (const warning of config.warnings) logger.warn(warning)
  const warn = (_details: unknown, text: string) => logger.warn(text)
  const save = (storage: BaseStorage) => persist(storage, config, warn)

  /** After downstream resolved: record (under tests), then persist; a promise only when there is work. */
  const finish = (ctx: Context, storage: BaseStorage): Promise<void> | undefined =>
    activeRecorder() ? record(ctx, storage).then(() => save(storage)) : save(storage)

  /** After downstream failed: an error page may still show messages added before the error. */
  const fail = async (ctx: Context, storage: BaseStorage, seam: KoaSeam, error: unknown): Promise<never> => {
    try {
      await finish(ctx, storage)
      keepHeadersThroughErrorHandler(ctx, seam.written, error)
    } catch (persistError) {
      ctx.app.emit('error', persistError, ctx)
    }
    throw error
  }

  // Not an async function: one `.then` per request instead of the function's own promise and its
  // awaits, which put @flash above a no-op middleware in the benchmark's S1.
  return function flashMiddleware(ctx, next) {
    const seam = new KoaSeam(ctx)
    const storage = createStorage(config, seam, ctx)
    ctx.messages = storage
    attachStorage(ctx, storage)
    // Lazy: the storage reads nothing until a template iterates it.
    ctx.state.messages = storage
    ctx.state.DEFAULT_MESSAGE_LEVELS = DEFAULT_LEVELS
    const downstream = () =>
      next().then(
        () => finish(ctx, storage),
        (error: unknown) => fail(ctx, storage, seam, error),
      )
    const loading = storage.preload()
    return loading ? loading.then(downstream) : downstream()
  }
}

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
 * Koa's default error handler removes every response header and then sets `error.headers`, so
 * the cookies the storage wrote above (the message cookie, a custom storage's own cookie), and
 * the test recording header, ride on the error. Other cookies of the app are not ours to keep.
 */
function keepHeadersThroughErrorHandler(ctx: Context, written: ReadonlySet<string>, error: unknown): void {
  if (typeof error !== 'object' || error === null) return
  // Koa 3's `response.get()` is `getHeader()`: `undefined` when the header is not set.
  const setCookie: unknown = ctx.response.get('set-cookie') ?? []
  const ours = (Array.isArray(setCookie) ? setCookie : [setCookie]).filter(
    (c): c is string => typeof c === 'string' && written.has(c.slice(0, c.indexOf('='))),
  )
  const recorded: unknown = ctx.response.get(RECORD_HEADER)
  if (ours.length === 0 && !recorded) return
  const carrier = error as { headers?: Record<string, string | string[]> }
  const headers = { ...carrier.headers }
  if (ours.length > 0) {
    const key = Object.keys(headers).find((h) => h.toLowerCase() === 'set-cookie') ?? 'set-cookie'
    const existing = headers[key] ?? []
    headers[key] = [...(Array.isArray(existing) ? existing : [existing]), ...ours]
  }
  if (recorded) headers[RECORD_HEADER] = String(recorded)
  carrier.headers = headers
}
