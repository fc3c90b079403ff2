/**
 * @module
 * A minimal browser cookie jar: keeps what `Set-Cookie` sets, forgets what it deletes, and
 * sends the rest back as one `Cookie` header. Path and domain are ignored: the standard app
 * lives on one host under `/`.
 */

export interface ParsedSetCookie {
  readonly name: string
  readonly value: string
  /** Attribute name (lower case) -> value (`''` for flags such as `HttpOnly`). */
  readonly attributes: ReadonlyMap<string, string>
  /** Whether the header deletes the cookie (`Max-Age=0` or an `Expires` in the past). */
  readonly deletes: boolean
}

export function parseSetCookie(header: string): ParsedSetCookie {
  const [pair = '', ...rest] = header.split(';')
  const eq = pair.indexOf('=')
  const name = pair.slice(0, eq).trim()
  const value = pair.slice(eq + 1).trim()
  const attributes = new Map<string, string>()
  for (const part of rest) {
    const at = part.indexOf('=')
    const key = (at < 0 ? part : part.slice(0, at)).trim().toLowerCase()
    if (key) attributes.set(key, at < 0 ? '' : part.slice(at + 1).trim())
  }
  const maxAge = attributes.get('max-age')
  const expires = attributes.get('expires')
  const deletes =
    (maxAge !== undefined && Number(maxAge) <= 0) ||
    (expires !== undefined && Date.parse(expires) <= Date.now())
  return { name, value, attributes, deletes }
}

export class CookieJar {
  readonly #cookies = new Map<string, string>()

  /** Apply every `Set-Cookie` of a response. */
  store(setCookies: readonly string[]): void {
    for (const header of setCookies) {
      const cookie = parseSetCookie(header)
      if (cookie.deletes) this.#cookies.delete(cookie.name)
      else this.#cookies.set(cookie.name, cookie.value)
    }
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name)
  }

  set(name: string, value: string): void {
    this.#cookies.set(name, value)
  }

  delete(name: string): void {
    this.#cookies.delete(name)
  }

  /** The `Cookie` request header, or `undefined` when the jar is empty. */
  header(): string | undefined {
    if (this.#cookies.size === 0) return undefined
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }
}
