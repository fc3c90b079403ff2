/**
 * @module
 * The message cookie's `Set-Cookie` line, written raw on the Node response: no cookie-parser is
 * needed, the value is Django's (never URL-encoded), and the lines other middleware set
 * (`res.cookie()`, express-session, cookie-session) are kept.
 */
import type { ServerResponse } from 'node:http'
import type { CookieAttributes } from '@flash/core'

/** The attribute text after `name=value`, per attribute set (a configuration's never change). */
const SUFFIXES = new WeakMap<CookieAttributes, string>()

function suffixOf(attributes: CookieAttributes): string {
  let suffix = SUFFIXES.get(attributes)
  if (suffix === undefined) {
    suffix = `; Path=${attributes.path}`
    if (attributes.domain) suffix += `; Domain=${attributes.domain}`
    if (attributes.httpOnly) suffix += '; HttpOnly'
    if (attributes.secure) suffix += '; Secure'
    if (attributes.sameSite) suffix += `; SameSite=${attributes.sameSite}`
    SUFFIXES.set(attributes, suffix)
  }
  return suffix
}

/**
 * The `Set-Cookie` value `res.cookie(name, value, { encode: String, ... })` writes: `Max-Age`
 * with the matching `Expires` (computed now), then the fixed attributes.
 *
 * @example
 * serializeCookie('messages', 'W1s...:1r31eq:abc', config.cookieAttributes)
 */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  let line = `${name}=${value}`
  if (attributes.maxAge !== undefined) {
    line += `; Max-Age=${attributes.maxAge}`
    const expires = attributes.expires ?? new Date(Date.now() + attributes.maxAge * 1000)
    line += `; Expires=${expires.toUTCString()}`
  } else if (attributes.expires) line += `; Expires=${attributes.expires.toUTCString()}`
  return line + suffixOf(attributes)
}

/**
 * Add the `Set-Cookie` line for cookie `name`, keeping every other line and replacing an earlier
 * line of ours for the same cookie (a delete followed by a set on one request sends the set).
 *
 * @example
 * appendSetCookie(res, 'messages', '', config.deleteCookieAttributes)
 */
export function appendSetCookie(
  res: ServerResponse,
  name: string,
  value: string,
  attributes: CookieAttributes,
): void {
  const line = serializeCookie(name, value, attributes)
  const existing = res.getHeader('Set-Cookie')
  if (existing === undefined) {
    res.setHeader('Set-Cookie', line)
    return
  }
  const prefix = `${name}=`
  const lines = (Array.isArray(existing) ? existing : [String(existing)]).filter((l) => !l.startsWith(prefix))
  lines.push(line)
  res.setHeader('Set-Cookie', lines)
}
