/**
 * @module
 * A browser-like cookie jar for one client: applies `Set-Cookie` (a deletion removes the cookie)
 * and sends the rest back. One host, path `/`, so path and domain are not tracked.
 */
export class CookieJar {
  readonly #cookies = new Map<string, string>()

  store(setCookies: readonly string[]): void {
    for (const header of setCookies) {
      const [pair = '', ...attributes] = header.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const deletes = attributes.some((a) => {
        const [key = '', v = ''] = a.split('=').map((s) => s.trim())
        if (key.toLowerCase() === 'max-age') return Number(v) <= 0
        if (key.toLowerCase() === 'expires') return Date.parse(v) <= Date.now()
        return false
      })
      if (deletes || value === '') this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
  }

  get(name: string): string | undefined {
    return this.#cookies.get(name)
  }

  /** The `Cookie` header, or `{}` when the jar is empty. */
  headers(): Record<string, string> {
    if (this.#cookies.size === 0) return {}
    return { cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
  }
}

/** The value of cookie `name` in a list of `Set-Cookie` headers, or `undefined`. */
export function setCookieValue(setCookies: readonly string[], name: string): string | undefined {
  for (const header of setCookies) {
    const pair = header.split(';', 1)[0] ?? ''
    const eq = pair.indexOf('=')
    if (pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim()
  }
  return undefined
}
