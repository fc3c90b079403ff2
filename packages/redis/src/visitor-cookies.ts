/**
 * @module
 * The names of an anonymous visitor's cookies. Each visitor mailbox has a cookie of its own name,
 * `<visitorCookie>.<first 12 hex digits of its id>`: two requests of one browser that each create
 * a mailbox at once (two tabs submitting, two parallel fetch POSTs) send two cookies, and the
 * browser keeps both, where of two cookies of one name it would keep only the last, and the other
 * mailbox would never be read again. A cookie named `<visitorCookie>` alone was set before this
 * naming; it is still read. The cookies take the adapter's cookie attributes, so a name a browser
 * keeps only under some attributes (`__Host-`, `__Secure-`) is checked against them.
 */
import {
  type CookieAttributes,
  type CookiePrefixRequirement,
  cookiePrefixRule,
  cookiePrefixShortfall,
  FlashConfigError,
} from '@flash/core'

/**
 * The most visitor cookies one request reads. A browser rarely has more than two (requests that
 * created a mailbox in parallel; the next one merges them), and a request with more must stay
 * cheap whatever its header holds: each one read is a signature check and a claim. The others
 * stay in the browser, read by a later request once these are emptied and deleted.
 */
export const MOST_VISITOR_COOKIES = 4

/** 48 bits of the id: two mailboxes of one browser never share a name. */
const NAME_ID_DIGITS = 12

/**
 * The visitor cookies' base name: the `visitorCookie` option, else `<cookie.name>_visitor`.
 *
 * @example
 * visitorCookieBase(undefined, 'messages') // 'messages_visitor'
 */
export function visitorCookieBase(visitorCookie: string | undefined, cookieName: string): string {
  return visitorCookie ?? `${cookieName}_visitor`
}

/**
 * Throws a `FlashConfigError` when browsers would drop the visitor cookies: a name starting with
 * `__Secure-` or `__Host-` (matched case-insensitively, as browsers now do) is kept only when the
 * cookie is `Secure`, and for `__Host-` also `Path=/` with no `Domain` (RFC 6265bis 4.1.3), the
 * rule @flash/core applies to `cookie.name`. The visitor cookies take the message cookie's
 * attributes, which the storage first sees on a request: every message would be lost without a
 * word (Chromium drops the cookie) or fail in the cookie serializer (Hono).
 *
 * @example
 * checkVisitorCookiePrefix('__Host-v', true, { secure: true, path: '/', domain: undefined }) // passes
 * checkVisitorCookiePrefix('__Host-v', true, { secure: false, path: '/', domain: undefined }) // throws: set cookie.secure: true
 */
export function checkVisitorCookiePrefix(
  base: string,
  given: boolean,
  attributes: Pick<CookieAttributes, 'secure' | 'path' | 'domain'>,
): void {
  const shortfall = cookiePrefixShortfall(base, attributes)
  if (shortfall === undefined) return
  const fixes = shortfall.unmet.map((requirement) => FIXES[requirement])
  const named = given ? JSON.stringify(base) : `${JSON.stringify(base)} (by default cookie.name + "_visitor")`
  throw new FlashConfigError(
    `@flash/redis: redisStorage() option "visitorCookie" is ${named}, but ` +
      `${cookiePrefixRule(`${base}.…`, shortfall.prefix)}, ` +
      `and the visitor cookies take the adapter's cookie attributes: ${fixes.join(' and ')} in the ` +
      `adapter's options, or name the visitor cookie without the "${shortfall.prefix}" prefix`,
  )
}

/** The fix, in the adapter's options, for each requirement of a prefixed name. */
const FIXES: Record<CookiePrefixRequirement, string> = {
  secure: 'set cookie.secure: true',
  path: 'set cookie.path: "/"',
  domain: 'leave out cookie.domain',
}

/**
 * The cookie of visitor `id`.
 *
 * @example
 * visitorCookieName('messages_visitor', '3f9a0c…') // 'messages_visitor.3f9a0c12ab34'
 */
export function visitorCookieName(base: string, id: string): string {
  return `${base}.${id.slice(0, NAME_ID_DIGITS)}`
}

/**
 * Whether cookie `name` may carry visitor `id`: its own name, or the single name of before,
 * which any id had. A genuine value under another visitor's name is not read (it is deleted), so
 * one mailbox never has two cookies that could each refresh or delete it.
 */
export function namesVisitor(base: string, name: string, id: string): boolean {
  return name === base || name === visitorCookieName(base, id)
}

/**
 * The distinct names of the visitor cookies in a `Cookie` header (`base`, or `base.` followed by
 * the 12 hex digits of a visitor id), in header order, at most {@link MOST_VISITOR_COOKIES}. Names are split and stripped
 * as `cookieFromHeader` (@flash/core) splits them, which then reads their values: one pass over
 * the header, and a string built only for a name that is a visitor cookie's.
 *
 * @example
 * visitorCookieNames('a=1; messages_visitor.3f9a0c12ab34=…', 'messages_visitor') // ['messages_visitor.3f9a0c12ab34']
 */
export function visitorCookieNames(header: string | undefined, base: string): string[] {
  const names: string[] = []
  if (!header?.includes(base)) return names
  const length = header.length
  let start = 0
  // The next `=` at or after `start`, found once and reused until a later pair passes it, so the
  // header is searched for `=` once in all, however many pairs have none.
  let eq = -1
  while (start < length && names.length < MOST_VISITOR_COOKIES) {
    if (eq < start) {
      eq = header.indexOf('=', start)
      if (eq === -1) break
    }
    let end = header.indexOf(';', start)
    if (end === -1) end = length
    if (eq < end) {
      const name = visitorNameAt(header, start, eq, base)
      if (name !== undefined && !names.includes(name)) names.push(name)
    }
    start = end + 1
  }
  return names
}

/**
 * `header[start, end)`, stripped, when it is a name {@link visitorCookieName} writes (`base.` and
 * 12 lowercase hex digits) or `base` itself. Any other name is not ours and is ignored: a cookie
 * planted with a name the framework's serializer refuses (`messages_visitor.a b`, from a script
 * or a sibling subdomain) would otherwise be read, fail its check, and be deleted by that name,
 * which Fastify's and Hono's serializers throw on: a 500 on every page until it expires.
 */
function visitorNameAt(header: string, start: number, end: number, base: string): string | undefined {
  while (start < end && isSpace(header.charCodeAt(start))) start++
  while (end > start && isSpace(header.charCodeAt(end - 1))) end--
  const length = end - start
  if (length < base.length || !header.startsWith(base, start)) return undefined
  if (length === base.length) return header.slice(start, end)
  if (length !== base.length + 1 + NAME_ID_DIGITS || header.charCodeAt(start + base.length) !== DOT)
    return undefined
  for (let i = start + base.length + 1; i < end; i++) if (!isLowerHex(header.charCodeAt(i))) return undefined
  return header.slice(start, end)
}

const DOT = 0x2e

/** `0-9` or `a-f`: the digits of `randomId()`, the id a visitor cookie's name ends with. */
function isLowerHex(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x66)
}

/** What `cookieFromHeader` strips around a name (Python's `str.strip()` over ASCII). */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f)
}
