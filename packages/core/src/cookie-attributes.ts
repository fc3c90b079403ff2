/**
 * @module
 * The message cookie's `Path`, `Domain`, `Max-Age` and name prefix as browsers keep them and as
 * every adapter's cookie serializer accepts them, checked once at startup. A value refused later
 * would fail every request that writes messages (Fastify's and Koa's serializers throw) or go out
 * and be ignored by the browser, which loses the messages.
 */

type Fail = (option: string, problem: string) => never

/**
 * The longest `Max-Age` browsers honour, 400 days (RFC 6265bis 5.6.2 caps it there): a longer one
 * buys nothing, Hono's serializer refuses it, and past ~1e13 Koa and Express write
 * `Expires=Invalid Date`.
 */
export const MAX_COOKIE_AGE = 400 * 24 * 60 * 60

/**
 * What may follow the leading `/`: the characters a browser sends unencoded in a URL path (the
 * WHATWG path percent-encode set is left out: controls, space, `"`, `#`, `<`, `>`, `?`, backquote,
 * `{`, `}`, non-ASCII), less `;`, which ends the attribute, `\`, which the URL parser turns into
 * `/`, and `^` and `|`, which Chromium percent-encodes in paths. A cookie path holding anything
 * else never matches a request path; the `cookie` package (Fastify, Express) and `cookies` (Koa)
 * throw for CTLs, `;`, `<` and non-ASCII.
 */
const PATH_CHARACTER = /[!$%&'()*+,\-./0-9:=@A-Z[\]_a-z~]/
const PATH = new RegExp(`^/${PATH_CHARACTER.source}*$`)

/**
 * A host name (RFC 1034 labels as RFC 1123 relaxed them), with the leading dot browsers ignore:
 * the `cookie` and `cookies` packages' `domainValueRegExp`. No scheme, port, path or trailing dot.
 */
const DOMAIN = /^\.?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

/**
 * `cookie.path` as given, or the reason it fails. A path written as it reads (`/café`, `/a b`)
 * gets the encoded form browsers send as the fix.
 *
 * @example
 * checkCookiePath('/app', fail) // '/app'
 */
export function checkCookiePath(path: unknown, fail: Fail): string {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    return fail(
      'cookie.path',
      `must be a URL path starting with "/", e.g. "/" or "/app", got ${describe(path)}`,
    )
  }
  if (PATH.test(path)) return path
  if (path.includes(';'))
    return fail('cookie.path', `must not contain ";", which ends the attribute, got ${describe(path)}`)
  const encoded = percentEncoded(path)
  return fail(
    'cookie.path',
    `is ${describe(path)}, but browsers match a cookie's path against the percent-encoded URL path and the ` +
      `frameworks' cookie serializers refuse other characters; ` +
      (encoded === undefined ? 'use only printable ASCII' : `write it encoded: ${JSON.stringify(encoded)}`),
  )
}

/** `path` with every character a browser would not send as is percent-encoded as UTF-8. */
function percentEncoded(path: string): string | undefined {
  try {
    return path.replace(/./gsu, (c) => (PATH_CHARACTER.test(c) ? c : encodeURIComponent(c)))
  } catch {
    return undefined // a lone surrogate: no UTF-8 to encode
  }
}

/**
 * `cookie.domain` as given, or the reason it fails; `undefined` for a cookie of the exact host,
 * which `''` also means (an empty `COOKIE_DOMAIN` environment variable; every adapter sent no
 * `Domain` for it). A URL or a host with its port gets the bare host name as the fix.
 *
 * @example
 * checkCookieDomain('.example.com', fail) // '.example.com'
 */
export function checkCookieDomain(domain: unknown, fail: Fail): string | undefined {
  if (domain === undefined || domain === '') return undefined
  if (typeof domain === 'string' && DOMAIN.test(domain)) return domain
  const host = typeof domain === 'string' ? hostOf(domain) : undefined
  return fail(
    'cookie.domain',
    `must be a host name such as "example.com" or ".example.com", without scheme, port or path ` +
      `(leave it out for a cookie of the exact host), got ${describe(domain)}` +
      (host === undefined ? '' : `; use ${JSON.stringify(host)}`),
  )
}

/** The host name in `value` (`example.com:8080`, `https://example.com/`), if it is a valid one. */
function hostOf(value: string): string | undefined {
  try {
    const { hostname } = new URL(value.includes('//') ? value : `http://${value}`)
    return DOMAIN.test(hostname) ? hostname : undefined
  } catch {
    return undefined
  }
}

/** What browsers require of a cookie whose name carries a prefix they enforce. */
export type CookiePrefixRequirement = 'secure' | 'path' | 'domain'

/** A cookie name's enforced prefix, and the requirements of it that the attributes leave unmet. */
export interface CookiePrefixShortfall {
  prefix: '__Host-' | '__Secure-'
  /** In the order browsers check them: `secure`, then `path` and `domain` (`__Host-` only). */
  unmet: CookiePrefixRequirement[]
}

/**
 * A cookie named `__Secure-…` or `__Host-…` (matched case-insensitively, as browsers now do) is
 * dropped by the browser unless it is `Secure`, and for `__Host-` also `Path=/` with no `Domain`
 * (RFC 6265bis 4.1.3). `undefined` when the name carries no such prefix or the attributes meet it;
 * the rule is here once, and each caller words its own error (the message cookie's options,
 * @flash/redis's visitor cookies).
 *
 * @example
 * cookiePrefixShortfall('__Host-messages', { secure: false, path: '/', domain: undefined })
 * // { prefix: '__Host-', unmet: ['secure'] }
 */
export function cookiePrefixShortfall(
  name: string,
  attributes: { secure: boolean; path: string; domain?: string | undefined },
): CookiePrefixShortfall | undefined {
  const lower = name.toLowerCase()
  const prefix = lower.startsWith('__host-')
    ? '__Host-'
    : lower.startsWith('__secure-')
      ? '__Secure-'
      : undefined
  if (prefix === undefined) return undefined
  const unmet: CookiePrefixRequirement[] = []
  if (!attributes.secure) unmet.push('secure')
  if (prefix === '__Host-' && attributes.path !== '/') unmet.push('path')
  if (prefix === '__Host-' && attributes.domain !== undefined) unmet.push('domain')
  return unmet.length === 0 ? undefined : { prefix, unmet }
}

/** The browsers' rule for a `prefix`ed cookie called `name`, in words. */
export function cookiePrefixRule(name: string, prefix: CookiePrefixShortfall['prefix']): string {
  return `browsers keep a cookie named "${name}" only when it is Secure${prefix === '__Host-' ? ', with Path=/ and no Domain' : ''}`
}

/**
 * The message cookie's name against its attributes: every message would be lost to a browser
 * that drops the cookie, so such a configuration does not start.
 *
 * @example
 * checkCookiePrefix('__Host-messages', { secure: true, path: '/', domain: undefined }, fail)
 */
export function checkCookiePrefix(
  name: string,
  attributes: { secure: boolean; path: string; domain?: string | undefined },
  fail: Fail,
): void {
  const shortfall = cookiePrefixShortfall(name, attributes)
  if (shortfall === undefined) return
  const rule = cookiePrefixRule(name, shortfall.prefix)
  const first = shortfall.unmet[0]
  if (first === 'secure') fail('cookie.secure', `must be true: ${rule}`)
  if (first === 'path') fail('cookie.path', `must be "/": ${rule}`)
  fail('cookie.domain', `must be left out: ${rule}`)
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
