/**
 * @module
 * Response headers written after the handler returned (the message cookie, `Cache-Control:
 * no-store`, `HX-Trigger`). Hono's `c.header()` on a finished response rebuilds it (`new
 * Response(res.body, res)`), which on @hono/node-server turns its lightweight response (a string
 * body written in one call) into a full one with a body stream: about 90 µs of CPU per request.
 * Appending to `c.res.headers` instead is cheap but lost when an outer middleware later calls
 * `c.header()` (honojs/node-server#304): the lightweight response is rebuilt from the headers it
 * was made with, and those were a plain object, not the `Headers` appended to.
 *
 * When those init headers are still the plain object the response was made with (`c.html()`,
 * `c.text()`, `c.json()` with no header set before), a header it does not have yet is written
 * into that object itself: node-server writes the object as it is, and a rebuild copies it, so the
 * header survives both, and no `Headers` is made (undici's cost 2-3 µs per request here). Anything
 * else (a `Headers`, a header the object already has, a second `Set-Cookie`) remakes the
 * lightweight response once per request (same class, status and body) with a `Headers` object as
 * its init headers: node-server still writes it in one call, later writes go to that object, and
 * any rebuild keeps them.
 */
import type { Context } from 'hono'

/** What @hono/node-server's lightweight response defaults to, as its `headers` getter does. */
const TEXT_PLAIN = 'text/plain; charset=UTF-8'

/**
 * The late header writer of one request.
 *
 * @example
 * const late = new LateHeaders(c)
 * late.write('Set-Cookie', cookie, true) // after `await next()`
 */
export class LateHeaders {
  readonly #c: Context
  /** The lightweight response this writer remade, and its headers, once it did. */
  #made: Response | undefined
  #headers: Headers | undefined

  constructor(c: Context) {
    this.#c = c
  }

  /**
   * Response header `name` as `Headers.get` gives it. Read from the plain-object init headers
   * while the response has them: `c.res.headers` would turn them into a `Headers` for good, and
   * the next {@link LateHeaders.write} could no longer write into the object.
   */
  read(name: string): string | undefined {
    const c = this.#c
    const init = this.#made === undefined && c.finalized ? lightweightParts(c.res)?.[2] : undefined
    if (!isPlainRecord(init)) return c.res.headers.get(name) ?? undefined
    const lower = name.toLowerCase()
    for (const key in init) {
      if (key.toLowerCase() !== lower) continue
      const value: unknown = init[key]
      return Array.isArray(value) ? value.join(', ') : String(value)
    }
    return undefined
  }

  /** Set (or with `append`, add) response header `name`. */
  write(name: string, value: string, append = false): void {
    if (this.#made === undefined && this.#c.finalized && writeIntoInit(this.#c.res, name, value)) return
    const headers = this.#writable()
    if (headers === undefined) this.#c.header(name, value, { append })
    else if (append) headers.append(name, value)
    else headers.set(name, value)
  }

  /**
   * The headers of the finished lightweight response, remade on first use; `undefined` before the
   * handler finished or on other servers (Bun, Deno, workers), where `c.header()` is right.
   */
  #writable(): Headers | undefined {
    const c = this.#c
    if (!c.finalized) return undefined
    if (this.#made !== undefined && c.res === this.#made) return this.#headers
    const parts = lightweightParts(c.res)
    if (parts === undefined) return undefined
    const [status, body, init] = parts
    const headers = init instanceof Headers ? init : new Headers(init ?? { 'content-type': TEXT_PLAIN })
    const Lightweight = c.res.constructor as typeof Response
    // Hono's setter merges a new response into the current one (another rebuild) unless none is set.
    c.res = undefined
    c.res = new Lightweight(body, { status, headers })
    this.#made = c.res
    this.#headers = headers
    return headers
  }
}

/**
 * `[status, body, headers]` of an @hono/node-server lightweight response whose body has not been
 * read: it keeps them under an own symbol described "cache" (duck-typed: no Node import here).
 */
function lightweightParts(res: Response): LightweightParts | undefined {
  // The symbol is one per node-server module: found once, then read directly.
  if (cacheSymbol !== undefined) {
    const parts = (res as unknown as Record<symbol, unknown>)[cacheSymbol]
    if (isLightweightParts(parts)) return parts
  }
  for (const key of Object.getOwnPropertySymbols(res)) {
    if (key.description !== 'cache') continue
    const parts = (res as unknown as Record<symbol, unknown>)[key]
    if (isLightweightParts(parts)) {
      cacheSymbol = key
      return parts
    }
  }
  return undefined
}

type LightweightParts = [number, BodyInit | null, HeadersInit | undefined]

/**
 * Write `name` into the plain-object init headers of `res` (a lightweight response), when they
 * are one and do not have `name` in any case yet; `false` when not written. A plain object there is
 * the very object the response was made with: node-server's `headers` getter would have replaced
 * it with a `Headers`, and a rebuild copies the one it was made with, so both see this write.
 */
function writeIntoInit(res: Response, name: string, value: string): boolean {
  const init = lightweightParts(res)?.[2]
  if (!isPlainRecord(init)) return false
  const lower = name.toLowerCase()
  for (const key in init) if (key.toLowerCase() === lower) return false
  init[name] = value
  return true
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** The symbol @hono/node-server keeps a lightweight response's parts under, once one was seen. */
let cacheSymbol: symbol | undefined

function isLightweightParts(parts: unknown): parts is LightweightParts {
  return Array.isArray(parts) && parts.length === 3 && typeof parts[0] === 'number'
}
