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

  getCookie(name: string): string | undefined {
    return this.#ctx.cookies.get(name, RAW)
  }

  setCookie(name: string, value: string, attributes: CookieAttributes): void {
    this.#ctx.cookies.set(name, value, this.#options(name, attributes))
  }

  deleteCookie(name: string, attributes: CookieAttributes): void {
    // `cookies` writes an empty value with `expires` in 1970.
    this.#ctx.cookies.set(name, '', this.#options(name, attributes))
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
