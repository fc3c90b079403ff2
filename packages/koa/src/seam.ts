/**
 * @module
 * The seam between the core's storages and one Koa request: `ctx.cookies`, read and written raw,
 * and koa-session's `ctx.session`, opened only when a storage asks for it.
 */
import { type CookieAttributes, FlashConfigError, type FlashSeam, type SessionAccess } from '@flash/core'
import type { Context } from 'koa'

/** Koa signs cookies by default once `app.keys` is set (adding a `.sig` cookie); ours are signed already. */
const RAW = { signed: false } as const
const SAME_SITE = { Lax: 'lax', Strict: 'strict', None: 'none' } as const

type SessionData = Record<string, unknown>
type SessionContext = Context & { session?: SessionData | null }

export class KoaSeam implements FlashSeam {
  readonly #ctx: SessionContext

  constructor(ctx: Context) {
    this.#ctx = ctx
  }

  /**
   * What `ctx.cookies.get(name, { signed: false })` returns, without building a `Cookies` per
   * request: the first `name=` at the start of the header or after `;` and spaces, up to the next
   * `;`, not decoded, one pair of surrounding quotes removed.
   */
  getCookie(name: string): string | undefined {
    const header = this.#ctx.req.headers.cookie
    if (!header?.includes(name)) return undefined
    const match = cookiePattern(name).exec(header)
    if (!match) return undefined
    const value = match[1]!
    return value[0] === '"' ? value.slice(1, -1) : value
  }

  /** Names of the cookies this request's storage wrote: they must survive Koa's error handler. */
  readonly written = new Set<string>()

  setCookie(name: string, value: string, attributes: CookieAttributes): void {
    this.#write(name, value, attributes)
  }

  deleteCookie(name: string, attributes: CookieAttributes): void {
    // `cookies` writes an empty value with `expires` in 1970.
    this.#write(name, '', attributes)
  }

  /**
   * The `Set-Cookie` line `ctx.cookies.set(name, value, options)` writes, replacing the lines of
   * the same name (`overwrite: true`), from attribute text rendered once per configuration. Names,
   * values or attributes `cookies` might refuse take `ctx.cookies.set` itself, so it throws as before.
   */
  #write(name: string, value: string, attributes: CookieAttributes): void {
    this.written.add(name)
    const options = this.#options(name, attributes)
    const parts = headerParts(name, attributes)
    if (parts === null || !RAW_VALUE.test(value)) {
      this.#ctx.cookies.set(name, value, options)
      return
    }
    let expires = parts.expires
    if (value === '') expires = EPOCH_EXPIRES
    else if (options.maxAge) expires = `; expires=${new Date(Date.now() + options.maxAge).toUTCString()}`
    const line = `${name}=${value}${parts.before}${expires}${parts.after}`
    const res = this.#ctx.res
    const existing = res.getHeader('Set-Cookie')
    let headers: string[]
    if (existing === undefined) headers = [line]
    else {
      const prefix = `${name}=`
      headers = (Array.isArray(existing) ? existing : [String(existing)]).filter((h) => !h.startsWith(prefix))
      headers.push(line)
    }
    res.setHeader('Set-Cookie', headers)
  }

  /**
   * koa-session defines `ctx.session` as a getter on `app.context`; the `in` check does not run it,
   * and reading it parses the session cookie, so it is read only on a storage's first access.
   */
  session(): SessionAccess | undefined {
    if (!('session' in this.#ctx)) return undefined
    const ctx = this.#ctx
    return {
      get: (key) => ctx.session?.[key],
      set: (key, value) => {
        // `ctx.session = null` (a logout) drops the session; a new message starts a fresh one.
        if (ctx.session) ctx.session[key] = value
        else ctx.session = { [key]: value }
      },
      delete: (key) => {
        if (ctx.session) delete ctx.session[key]
      },
    }
  }

  #options(name: string, attributes: CookieAttributes) {
    if (attributes.secure && !this.#ctx.secure) {
      // `cookies` would throw "Cannot send secure cookie over unencrypted connection".
      throw new FlashConfigError(
        `@flash/koa: option "cookie.secure" is true, but the request for ${this.#ctx.path} is not HTTPS, so Koa ` +
          `cannot set the "${name}" cookie; behind a TLS-terminating proxy set app.proxy = true, or use cookie.secure: false in development`,
      )
    }
    let options = OPTIONS.get(attributes)
    if (!options) {
      options = cookieOptions(attributes)
      OPTIONS.set(attributes, options)
    }
    return options
  }
}

