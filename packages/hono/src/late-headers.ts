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
 * So the lightweight response is remade once per request as a lightweight response (same class,
 * status and body) whose init headers are an object of this writer's own: node-server still writes
 * it in one call, later writes go to that object, and any rebuild copies them. That object is a
 * plain-object copy of the headers when they were one (`c.html()`, `c.text()`, `c.json()` with no
 * header set before, a raw `new Response(body, { headers: {...} })`) and the header is new to them:
 * no undici `Headers` is made (2-3 µs per request here), and the app's object is never written to,
 * since it may be a constant shared by every response. Otherwise (a `Headers`, a header the object
 * already has, a second `Set-Cookie`, which a plain object could only hold as an array that a
 * rebuild would join into one line) the init headers become a `Headers`.
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
  /** The lightweight response this writer remade, and its init headers (its own), once it did. */
  #made: Response | undefined
  #headers: Headers | PlainHeaders | undefined

  constructor(c: Context) {
    this.#c = c
  }

  /**
   * Response header `name` as `Headers.get` gives it. Read from plain-object init headers while
   * the response has them: `c.res.headers` would turn them into a `Headers` for good.
   */
  read(name: string): string | undefined {
    const c = this.#c
    const init = c.finalized ? lightweightParts(c.res)?.[2] : undefined
    if (!isPlainHeaders(init)) return c.res.headers.get(name) ?? undefined
    const key = keyOf(init, name)
    if (key === undefined) return undefined
    const value: unknown = init[key]
    return Array.isArray(value) ? value.join(', ') : String(value)
  }

  /** Set (or with `append`, add) response header `name`. */
  write(name: string, value: string, append = false): void {
    if (this.#writePlain(name, value)) return
    const headers = this.#writable()
    if (headers === undefined) this.#c.header(name, value, { append })
    else if (append) headers.append(name, value)
    else headers.set(name, value)
  }

  /**
   * Write a header new to plain-object init headers: into this writer's own object, made (with
   * the response remade around it) on the first such write. `false` when the headers are not a
   * plain object or already have `name`.
   */
  #writePlain(name: string, value: string): boolean {
    const c = this.#c
    if (!c.finalized) return false
    const parts = lightweightParts(c.res)
    const init = parts?.[2]
    if (!isPlainHeaders(init) || keyOf(init, name) !== undefined) return false
    if (c.res === this.#made && init === this.#headers) {
      init[name] = value
      return true
    }
    // Copied key by key: `{ ...init, [name]: value }` measured 6 µs per request here, this 0.6.
    const own: PlainHeaders = {}
    for (const key in init) own[key] = init[key]
    own[name] = value
    this.#remake(parts!, own)
    return true
  }

  /**
   * The headers of the finished lightweight response as a `Headers`, the response remade around
   * it on first use; `undefined` before the handler finished or on other servers (Bun, Deno,
   * workers), where `c.header()` is right.
   */
  #writable(): Headers | undefined {
    const c = this.#c
    if (!c.finalized) return undefined
    if (c.res === this.#made && this.#headers instanceof Headers) return this.#headers
    const parts = lightweightParts(c.res)
    if (parts === undefined) return undefined
    const init = parts[2]
    const headers = init instanceof Headers ? init : new Headers(init ?? { 'content-type': TEXT_PLAIN })
    this.#remake(parts, headers)
    return headers
  }

  /** Replace the finished lightweight response with one of the same class, status and body. */
  #remake([status, body]: LightweightParts, headers: Headers | PlainHeaders): void {
    const c = this.#c
    const Lightweight = c.res.constructor as typeof Response
    // Hono's setter merges a new response into the current one (another rebuild) unless none is set.
    c.res = undefined
    c.res = new Lightweight(body, { status, headers: headers as HeadersInit })
    this.#made = c.res
    this.#headers = headers
  }
}

type PlainHeaders = Record<string, unknown>

/** The key of header `name` in `headers`, in whatever case it was written. */
function keyOf(headers: PlainHeaders, name: string): string | undefined {
  if (Object.hasOwn(headers, name)) return name
  const lower = name.toLowerCase()
  for (const key in headers) if (key.toLowerCase() === lower) return key
  return undefined
}

function isPlainHeaders(value: unknown): value is PlainHeaders {
  if (typeof value !== 'object' || value === null) return false
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/**
 * `[status, body, headers]` of an @hono/node-server lightweight response whose body has not been
 * read: it keeps them under an own symbol described "cache" (duck-typed: no Node import here).
 */
export function lightweightParts(res: Response): LightweightParts | undefined {
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

export type LightweightParts = [number, BodyInit | null, HeadersInit | undefined]

/** The symbol @hono/node-server keeps a lightweight response's parts under, once one was seen. */
let cacheSymbol: symbol | undefined

function isLightweightParts(parts: unknown): parts is LightweightParts {
  return Array.isArray(parts) && parts.length === 3 && typeof parts[0] === 'number'
}
