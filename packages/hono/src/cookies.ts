/**
 * @module
 * The cookie half of the seam. Hono's cookie helpers URL-encode and URL-decode values, and
 * @flash reads and writes Django's raw value (`A-Za-z0-9-_.:`): the attributes come from Hono's
 * serializer and the value is spliced in as is.
 */
import { type CookieAttributes, cookieFromHeader, FlashConfigError } from '@flash/core'
import type { Context } from 'hono'
import { generateCookie } from 'hono/cookie'

/**
 * The raw value of request cookie `name`. Not `getCookie` from hono/cookie: it URL-decodes, so
 * a percent-encoded copy of a genuine cookie would verify; Django reads the value as sent.
 */
export function readCookie(c: Context, name: string): string | undefined {
  return cookieFromHeader(cookieHeader(c), name)
}

/** What @hono/node-server passes as `c.env`: the Node request, whose headers it copies lazily. */
interface NodeBindings {
  readonly incoming?: { readonly rawHeaders?: unknown }
}

/**
 * The request's `Cookie` header, as `c.req.raw.headers.get('cookie')` answers. On
 * @hono/node-server (duck-typed: `c.env.incoming.rawHeaders`, no Node import) it is read from
 * the raw header lines, joined with `; ` as Node's `Headers` joins `Cookie` lines, because the first access to
 * `c.req.raw.headers` copies every header into a new `Headers` object, which costs more than the
 * rest of an untouched request. Elsewhere, the standard Request.
 */
function cookieHeader(c: Context): string | null {
  const raw = (c.env as NodeBindings | undefined)?.incoming?.rawHeaders
  if (!Array.isArray(raw)) return c.req.raw.headers.get('cookie')
  let header: string | null = null
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]
    if (typeof key === 'string' && key.length === 6 && key.toLowerCase() === 'cookie') {
      const value = stripHttpWhitespace(String(raw[i + 1]))
      header = header === null ? value : `${header}; ${value}`
    }
  }
  return header
}

/**
 * What `Headers` strips around each value: HTTP whitespace (tab, LF, CR, space), not all that
 * `trim()` strips. Two index scans, not a regular expression: `/[\t\n\r ]+$/` backtracks
 * quadratically over a long run of spaces that is not at the end (a 16 KB header cost 215 ms).
 */
function stripHttpWhitespace(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--
  return start === 0 && end === value.length ? value : value.slice(start, end)
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
}

/** Hono's serialization of the attributes (after `name=`) per attribute set and name. */
const SUFFIXES = new WeakMap<CookieAttributes, { readonly name: string; readonly suffix: string }>()

/** A `Set-Cookie` value: Hono's serializer for the attributes, the raw `value`. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  let cached = SUFFIXES.get(attributes)
  if (cached?.name !== name) {
    const { sameSite, ...rest } = attributes
    const header = generateCookie(name, '', { ...rest, sameSite: sameSite || undefined })
    cached = { name, suffix: header.slice(name.length + 1) }
    SUFFIXES.set(attributes, cached)
  }
  return `${name}=${value}${cached.suffix}`
}

/**
 * Append a `Set-Cookie`, keeping the ones other middleware set. After the handler, Hono's
 * `c.header()` rebuilds the finished response (`new Response(res.body, res)`), which on
 * @hono/node-server turns its lightweight response (a string body written in one call) into a full
 * one with a body stream: about 90 µs of CPU per request. Appending to `c.res.headers` instead is
 * cheap but lost when an outer middleware later calls `c.header()` (honojs/node-server#304): the
 * lightweight response is rebuilt from the headers it was made with, and those were a plain
 * object, not the `Headers` appended to. So a lightweight response is remade as a lightweight
 * response (same class, status and body) whose init headers are the `Headers` that carry the
 * cookie: node-server still writes it in one call, and any rebuild keeps the cookie.
 */
export function appendCookie(c: Context, name: string, value: string, attributes: CookieAttributes): void {
  const cookie = serializeCookie(name, value, attributes)
  const parts = c.finalized ? lightweightParts(c.res) : undefined
  if (parts === undefined) {
    c.header('Set-Cookie', cookie, { append: true })
    return
  }
  const [status, body, init] = parts
  const headers = init instanceof Headers ? init : new Headers(init ?? { 'content-type': TEXT_PLAIN })
  headers.append('Set-Cookie', cookie)
  const Lightweight = c.res.constructor as typeof Response
  // Hono's setter merges a new response into the current one (another rebuild) unless none is set.
  c.res = undefined
  c.res = new Lightweight(body, { status, headers })
}

/** What @hono/node-server's lightweight response defaults to, as its `headers` getter does. */
const TEXT_PLAIN = 'text/plain; charset=UTF-8'

/**
 * `[status, body, headers]` of an @hono/node-server lightweight response whose body has not been
 * read: it keeps them under an own symbol described "cache" (duck-typed: no Node import here).
 */
function lightweightParts(res: Response): [number, BodyInit | null, HeadersInit | undefined] | undefined {
  for (const key of Object.getOwnPropertySymbols(res)) {
    if (key.description !== 'cache') continue
    const parts = (res as unknown as Record<symbol, unknown>)[key]
    if (Array.isArray(parts) && parts.length === 3 && typeof parts[0] === 'number') {
      return parts as [number, BodyInit | null, HeadersInit | undefined]
    }
  }
  return undefined
}

/**
 * Serialize the configured cookie once at startup, so what Hono's serializer refuses (a `Max-Age`
 * over 400 days, a `__Host-` name without `secure`) fails now instead of on the first message.
 */
export function checkCookie(adapter: string, name: string, attributes: CookieAttributes): void {
  try {
    serializeCookie(name, '', attributes)
  } catch (error) {
    const option = /Max-Age/i.test((error as Error).message) ? 'maxAge' : 'cookie'
    throw new FlashConfigError(
      `${adapter}: option "${option}" is refused by Hono's cookie serializer: ${(error as Error).message}`,
    )
  }
}
