/**
 * @module
 * The core's seam over a Fastify request: the `Cookie` header and `@fastify/cookie`'s
 * `reply.setCookie` for the message cookie, and the session of `@fastify/session` or
 * `@fastify/secure-session` (see `session.ts`).
 */

import type { CookieSerializeOptions } from '@fastify/cookie'
import {
  type CookieAttributes,
  cookieFromHeader,
  type FlashSeam,
  type NodeRequestHeaders,
  type SessionAccess,
} from '@flash/core'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { type PluginSessionAccess, sessionAccess } from './session.js'

/** The message cookie is already `payload:timestamp:signature` in cookie-safe characters. */
const raw = (value: string) => value
const SAME_SITE = { Lax: 'lax', Strict: 'strict', None: 'none' } as const
/**
 * What `reply.setCookie` accepts as a value with `encode: raw`: the `cookie` package's (2.x, under
 * @fastify/cookie 11) printable ASCII but space and `;`, or empty. It writes such a value as it
 * is, so splicing it into the line it rendered before gives the same line; anything else goes to
 * `reply.setCookie`, which throws its own error. Two ranges, where Django's alphabet (base64url,
 * `.`, `:`) took seven and cost 1.6 k instructions per message cookie (Fastify's S3,
 * `bench/HISTORY.md`).
 */
const SPLICEABLE_VALUE = /^[\x21-\x3a\x3c-\x7e]*$/
/** The serialized attributes per attribute set (a configuration's never change), with the name. */
const SUFFIXES = new WeakMap<CookieAttributes, { name: string; suffix: string }>()
/** No cookie was written yet (see `FastifySeam.takeBack`). */
const NOTHING_WRITTEN = Symbol('nothing written')

export class FastifySeam implements FlashSeam {
  readonly #request: FastifyRequest
  #reply: FastifyReply | undefined
  /** The session as the storage uses it, made on first use (it remembers a read before it was opened). */
  #session: PluginSessionAccess | undefined
  /** The reply's `Set-Cookie` before a storage first wrote a cookie (see {@link FastifySeam.takeBack}). */
  #setCookieBefore: unknown = NOTHING_WRITTEN
  /**
   * Set when storing failed and what it wrote was taken back: the app's error page, which goes
   * through `onSend` again, stores the messages as it leaves them.
   */
  errorPagePending = false

  readonly #firstAdd: (request: FastifyRequest) => void

  /**
   * The reply comes later, with {@link FastifySeam.replyWith}: storages write cookies only when stored.
   *
   * @param firstAdd Told at the first message the request adds (the core's `messageAdded`): the
   *   plugin watches for a response sent without Fastify only then (see plugin.ts).
   */
  constructor(request: FastifyRequest, firstAdd: (request: FastifyRequest) => void) {
    this.#request = request
    this.#firstAdd = firstAdd
  }

  messageAdded(): void {
    this.#firstAdd(this.#request)
  }

  /** The reply the message cookie is written to, given in `onSend` before the storage is persisted. */
  replyWith(reply: FastifyReply): void {
    this.#reply = reply
  }

  isHttps(): boolean {
    return this.#request.protocol === 'https'
  }

  requestUrl(): string {
    return `${this.#request.protocol}://${this.#request.host}${this.#request.url}`
  }

  requestMethod(): string {
    return this.#request.method
  }

