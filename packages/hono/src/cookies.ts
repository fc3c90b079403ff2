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
 * Append a `Set-Cookie`, keeping the ones other middleware set. Through `c.header()`, which copies
 * a finished response first. Not `c.res.headers.append()`, which is cheaper but, on
 * @hono/node-server (honojs/node-server#304), is lost when an outer middleware later calls
 * `c.header()` (a session, CORS or cache-control middleware) on a response built with a plain
 * headers object: its lightweight Response is rebuilt from its original headers.
 */
export function appendCookie(c: Context, name: string, value: string, attributes: CookieAttributes): void {
  c.header('Set-Cookie', serializeCookie(name, value, attributes), { append: true })
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
