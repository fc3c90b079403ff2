/**
 * @module
 * Reading one cookie from a `Cookie` request header, as sent. Framework helpers URL-decode
 * values, but a signature must be checked on the bytes Django checks: a percent-encoded copy of
 * a genuine cookie is not a genuine cookie.
 */

/**
 * The first value of cookie `name` in a `Cookie` header, not decoded: pairs split at `;`, each at
 * its first `=`, name and value trimmed. Scanned in place, without splitting the header.
 *
 * @example
 * cookieFromHeader('a=1; messages=W1s:1r31eq:abc', 'messages') // 'W1s:1r31eq:abc'
 */
export function cookieFromHeader(header: string | null | undefined, name: string): string | undefined {
  if (!header?.includes(name)) return undefined
  let start = 0
  while (start <= header.length) {
    let end = header.indexOf(';', start)
    if (end === -1) end = header.length
    const eq = header.indexOf('=', start)
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name)
      return header.slice(eq + 1, end).trim()
    start = end + 1
  }
  return undefined
}
