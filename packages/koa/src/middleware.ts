/**
 * @module
 * `flash()`: the Koa middleware. It gives each request a message storage (`ctx.messages`, and
 * the carrier the core API reads), and persists it after everything downstream has rendered.
 */
import { attachStorage, type BaseStorage, createStorage, DEFAULT_LEVELS, persist } from '@flash/core'
import type { Middleware } from 'koa'
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
  const save = (storage: BaseStorage) => {
    // Workaround for a core bug: SessionStorage.preload() loads nothing, so update() would
    // overwrite the stored messages with the new ones. Reading `length` loads them first.
    if (storage.addedNew && !storage.used) void storage.length
    return persist(storage, config, warn)
  }

  return async function flashMiddleware(ctx, next) {
    const storage = createStorage(config, new KoaSeam(ctx))
    ctx.messages = storage
    attachStorage(ctx, storage)
    // Lazy: the storage reads nothing until a template iterates it.
    ctx.state.messages = storage
    ctx.state.DEFAULT_MESSAGE_LEVELS = DEFAULT_LEVELS
    const loading = storage.preload()
    if (loading) await loading

    try {
      await next()
    } catch (error) {
      // An error page may still show messages added before the error: store them, keep the error.
      try {
        await save(storage)
        keepCookieThroughErrorHandler(ctx.response.get('set-cookie'), config.cookieName, error)
      } catch (persistError) {
        ctx.app.emit('error', persistError, ctx)
      }
      throw error
    }
    await save(storage)
  }
}

/**
 * Koa's default error handler removes every response header and then sets `error.headers`, so
 * the message cookie written above rides on the error.
 */
function keepCookieThroughErrorHandler(setCookie: string | string[], name: string, error: unknown): void {
  const ours = (Array.isArray(setCookie) ? setCookie : [setCookie]).filter((c) => c.startsWith(`${name}=`))
  if (ours.length === 0 || typeof error !== 'object' || error === null) return
  const carrier = error as { headers?: Record<string, string | string[]> }
  const headers = { ...carrier.headers }
  const key = Object.keys(headers).find((h) => h.toLowerCase() === 'set-cookie') ?? 'set-cookie'
  const existing = headers[key] ?? []
  headers[key] = [...(Array.isArray(existing) ? existing : [existing]), ...ours]
  carrier.headers = headers
}
