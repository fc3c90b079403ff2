/**
 * @module
 * The response Koa's default error handler (`ctx.onerror`) sends for a thrown error: which status
 * it answers with, and how what @flash wrote survives it. It removes every response header and
 * then sets the error's own `headers`, so our cookies and headers must ride on the error.
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

/**
 * Put on `error.headers` every cookie this request wrote (ours, the session's, a custom storage's),
 * the test recording header, and the headers @flash set (`flashHeaders`: `HX-Trigger` with the
 * messages it delivers, `Cache-Control: no-store`), but not the app's other headers, which Koa's
 * error handler drops as it always does. What the error already carries is kept, except a header
 * @flash set, whose value was merged with the error's (see `KoaSeam.responseHeader`).
 */
export function keepHeadersThroughErrorHandler(
  ctx: Context,
  error: unknown,
  flashHeaders: readonly string[],
): void {
  if (typeof error !== 'object' || error === null) return
  // Koa 3's `response.get()` is `getHeader()`: `undefined` when the header is not set.
  const setCookie: unknown = ctx.response.get('set-cookie') ?? []
  const written = (Array.isArray(setCookie) ? setCookie : [setCookie]).filter(
    (c): c is string => typeof c === 'string',
  )
  const recorded: unknown = ctx.response.get(RECORD_HEADER)
  if (written.length === 0 && !recorded && flashHeaders.length === 0) return
  const carrier = error as KoaError
  const headers = { ...carrier.headers }
  if (written.length > 0) {
    const key = keyOf(headers, 'set-cookie') ?? 'set-cookie'
    const existing = headers[key] ?? []
    const carried = (Array.isArray(existing) ? existing : [existing]) as unknown[]
    headers[key] = [...carried, ...written.filter((c) => !carried.includes(c))]
  }
  for (const name of flashHeaders) {
    const value = ctx.res.getHeader(name)
    if (value === undefined) continue
    const key = keyOf(headers, name)
    if (key !== undefined) delete headers[key]
    headers[name] = value
  }
  if (recorded) headers[RECORD_HEADER] = String(recorded)
  carrier.headers = headers
}

/** The key of header `name` (lower case) in `headers`, whatever its case there. */
function keyOf(headers: Record<string, unknown>, name: string): string | undefined {
  if (Object.hasOwn(headers, name)) return name
  return Object.keys(headers).find((key) => key.toLowerCase() === name)
}
