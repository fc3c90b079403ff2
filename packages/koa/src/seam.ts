/**
 * @module
 * The seam between the core's storages and one Koa request: `ctx.cookies`, read and written raw,
 * and koa-session's `ctx.session`, opened only when a storage asks for it.
 */
import { ServerResponse } from 'node:http'
import {
  type CookieAttributes,
  cookieFromHeader,
  type FlashSeam,
  type NodeRequestHeaders,
  type SessionAccess,
} from '@flash/core'
import type { Context } from 'koa'
import { errorHeader, errorStatus } from './error-response.js'
import { commitKoaSession, koaSessionAccess, koaSessionStarted, sessionAfterFlash } from './koa-session.js'

/** Koa signs cookies by default once `app.keys` is set (adding a `.sig` cookie); ours are signed already. */
const RAW = { signed: false } as const
const SAME_SITE = { Lax: 'lax', Strict: 'strict', None: 'none' } as const

export class KoaSeam implements FlashSeam {
  readonly #ctx: Context
  /** Whether koa-session's middleware had started when flash() did; `undefined` without koa-session. */
  readonly #sessionFirst: boolean | undefined
  #sessionUsed = false
  /**
   * The headers set through {@link setResponseHeader}: the first by itself, the others in a list
   * made on the second. Most requests set none, and one that displays messages sets one
   * (`Cache-Control`): no array for it.
   */
  #firstHeaderSet: string | undefined = undefined
  #moreHeadersSet: string[] | undefined = undefined
  /** Set by {@link answeringError}: the error Koa's default error handler will answer. */
  #failure: { readonly error: unknown; readonly status: number } | undefined = undefined

  constructor(ctx: Context) {
    this.#ctx = ctx
    // koa-session defines `ctx.session` on app.context when session(app) is called, whatever the
    // order of app.use(): whether its middleware already ran is read from its per-request state.
    this.#sessionFirst = 'session' in ctx ? koaSessionStarted(ctx) : undefined
  }

  isHttps(): boolean {
    return this.#ctx.secure
  }

  requestUrl(): string {
    return this.#ctx.href
  }

  requestMethod(): string {
    return this.#ctx.method
  }

