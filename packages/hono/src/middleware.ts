/**
 * @module
 * `flash()`: the Hono middleware. Options are validated once; per request it builds the storage
 * on a seam of `hono/cookie` and the session, and persists after the response was rendered.
 */
import {
  type AdapterProfile,
  abandonRequest,
  activeRecorder,
  attachStorage,
  type BaseStorage,
  type CookieAttributes,
  consoleReporter,
  createStorage,
  endRequest,
  FlashConfigError,
  type FlashReporter,
  type FlashSeam,
  InnerFlash,
  markServedBy,
  needsPreload,
  RECORD_HEADER,
  recordForTests,
  rejectUncalledFactory,
  resolveOptions,
  type SessionAccess,
  scopeAssetFor,
  servingConfig,
  storageOf,
} from '@flash/core'
// node:crypto under the node, bun and deno export conditions, Web Crypto on edge workers.
import { runtimeCrypto } from '@flash/core/crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import { checkCookie, readCookie, serializeCookie } from './cookies.js'
import { ERROR_HANDLER_FAILED, endBeforeErrorHandler, errorHandlerFailed } from './error-handler.js'
import { forwardedUrl } from './forwarded.js'
import { LateHeaders } from './late-headers.js'
import { sentWithoutFlash } from './raw-response.js'
import { requestHeader } from './request-headers.js'
import { type ResponseWatch, watchResponse } from './response-watch.js'
import { openSession, sessionPresentAtStart } from './session.js'
import type { FlashEnv, FlashLogger, HonoFlashOptions } from './types.js'

const PROFILE: AdapterProfile = {
  name: '@flash/hono',
  sessionFix:
    'register a session middleware before flash() (e.g. hono-sessions: app.use(sessionMiddleware(...))), ' +
    'pass flash({ session: (c) => ... }) to say where the session is, or use storage: "cookie"',
  defaultCrypto: runtimeCrypto,
}

/**
 * The flash messages middleware. Register it after your session middleware, if any.
 *
 * @example
 * const app = new Hono<FlashEnv>()
 * app.use(flash({ secret: env.FLASH_SECRET }))
 * app.post('/notes', (c) => { success(c, 'Note saved.'); return c.redirect('/') })
 *
 * @example
 * // The app's own env (Workers bindings): made once, from the first request's env
 * let messages: MiddlewareHandler<AppEnv> | undefined
 * app.use((c, next) => {
 *   messages ??= flash<AppEnv>({ secret: c.env.FLASH_SECRET })
 *   return messages(c, next)
 * })
 */
export function flash<E extends FlashEnv = FlashEnv>(options: HonoFlashOptions<E>): MiddlewareHandler<E> {
  // `app.use(flash)`: Hono calls it with its Context (no option has these names).
  rejectUncalledFactory(
    PROFILE.name,
    options,
    (value) => 'req' in value && 'env' in value && 'finalized' in value,
  )
  if (options === null || typeof options !== 'object') resolveOptions(options, PROFILE)
  const { session, logger = warn, trustProxy = false, ...coreOptions } = options
  if (typeof trustProxy !== 'boolean') {
    throw new FlashConfigError(
      `${PROFILE.name}: option "trustProxy" must be a boolean: true behind a proxy that sets X-Forwarded-Proto ` +
        'and X-Forwarded-Host on every request, else false',
    )
  }
  if (session !== undefined && typeof session !== 'function') {
    throw new FlashConfigError(
      `${PROFILE.name}: option "session" must be a function (c) => session | undefined`,
    )
  }
  if (typeof logger !== 'function') {
    throw new FlashConfigError(`${PROFILE.name}: option "logger" must be a function (text, details) => void`)
  }
  const config = resolveOptions(coreOptions, PROFILE)
  checkCookie(PROFILE.name, config.cookieName, config.cookieAttributes)
  // The script that takes `_flash` out of the address bar: only under scope: 'redirect'.
  const assetAt = scopeAssetFor(config)
  const report: FlashReporter = logger
  const watch: ResponseWatch = { config, report }
  for (const warning of config.warnings) report(warning)
  // Only an asynchronous read (Web Crypto on edge workers, a custom storage) is loaded before
  // next(): with node:crypto a request that never touches messages verifies no cookie.
  const preload = needsPreload(config)
  const inner = new InnerFlash(config, report)

  // Typed for the app's env: the middleware itself only needs FlashEnv's `messages` variable.
  return createMiddleware<FlashEnv>(async (c, next) => {
    // Without scope, `c.req.path` (a URL parse) is not even read.
    const asset = assetAt?.(c.req.method, c.req.path)
    if (asset) return c.body(asset.body, 200, asset.headers)
    // Mounted twice (a sub-app under app.route() with its own flash(), on the same context): the
    // outer one serves the request. Two would each store under the one cookie name, and the outer
    // write would replace what the inner one stored. Options of this one that differ are reported.
    if (storageOf(c) !== undefined) {
      inner.passedOn(servingConfig(c))
      await next()
      return
    }
    const seam = new HonoSeam(c, session, trustProxy, watch)
    const storage = createStorage(config, seam, c)
    c.set('messages', storage)
    attachStorage(c, storage)
    markServedBy(c, config)
    const loading = preload ? storage.preload() : undefined
    if (loading) await loading
    try {
      await next()
    } catch (thrown) {
      if (errorHandlerFailed(c, thrown)) {
        abandonRequest(storage, config, report, ERROR_HANDLER_FAILED)
        throw thrown
      }
      // Not handed to app.onError yet: a value that is not an Error (Hono hands only Errors to it,
      // and the server's bare 500 would not carry the message cookie), or an Error from
      // app.notFound. Store, then let app.onError at this level answer, given an Error (the value
      // as its cause), on a response that takes the headers set now (see error-handler.ts).
      await endBeforeErrorHandler(c, storage, () => end(c, storage, seam), report)
      if (thrown instanceof Error) throw thrown
      throw new Error(`non-error thrown: ${describeThrown(thrown)}`, { cause: thrown })
    }
    // Awaited only when storing is asynchronous: no extra promise or tick on a synchronous end.
    const ending = end(c, storage, seam)
    if (ending) await ending
  }) as unknown as MiddlewareHandler<E>

  /**
   * Record (under tests), then end the request. Hono hands the Response to the server only after
   * the middleware returns, so Set-Cookie still goes out, even for a streamed body; what a stream
   * callback adds afterwards is refused by the core with a report. A response that went out on Node
   * without our headers (the handler wrote it itself, or a middleware mounted before flash()
   * answered while this awaited next()) cannot carry them: what was added is reported instead
   * (never thrown, even with `strict`, as the response is gone), and later adds are refused.
   */
  function end(c: Context, storage: BaseStorage, seam: HonoSeam): Promise<void> | undefined {
    const sent = sentWithoutFlash(c)
    if (sent !== undefined) {
      abandonRequest(storage, config, report, sent)
      return undefined
    }
    return activeRecorder() ? recordThenEnd(c, storage, seam) : endRequest(storage, config, seam, report)
  }

  /**
   * Only while a test imported @flash/hono/testing: name this request's messages in a header, then
   * end. Recording must not change what the app does: a storage that cannot be read here (no
   * session) fails in endRequest below if, and only if, it fails in production.
   */
  async function recordThenEnd(c: Context, storage: BaseStorage, seam: HonoSeam): Promise<void> {
    const id = await recordForTests(storage).catch(() => undefined)
    if (id) c.header(RECORD_HEADER, id)
    const saving = endRequest(storage, config, seam, report)
    if (saving) await saving
  }
}