  requestHeader(name: string): string | undefined {
    return joined(this.#request.headers[name])
  }

  nodeRequestHeaders(): NodeRequestHeaders {
    return this.#request.headers
  }

  responseStatus(): number {
    return this.#replied().statusCode
  }

  responseHeader(name: string): string | undefined {
    return joined(this.#replied().getHeader(name))
  }

  setResponseHeader(name: string, value: string): void {
    this.#replied().header(name, value)
  }

  route(): string | undefined {
    return this.#request.routeOptions.url
  }

  #replied(): FastifyReply {
    if (this.#reply === undefined) throw new Error('@flash/fastify: the response was read before onSend')
    return this.#reply
  }

  getCookie(name: string): string | undefined {
    // Not `request.cookies`: @fastify/cookie URL-decodes, and the signature covers the bytes as sent.
    return cookieFromHeader(this.#request.headers.cookie, name)
  }

  setCookie(name: string, value: string, attributes: CookieAttributes): void {
    this.#write(name, value, attributes)
  }

  deleteCookie(name: string, attributes: CookieAttributes): void {
    this.#write(name, '', attributes)
  }

  /**
   * Append the `Set-Cookie` line `@fastify/cookie` would write. The first write of a configuration
   * goes through `reply.setCookie` (so the app's `parseOptions` apply, and bad attributes throw as
   * before), and the attribute text it produced after `name=value` is kept; later writes splice
   * their raw value in front of it and append with `reply.header` (which appends `Set-Cookie`).
   * `@fastify/cookie`'s `onSend` ran before ours (it is registered first), so `reply.setCookie`
   * serialises at once too. A value `reply.setCookie` would refuse always goes to it.
   */
  #write(name: string, value: string, attributes: CookieAttributes): void {
    const reply = this.#reply
    if (reply === undefined) {
      throw new Error(
        '@flash/fastify: a storage wrote its cookie before onSend; write cookies only from store()',
      )
    }
    if (this.#setCookieBefore === NOTHING_WRITTEN) this.#setCookieBefore = reply.getHeader('set-cookie')
    const spliceable = SPLICEABLE_VALUE.test(value)
    const cached = SUFFIXES.get(attributes)
    if (spliceable && cached?.name === name) {
      reply.header('set-cookie', `${name}=${value}${cached.suffix}`)
      return
    }
    reply.setCookie(name, value, cookieOptions(attributes))
    if (spliceable) learnSuffix(reply, name, value, attributes)
  }

  /**
   * Take back what the storage wrote (its cookie, its session keys) after storing failed: the app's
   * error page is the response, and stores the messages again as it leaves them.
   *
   * @example
   * if (canStoreAgain(storage, error) && !reply.sent) seam.takeBack()
   */
  takeBack(): void {
    const before = this.#setCookieBefore
    this.#setCookieBefore = NOTHING_WRITTEN
    if (before !== NOTHING_WRITTEN && this.#reply !== undefined) {
      this.#reply.removeHeader('set-cookie')
      if (before !== undefined) this.#reply.header('set-cookie', before)
    }
    this.#session?.takeBack()
  }

  session(): SessionAccess | undefined {
    this.#session ??= sessionAccess(this.#request)
    return this.#session
  }

  /**
   * Whether the storage read the session before the session plugin had opened it: storing now
   * would drop what the session holds (see `PluginSessionAccess.readBeforeOpened`).
   */
  sessionReadBeforeOpened(): boolean {
    return this.#session?.readBeforeOpened === true
  }
}

/** A header's value as one string: several values joined with `, `, numbers as text. */
function joined(value: string | number | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined
  return typeof value === 'object' ? value.join(', ') : String(value)
}

/** Keep the attributes `@fastify/cookie` just wrote for `name=value`, if it wrote them already. */
function learnSuffix(reply: FastifyReply, name: string, value: string, attributes: CookieAttributes): void {
  const header = reply.getHeader('set-cookie')
  const last = Array.isArray(header) ? header[header.length - 1] : header
  const written = `${name}=${value}`
  if (typeof last !== 'string' || !last.startsWith(written)) return
  const suffix = last.slice(written.length)
  if (suffix === '' || suffix.startsWith(';')) SUFFIXES.set(attributes, { name, suffix })
}

/**
 * The value is written raw, as Django does: `encode` wins over the encoder of `@fastify/cookie`
 * (or one the app set in its `parseOptions`), and `signed: false` over an app-wide `signed`.
 */
function cookieOptions(attributes: CookieAttributes): CookieSerializeOptions {
  return {
    path: attributes.path,
    domain: attributes.domain,
    secure: attributes.secure,
    httpOnly: attributes.httpOnly,
    sameSite: attributes.sameSite === false ? false : SAME_SITE[attributes.sameSite],
    maxAge: attributes.maxAge,
    expires: attributes.expires,
    signed: false,
    encode: raw,
  }
}
