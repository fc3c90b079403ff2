/**
 * @module
 * The response Koa's default error handler (`ctx.onerror`) sends for a thrown error: which status
 * it answers with, and how what @flash wrote survives it. It removes every response header and
 * then sets the error's own `headers`, so our cookies and headers must ride on the error it
 * answers, whichever error that is.
 */
import { STATUS_CODES } from 'node:http'
import { format } from 'node:util'
import { RECORD_HEADER } from '@flash/core'
import type { Context } from 'koa'

/** What Koa's error handler reads from a thrown error, besides its text. */
interface KoaError {
  status?: unknown
  statusCode?: unknown
  headers?: Record<string, unknown>
}

/**
 * Koa's default error handler replaces a thrown value that is not an `Error` with a new one, which
 * cannot carry our headers: make that error here, with the same text, and the value as its `cause`.
 */
export function asError(thrown: unknown): unknown {
  if (thrown instanceof Error || thrown === null || thrown === undefined) return thrown
  if (Object.prototype.toString.call(thrown) === '[object Error]') return thrown
  return new Error(format('non-error thrown: %j', thrown), { cause: thrown })
}

/**
 * The status Koa 3's `ctx.onerror` answers `error` with: its `status` (else `statusCode`) when that
 * is a number `statuses` knows, otherwise 500 (Koa 3 dropped Koa 2's ENOENT as 404). Node's
 * `STATUS_CODES` is the list `statuses` copies. Until then `ctx.status` is still the handler's,
 * often Koa's default 404 or a 200 set before the throw.
 */
export function errorStatus(error: unknown): number {
  if (typeof error !== 'object' || error === null) return 500
  const { status, statusCode } = error as KoaError
  const code = status || statusCode
  return typeof code === 'number' && STATUS_CODES[code] !== undefined ? code : 500
}

/**
 * The value of header `name` (lower case) that `error` carries onto its response, several values
 * joined with `, `: the error response has it instead of the one the app set on `ctx`, which Koa
 * removes. `undefined` when the error carries none.
 */
export function errorHeader(error: unknown, name: string): string | undefined {
  const headers = typeof error === 'object' && error !== null ? (error as KoaError).headers : undefined
  if (typeof headers !== 'object' || headers === null) return undefined
  const key = keyOf(headers, name)
  const value = key === undefined ? undefined : headers[key]
  if (value === undefined || value === null) return undefined
  return Array.isArray(value) ? value.join(', ') : String(value)
}

/** What @flash wrote that must ride on the error Koa answers: see {@link carriedHeaders}. */
export interface CarriedHeaders {
  /** Every `Set-Cookie` line the request wrote: ours, the session's, a custom storage's. */
  readonly cookies: readonly string[]
  /** The headers @flash set (`HX-Trigger`, `Cache-Control: no-store`), with their values. */
  readonly flashHeaders: readonly (readonly [name: string, value: number | string | string[]])[]
  /** The test recording header, under `@flash/koa/testing`. */
  readonly recorded: string | undefined
}

/**
 * What Koa's error handler would remove and must ride on the error instead: every cookie this
 * request wrote, the headers @flash set (`flashHeaders`: `HX-Trigger` with the messages it
 * delivers, `Cache-Control: no-store`) and the test recording header, but not the app's other
 * headers, which Koa's error handler drops as it always does. `undefined` when there is none.
 */
export function carriedHeaders(ctx: Context, flashHeaders: readonly string[]): CarriedHeaders | undefined {
  // Koa 3's `response.get()` is `getHeader()`: `undefined` when the header is not set.
  const setCookie: unknown = ctx.response.get('set-cookie') ?? []
  const cookies = (Array.isArray(setCookie) ? setCookie : [setCookie]).filter(
    (c): c is string => typeof c === 'string',
  )
  const set: [string, number | string | string[]][] = []
  for (const name of flashHeaders) {
    const value = ctx.res.getHeader(name)
    if (value !== undefined) set.push([name, value])
  }
  const recorded: unknown = ctx.response.get(RECORD_HEADER)
  if (cookies.length === 0 && !recorded && set.length === 0) return undefined
  return { cookies, flashHeaders: set, recorded: recorded ? String(recorded) : undefined }
}

/**
 * Put `carried` on `error.headers`. What the error already carries is kept (its cookies first),
 * except a header @flash set, whose value was merged with the error's (see
 * `KoaSeam.responseHeader`). `false` when the error cannot carry them: not an object, or its
 * `headers` cannot be replaced (read-only, an error frozen or sealed: Koa cannot answer those).
 */
export function carryOnto(error: unknown, carried: CarriedHeaders): boolean {
  if (typeof error !== 'object' || error === null) return false
  const carrier = error as KoaError
  const headers = { ...carrier.headers }
  if (carried.cookies.length > 0) {
    const key = keyOf(headers, 'set-cookie') ?? 'set-cookie'
    const existing = headers[key] ?? []
    const own = (Array.isArray(existing) ? existing : [existing]) as unknown[]
    headers[key] = [...own, ...carried.cookies.filter((c) => !own.includes(c))]
  }
  for (const [name, value] of carried.flashHeaders) {
    const key = keyOf(headers, name)
    if (key !== undefined) delete headers[key]
    headers[name] = value
  }
  if (carried.recorded) headers[RECORD_HEADER] = carried.recorded
  // An own property where `headers` is a getter without a setter (one of the error's class).
  const set =
    Reflect.set(carrier, 'headers', headers) ||
    Reflect.defineProperty(carrier, 'headers', {
      value: headers,
      writable: true,
      enumerable: true,
      configurable: true,
    })
  return set && carrier.headers === headers
}

/**
 * Koa answers the error that comes out of its whole middleware chain, which need not be the one
 * flash() rethrew: an app's error middleware mounted outside flash() may throw a new one
 * (`throw new AppError('Something broke', { cause })`), and Koa's error handler removes every
 * response header and sets only that error's `headers`. Koa's `handleRequest` calls
 * `ctx.onerror(err)` on the context, so this request's ctx gets an own `onerror` that puts
 * `carried` on whatever error Koa answers, then hands it to the `onerror` it had. `dropped` is
 * called when that error cannot carry them. Only requests whose error path carried headers get it.
 *
 * @example
 * const carried = carriedHeaders(ctx, seam.headersSet())
 * if (carried) carryToAnsweredError(ctx, carried, () => report(...))
 */
export function carryToAnsweredError(ctx: Context, carried: CarriedHeaders, dropped: () => void): void {
  const answer = ctx.onerror
  ctx.onerror = (err) => {
    // `null` from Koa's on-finished call after a response. Headers sent (they carried what was
    // on the response then) or a response that cannot be written: Koa only emits the error.
    if (err === null || err === undefined || ctx.headerSent || !ctx.writable) return answer.call(ctx, err)
    // A value that is not an Error, made into one here as Koa would, so that it can carry them.
    const error = asError(err) as Error
    if (!carryOnto(error, carried)) dropped()
    return answer.call(ctx, error)
  }
}

/** Why the messages are lost when the error Koa answers cannot carry the cookie. */
export const ERROR_CANNOT_CARRY =
  'Koa\'s error handler removes every response header and answered an error whose "headers" cannot be ' +
  'replaced, so no cookie was sent; throw an error whose "headers" can be set, or answer the error in ' +
  'your error middleware (set ctx.status and ctx.body)'

/** The key of header `name` (lower case) in `headers`, whatever its case there. */
function keyOf(headers: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(headers, name)) return name
  return Object.keys(headers).find((key) => key.toLowerCase() === name)
}
