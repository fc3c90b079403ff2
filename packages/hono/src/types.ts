/**
 * @module
 * The types an app sees: `FlashEnv` for `new Hono<FlashEnv>()`, the `ContextVariableMap`
 * augmentation for apps typed without it, and the adapter's own options.
 */
import type { BaseStorage, FlashOptions, UnstoredDetails } from '@flash/core'
import type { Context, Env } from 'hono'

/**
 * The Hono environment of an app that uses `flash()`.
 *
 * @example
 * const app = new Hono<FlashEnv>()
 * app.get('/', (c) => c.text(String(c.var.messages.length)))
 */
export type FlashEnv = { Variables: { messages: BaseStorage } }

/**
 * A session the message storages can use: `get` and `set`, and `delete` or `forget` (hono-sessions).
 * Reading a missing key may return `undefined` or `null`.
 */
export interface FlashSession {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete?(key: string): unknown
  forget?(key: string): unknown
}

/** Receives what @flash has to report: unstored messages, configuration warnings. */
export type FlashLogger = (text: string, details?: UnstoredDetails) => void

/**
 * The options of `flash()`: every `@flash/core` option, plus `session` and `logger`. A storage
 * factory receives the request's `Context` of the app's environment `E`.
 */
export interface HonoFlashOptions<E extends Env = FlashEnv> extends FlashOptions<Context<E>> {
  /**
   * Where the session-backed storages find the request's session. Called at most once per
   * request, and only when a storage needs the session.
   * `c` is a plain `Context`, as in Hono's own middleware options (cors's `origin`): `app.use()`
   * does not hand the app's env to `flash()`'s options, so a `Context<E>` would refuse
   * `c.get('mySession')` in every app that does not call `flash<AppEnv>()`. Annotate `c` for the
   * app's types.
   * @default (c) => c.get('session'), when it has get/set and delete or forget (hono-sessions)
   * @example
   * flash({ secret, session: (c) => c.get('mySession') })
   * flash({ secret, session: (c: Context<AppEnv>) => c.var.mySession })
   */
  session?: ((c: Context) => FlashSession | undefined) | undefined
  /**
   * Where unstored messages and configuration warnings are reported (Hono has no logger).
   * @default console.warn
   * @example
   * flash({ secret, logger: (text, details) => log.warn(details, text) })
   */
  logger?: FlashLogger | undefined
  /**
   * Read the request's scheme and host from `X-Forwarded-Proto` and `X-Forwarded-Host` (Hono has no
   * `trust proxy` setting): behind a TLS-terminating proxy, so that `scope: 'redirect'` binds a
   * redirect to the site's own `https://` address and `cookie.secure` sees https. Only when every
   * request comes through a proxy that sets or strips them: a client could claim any origin otherwise.
   * @default false
   * @example
   * flash({ secret, scope: 'redirect', trustProxy: true })
   */
  trustProxy?: boolean | undefined
}