  requestHeader(name: string): string | undefined {
    return joined(this.#ctx.req.headers[name])
  }

  nodeRequestHeaders(): NodeRequestHeaders {
    return this.#ctx.req.headers
  }

  responseStatus(): number {
    return this.#failure?.status ?? this.#ctx.status
  }

  responseHeader(name: string): string | undefined {
    const carried = this.#failure && errorHeader(this.#failure.error, name)
    return carried ?? joined(this.#ctx.res.getHeader(name))
  }

  /**
   * What `ctx.set(name, value)` does with a string value, without Koa 3's three arrays and two
   * callbacks per call: a request that displays messages (`Cache-Control`) allocated 0.58 KB more
   * through it (`bench/src/allocations.ts`, Koa's S3).
   */
  setResponseHeader(name: string, value: string): void {
    if (this.#ctx.headerSent) return
    this.#ctx.res.setHeader(name, value)
    const first = this.#firstHeaderSet
    if (first === undefined) this.#firstHeaderSet = name
    else if (first !== name) {
      this.#moreHeadersSet ??= []
      if (!this.#moreHeadersSet.includes(name)) this.#moreHeadersSet.push(name)
    }
  }

  /** The headers @flash set on this response (`HX-Trigger`, `Cache-Control`), for the error path. */
  headersSet(): readonly string[] {
    const first = this.#firstHeaderSet
    if (first === undefined) return NONE
    return this.#moreHeadersSet === undefined ? [first] : [first, ...this.#moreHeadersSet]
  }

  /**
   * Downstream threw `error`, which Koa's default error handler will answer: from now on report the
   * response it will send, so that the core decides what that response displayed (and whether it
   * carries `HX-Trigger`) by its status, not by the `ctx.status` the handler left, and merges with
   * a header the error carries (it replaces the app's).
   */
  answeringError(error: unknown): void {
    this.#failure = { error, status: errorStatus(error) }
  }

  /** @koa/router's matched pattern when it ran, else the path. */
  route(): string | undefined {
    return (this.#ctx as { _matchedRoute?: unknown })._matchedRoute?.toString()
  }

  /**
   * The raw value of request cookie `name`, read as Django reads it (the core's
   * `cookieFromHeader`, shared by every adapter): not `ctx.cookies.get`, which takes the first of
   * two pairs of the same name where Django takes the last, and builds a `Cookies` per request.
   */
  getCookie(name: string): string | undefined {
    return cookieFromHeader(this.#ctx.req.headers.cookie, name)
  }

  setCookie(name: string, value: string, attributes: CookieAttributes): void {
    this.#write(name, value, attributes)
  }

  deleteCookie(name: string, attributes: CookieAttributes): void {
    // An empty value with `expires` in 1970, as `cookies` writes it, and `max-age=0`.
    this.#write(name, '', attributes)
  }

  /**
   * The `Set-Cookie` line `ctx.cookies.set(name, value, options)` writes, replacing the lines of
   * the same name (`overwrite: true`), from attribute text rendered once per configuration, plus
   * the `max-age` that `cookies` never writes. Names, values or attributes `cookies` refuses are
   * passed to `ctx.cookies.set` itself, so it throws its own error.
   *
   * On an HTTP/1 response the value is not scanned here: of what `cookies` refuses, Node's
   * `ServerResponse#setHeader` refuses every character but `;` (it checks each header value for
   * the same field content), so only `;` is looked for, and a value Node refuses goes to
   * `ctx.cookies.set`. Scanning a message cookie with a regular expression cost 1.7 k instructions
   * a request (Koa's S3, `bench/HISTORY.md`). HTTP/2's response checks nothing when a header is
   * set, so there the value is scanned as before.
   */
  #write(name: string, value: string, attributes: CookieAttributes): void {
    const options = this.#options(attributes)
    const parts = headerParts(name, attributes)
    const res = this.#ctx.res
    if (
      parts === null ||
      value.includes(';') ||
      (!(res instanceof ServerResponse) && value !== '' && !COOKIE_VALUE.test(value))
    ) {
      this.#ctx.cookies.set(name, value, options)
      return
    }
    let expires = parts.expires
    // A deletion expires at once on both clocks: a `max-age` left from the attributes would keep an
    // empty cookie, since a browser prefers `max-age` to `expires`.
    let maxAge = parts.maxAge
    if (value === '') {
      expires = EPOCH_EXPIRES
      maxAge = DELETED_MAX_AGE
    } else if (options.maxAge) expires = `; expires=${new Date(Date.now() + options.maxAge).toUTCString()}`
    const line = `${name}=${value}${parts.before}${expires}${maxAge}${parts.after}`
    const existing = res.getHeader('Set-Cookie')
    // The first line as a string: Node validates an array value by joining it into a new string.
    let headers: string | string[]
    if (existing === undefined) headers = line
    else {
      const prefix = `${name}=`
      headers = (Array.isArray(existing) ? existing : [String(existing)]).filter((h) => !h.startsWith(prefix))
      headers.push(line)
    }
    try {
      res.setHeader('Set-Cookie', headers)
    } catch {
      // A character `cookies` refuses too (or headers already sent): its own error, as without @flash.
      this.#ctx.cookies.set(name, value, options)
    }
  }

  /**
   * koa-session defines `ctx.session` as a getter on `app.context`; the `in` check does not run it,
   * and reading it parses the session cookie, so it is read only on a storage's first access.
   */
  session(): SessionAccess | undefined {
    if (this.#sessionFirst === undefined) return undefined
    if (!this.#sessionFirst) throw sessionAfterFlash()
    this.#sessionUsed = true
    return koaSessionAccess(this.#ctx)
  }

  /**
   * On the error path: commit koa-session now if a storage wrote to it, because Koa's default error
   * handler clears the headers before koa-session (mounted outside flash) would write its cookie.
   * koa-session commits again afterwards, which rewrites the same cookie.
   */
  async commitSession(): Promise<void> {
    if (this.#sessionUsed) await commitKoaSession(this.#ctx)
  }

  #options(attributes: CookieAttributes) {
    let options = OPTIONS.get(attributes)
    if (!options) {
      options = cookieOptions(attributes)
      OPTIONS.set(attributes, options)
    }
    return options
  }
}

const NONE: readonly string[] = []

/** A header's value as one string: several values joined with `, `, numbers as text. */
function joined(value: string | number | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined
  return typeof value === 'object' ? value.join(', ') : String(value)
}

const EPOCH_EXPIRES = `; expires=${new Date(0).toUTCString()}`
const DELETED_MAX_AGE = '; max-age=0'

/**
 * `Cookie#toHeader` of `cookies`, split around `expires`, per attribute set and name, with the
 * `max-age` (seconds) that Fastify, Hono and Express send and browsers prefer to `expires`, which a
 * client whose clock is wrong misreads; `null` when `cookies` would refuse the name, path, domain or
 * max-age (then it is called, and throws as it would).
 */
interface HeaderParts {
  readonly before: string
  readonly expires: string
  readonly maxAge: string
  readonly after: string
}
const PARTS = new WeakMap<CookieAttributes, { readonly name: string; readonly parts: HeaderParts | null }>()
// The checks of `cookies` (RFC 6265 / RFC 7230), copied.
// biome-ignore lint/suspicious/noControlCharactersInRegex: the tab is allowed, as in `cookies`
const FIELD_CONTENT = /^[\u0009\u0020-\u007e\u0080-\u00ff]+$/
const RESTRICTED_NAME = /[;=]/
/** A non-empty value `cookies` accepts (and writes unchanged): field content without `;`. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the tab is allowed, as in `cookies`
const COOKIE_VALUE = /^[\u0009\u0020-\u003a\u003c-\u007e\u0080-\u00ff]+$/
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
    (!o.domain || DOMAIN_VALUE.test(o.domain)) &&
    (attributes.maxAge === undefined || Number.isFinite(attributes.maxAge))
  ) {
    let after = ''
    if (o.domain) after += `; domain=${o.domain}`
    if (o.sameSite) after += `; samesite=${o.sameSite}`
    if (o.secure) after += '; secure'
    if (o.httpOnly) after += '; httponly'
    parts = {
      before: o.path ? `; path=${o.path}` : '',
      expires: o.expires ? `; expires=${o.expires.toUTCString()}` : '',
      maxAge: attributes.maxAge === undefined ? '' : `; max-age=${Math.floor(attributes.maxAge)}`,
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
    // `cookies` takes milliseconds, and sends them as `expires` (it never writes Max-Age: #write does).
    maxAge: attributes.maxAge === undefined ? undefined : attributes.maxAge * 1000,
    expires: attributes.expires,
  } as const
}