/** `console.warn`, looked up per call so a console patched later (tests, log shippers) is used. */
const warn: FlashLogger = consoleReporter

/** What a thrown non-Error says in its replacement Error, as Koa words it. */
function describeThrown(thrown: unknown): string {
  try {
    return JSON.stringify(thrown) ?? String(thrown)
  } catch {
    return String(thrown)
  }
}

/**
 * The seam of one request: its cookies through `hono/cookie`'s serializer, its session if any.
 * A request that never touches messages makes only this object: the late-header writer and the
 * session's adapter are made on first use.
 */
class HonoSeam implements FlashSeam {
  readonly #c: Context
  readonly #sessionOption: HonoFlashOptions['session']
  readonly #sessionAtStart: boolean
  /** The opened session; `null` until opened (`undefined` when the request has none). */
  #session: SessionAccess | undefined | null = null
  #late: LateHeaders | undefined
  readonly #trustProxy: boolean
  readonly #watch: ResponseWatch

  constructor(c: Context, session: HonoFlashOptions['session'], trustProxy: boolean, watch: ResponseWatch) {
    this.#c = c
    this.#sessionOption = session
    this.#sessionAtStart = sessionPresentAtStart(c, session)
    this.#trustProxy = trustProxy
    this.#watch = watch
  }

  /** On Node, from the first message added: learn whether the response leaves without our headers. */
  messageAdded(storage: BaseStorage): void {
    watchResponse(this.#c, storage, this.#watch)
  }

  isHttps(): boolean {
    return this.requestUrl().startsWith('https:')
  }

  requestUrl(): string {
    const url = this.#c.req.url
    return this.#trustProxy ? forwardedUrl(url, (name) => requestHeader(this.#c, name)) : url
  }

  requestMethod(): string {
    return this.#c.req.method
  }

  requestHeader(name: string): string | undefined {
    return requestHeader(this.#c, name)
  }

  responseStatus(): number {
    return this.#c.res.status
  }

  responseHeader(name: string): string | undefined {
    return this.#lateHeaders().read(name)
  }

  setResponseHeader(name: string, value: string): void {
    this.#lateHeaders().write(name, value)
  }

  route(): string {
    return this.#c.req.routePath
  }

  getCookie(name: string): string | undefined {
    return readCookie(this.#c, name)
  }

  setCookie(name: string, value: string, attributes: CookieAttributes): void {
    this.#lateHeaders().write('Set-Cookie', serializeCookie(name, value, attributes), true)
  }

  deleteCookie(name: string, attributes: CookieAttributes): void {
    this.#lateHeaders().write('Set-Cookie', serializeCookie(name, '', attributes), true)
  }

  session(): SessionAccess | undefined {
    if (this.#session === null) {
      this.#session = openSession(this.#c, this.#sessionOption, this.#sessionAtStart, PROFILE.name)
    }
    return this.#session
  }

  #lateHeaders(): LateHeaders {
    this.#late ??= new LateHeaders(this.#c)
    return this.#late
  }
}
