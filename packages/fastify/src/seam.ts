/**
 * @module
 * The core's seam over a Fastify request: the `Cookie` header and `@fastify/cookie`'s
 * `reply.setCookie` for the message cookie, `request.session` of `@fastify/session` or
 * `@fastify/secure-session` for the session.
 */

import type { CookieSerializeOptions } from '@fastify/cookie'
import type { CookieAttributes, FlashSeam, SessionAccess } from '@flash/core'
import type { FastifyReply, FastifyRequest } from 'fastify'

/** What both session plugins expose on `request.session`. */
interface PluginSession {
  get(key: string): unknown
  set(key: string, value: unknown): void
}

/** The message cookie is already `payload:timestamp:signature` in cookie-safe characters. */
const raw = (value: string) => value
const SAME_SITE = { Lax: 'lax', Strict: 'strict', None: 'none' } as const

export class FastifySeam implements FlashSeam {
  readonly #request: FastifyRequest
  readonly #reply: FastifyReply

  constructor(request: FastifyRequest, reply: FastifyReply) {
    this.#request = request
    this.#reply = reply
  }

  getCookie(name: string): string | undefined {
    return rawCookie(this.#request.headers.cookie, name)
  }

  setCookie(name: string, value: string, attributes: CookieAttributes): void {
    this.#reply.setCookie(name, value, cookieOptions(attributes))
  }

  deleteCookie(name: string, attributes: CookieAttributes): void {
    this.#reply.setCookie(name, '', cookieOptions(attributes))
  }

  session(): SessionAccess | undefined {
    return currentSession(this.#request) ? new PluginSessionAccess(this.#request) : undefined
  }
}

/**
 * Reads `request.session` on every call: `@fastify/session`'s `regenerate()` replaces it. Both
 * plugins drop `undefined` values when they save, and `@fastify/secure-session`'s `delete()`
 * would destroy the whole session, so a key is deleted by setting it to `undefined`.
 */
class PluginSessionAccess implements SessionAccess {
  readonly #request: FastifyRequest

  constructor(request: FastifyRequest) {
    this.#request = request
  }

  get(key: string): unknown {
    return currentSession(this.#request)?.get(key)
  }

  set(key: string, value: unknown): void {
    currentSession(this.#request)?.set(key, value)
  }

  delete(key: string): void {
    currentSession(this.#request)?.set(key, undefined)
  }
}

/** `@fastify/session` sets `request.session = {}` on paths outside its cookie path: not a session. */
function currentSession(request: FastifyRequest): PluginSession | undefined {
  const session = (request as { session?: Partial<PluginSession> | null }).session
  return typeof session?.get === 'function' && typeof session.set === 'function'
    ? (session as PluginSession)
    : undefined
}

/**
 * The first value of cookie `name` in a `Cookie` header, as sent. Not `request.cookies`:
 * `@fastify/cookie` URL-decodes values, and a signature must be checked on the bytes Django
 * would check (a percent-encoded cookie is not a valid one).
 */
function rawCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined || !header.includes(name)) return undefined
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim()
  }
  return undefined
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