/** Django's cookie alphabet (base64url, `.`, `:`): what `cookies` accepts unchanged. */
const RAW_VALUE = /^[A-Za-z0-9_.:-]*$/
const EPOCH_EXPIRES = `; expires=${new Date(0).toUTCString()}`

/** The regular expression `cookies` reads cookie `name` with. */
const PATTERNS = new Map<string, RegExp>()
function cookiePattern(name: string): RegExp {
  let pattern = PATTERNS.get(name)
  if (!pattern) {
    pattern = new RegExp(`(?:^|;) *${name.replace(/[\^$\\.*+?()[\]{}|]/g, '\\$&')}=([^;]*)`)
    PATTERNS.set(name, pattern)
  }
  return pattern
}

/**
 * `Cookie#toHeader` of `cookies`, split around `expires`, per attribute set and name; `null` when
 * `cookies` would refuse the name, path or domain (then it is called, and throws as it would).
 */
interface HeaderParts {
  readonly before: string
  readonly expires: string
  readonly after: string
}
const PARTS = new WeakMap<CookieAttributes, { readonly name: string; readonly parts: HeaderParts | null }>()
// The checks of `cookies` (RFC 6265 / RFC 7230), copied.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the tab is allowed, as in `cookies`
const FIELD_CONTENT = /^[\u0009\u0020-\u007e\u0080-\u00ff]+$/
const RESTRICTED_NAME = /[;=]/
const PATH_VALUE = /^[ -:=-~]*$/
const DOMAIN_VALUE = /^([.]?[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)([.][a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i

function headerParts(name: string, attributes: CookieAttributes): HeaderParts | null {
  const cached = PARTS.get(attributes)
  if (cached?.name === name) return cached.parts
  const o = cookieOptions(attributes)
  let parts: HeaderParts | null = null
  if (
    FIELD_CONTENT.test(name) &&
    !RESTRICTED_NAME.test(name) &&
    (!o.path || PATH_VALUE.test(o.path)) &&
    (!o.domain || DOMAIN_VALUE.test(o.domain))
  ) {
    let after = ''
    if (o.domain) after += `; domain=${o.domain}`
    if (o.sameSite) after += `; samesite=${o.sameSite}`
    if (o.secure) after += '; secure'
    if (o.httpOnly) after += '; httponly'
    parts = {
      before: o.path ? `; path=${o.path}` : '',
      expires: o.expires ? `; expires=${o.expires.toUTCString()}` : '',
      after,
    }
  }
  PARTS.set(attributes, { name, parts })
  return parts
}

/** `cookies` options per attribute set: a configuration's attributes never change, so build them once. */
const OPTIONS = new WeakMap<CookieAttributes, ReturnType<typeof cookieOptions>>()

function cookieOptions(attributes: CookieAttributes) {
  return {
    ...RAW,
    overwrite: true,
    path: attributes.path,
    domain: attributes.domain,
    secure: attributes.secure,
    httpOnly: attributes.httpOnly,
    sameSite: attributes.sameSite === false ? false : SAME_SITE[attributes.sameSite],
    // `cookies` takes milliseconds, and sends them as `expires` (it never writes Max-Age).
    maxAge: attributes.maxAge === undefined ? undefined : attributes.maxAge * 1000,
    expires: attributes.expires,
  } as const
}
