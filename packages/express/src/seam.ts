/**
 * @module
 * The seam between the core's storages and one Express request: the raw `Cookie` header, raw
 * `Set-Cookie` lines, and the session of express-session or cookie-session (`req.session`),
 * opened only when a storage asks. What a storage writes can be taken back while the headers
 * are not sent, for the error page that follows a failed finish (error-page.ts).
 */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http'
import type { TLSSocket } from 'node:tls'
import {
  type CookieAttributes,
  cookieFromHeader,
  type FlashSeam,
  type NodeRequestHeaders,
  type SessionAccess,
} from '@flash/core'
import { appendSetCookie } from './set-cookie.js'

/** What @flash needs of `req.session` (express-session's, cookie-session's, or one of the same shape). */
export interface ExpressSession {
  [key: string]: unknown
  save?(callback: (error?: unknown) => void): unknown
  /** express-session's cookie: with `secure` it is not sent over plain HTTP. */
  cookie?: { secure?: unknown }
}

type SessionRequest = IncomingMessage & {
  session?: ExpressSession | null
  /** Express's `req.secure` (it follows the app's `trust proxy` setting). */
  secure?: boolean
  /** Set by express-session on every request it serves; `generate(req)` makes a new `req.session`. */
  sessionStore?: { generate?(req: IncomingMessage): void }
  /** Set by cookie-session, which keeps the whole session in its cookie. */
  sessionOptions?: object
}

const INSECURE_SESSION =
  'express-session does not send its cookie when cookie.secure is true on a plain-HTTP request, so the ' +
  "session is not found again; pass cookie: { secure: 'auto' } to express-session, and behind a " +
  "TLS-terminating proxy app.set('trust proxy', ...)"

/**
 * Whether a session middleware already ran for `req`, without opening the session: cookie-session
 * defines `req.session` as a getter that parses and verifies its cookie on first read.
 */
export function hasSession(req: IncomingMessage): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(req, 'session')
  if (descriptor === undefined) return false
  return descriptor.get !== undefined
    ? (req as SessionRequest).sessionOptions !== undefined
    : descriptor.value != null
}

/** `#setCookieBefore` before the first write: nothing to take back. */
const NOTHING_WRITTEN = Symbol('nothing written')
/** A session key that was not there before a storage wrote it. */
const ABSENT = Symbol('absent')

/** A header's value as one string: several values joined with `, `, numbers as text. */
function joined(value: string | number | readonly string[] | undefined): string | undefined {
  if (value === undefined) return undefined
  return typeof value === 'object' ? value.join(', ') : String(value)
}

export class ExpressSeam implements FlashSeam {
  readonly #req: SessionRequest
  readonly #res: ServerResponse
  /** Whether a session middleware ran before `flash()`: one mounted after it would save too early. */
  readonly #sessionBefore: boolean
  /** Set when a storage wrote the session, so the response waits for its save. */
  sessionWritten = false
  /**
   * Set when a finish failed and what it wrote was taken back (error-page.ts): the next finish,
   * the app's error page's, stores the messages as that page leaves them.
   */
  errorPagePending = false
  /** The response's `Set-Cookie` before a storage first wrote a cookie (see {@link takeBack}). */
  #setCookieBefore: ReturnType<ServerResponse['getHeader']> | typeof NOTHING_WRITTEN = NOTHING_WRITTEN
  /** Each session key a storage wrote, with what it held before; made on the first session write. */
  #sessionKeysBefore: Map<string, unknown> | undefined = undefined
  /**
   * `req.headers`, read once. It is a getter (Node's `IncomingMessage`) that looks its object up
   * twice, and on an Express request, whose hidden class is its own (carrier.ts), both lookups miss
   * V8's caches. A request that shows a message reads about a dozen headers (the cookie, the
   * prefetch ones, htmx's): eleven getter calls more than Django's format by hand made.
   */
  #headers: IncomingHttpHeaders | undefined = undefined

  /** `sessionBefore`: whether a session middleware had run when `flash()` did. */
  constructor(req: IncomingMessage, res: ServerResponse, sessionBefore: boolean) {
    this.#req = req
    this.#res = res
    this.#sessionBefore = sessionBefore
  }

  isHttps(): boolean {
    const req = this.#req
    return req.secure ?? (req.socket as TLSSocket).encrypted === true
  }

  requestMethod(): string {
    return this.#req.method ?? 'GET'
  }

  requestHeader(name: string): string | undefined {
    return joined(this.#requestHeaders()[name])
  }

  nodeRequestHeaders(): NodeRequestHeaders {
    return this.#requestHeaders()
  }

  #requestHeaders(): IncomingHttpHeaders {
    if (this.#headers === undefined) this.#headers = this.#req.headers
    return this.#headers
  }

  /** The URL the browser asked for: `req.protocol` and the host follow the app's `trust proxy` setting. */
  requestUrl(): string {
    const req = this.#req as ProxiedRequest
    const protocol = req.protocol ?? (this.isHttps() ? 'https' : 'http')
    return `${protocol}://${requestHost(req) ?? 'localhost'}${req.originalUrl ?? req.url ?? '/'}`
  }

  responseStatus(): number {
    return this.#res.statusCode
  }

  responseHeader(name: string): string | undefined {
    return joined(this.#res.getHeader(name))
  }

  setResponseHeader(name: string, value: string): void {
    this.#res.setHeader(name, value)
  }

  /** The matched route's pattern under its router's mount path, else the path. */
  route(): string | undefined {
    const req = this.#req as SessionRequest & { baseUrl?: string; route?: { path?: unknown } }
    const pattern = req.route?.path
    // A route declared with a RegExp or a list of paths is still a pattern, not the path sent. The
    // router's mount path is left out: `req.baseUrl` is the path sent (`/u/42` under `/u/:id`).
    if (pattern instanceof RegExp || Array.isArray(pattern) || typeof pattern === 'string')
      return String(pattern)
    return undefined
  }

  getCookie(name: string): string | undefined {
    // Not `req.cookies`: cookie-parser URL-decodes, and the signature covers the bytes as sent.
    return cookieFromHeader(this.#requestHeaders().cookie, name)
  }

  setCookie(name: string, value: string, attributes: CookieAttributes): void {
    this.#keepSetCookie()
    appendSetCookie(this.#res, name, value, attributes)
  }

  deleteCookie(name: string, attributes: CookieAttributes): void {
    this.#keepSetCookie()
    appendSetCookie(this.#res, name, '', attributes)
  }

  /**
   * Undo what the storages wrote: the response's `Set-Cookie` as it was before their first cookie,
   * each session key they wrote as it was before. For a finish that failed while the headers were
   * not sent: the app's error page is the response, and what it stores is decided when it is sent.
   * A storage writes only as the request finishes, so nothing else wrote `Set-Cookie` in between.
   *
   * @example
   * if (!res.headersSent) seam.takeBack()
   */
  takeBack(): void {
    const setCookie = this.#setCookieBefore
    if (setCookie !== NOTHING_WRITTEN) {
      if (setCookie === undefined) this.#res.removeHeader('Set-Cookie')
      else this.#res.setHeader('Set-Cookie', setCookie)
      this.#setCookieBefore = NOTHING_WRITTEN
    }
    const session = this.#req.session
    if (this.#sessionKeysBefore !== undefined && session != null) {
      for (const [key, value] of this.#sessionKeysBefore) {
        if (value === ABSENT) delete session[key]
        else session[key] = value
      }
    }
    this.#sessionKeysBefore = undefined
    this.sessionWritten = false
  }

  /** What the session keys the storages wrote hold now: what a failed save did not store. */
  sessionWrites(): unknown[] {
    const session = this.#req.session
    if (this.#sessionKeysBefore === undefined || session == null) return []
    return Array.from(this.#sessionKeysBefore.keys(), (key) => session[key])
  }

  #keepSetCookie(): void {
    if (this.#setCookieBefore === NOTHING_WRITTEN) this.#setCookieBefore = this.#res.getHeader('Set-Cookie')
  }

  /** Remember what `key` held before its first write, for {@link takeBack}. */
  #keepSessionKey(key: string): void {
    this.#sessionKeysBefore ??= new Map()
    const before = this.#sessionKeysBefore
    if (before.has(key)) return
    const session = this.#req.session
    before.set(key, session != null && key in session ? session[key] : ABSENT)
  }

  /** Whether a session appeared after `flash()` ran: express-session is mounted after it. */
  sessionMountedAfter(): boolean {
    return !this.#sessionBefore && hasSession(this.#req)
  }

  /**
   * `req.session`, read only on a storage's first access. Reading it never modifies it, so a
   * visitor who never gets a message never gets a session cookie (`saveUninitialized: false`).
   * After `req.session.destroy()` or `req.session = null` (a logout), a message starts a new
   * session, as the session middleware would for the next request.
   */
  session(): SessionAccess | undefined {
    const req = this.#req
    const inCookie = req.sessionOptions !== undefined && req.sessionStore === undefined
    if (req.session == null && !inCookie && typeof req.sessionStore?.generate !== 'function') return undefined
    const secureCookie = req.session?.cookie?.secure === true
    return {
      inCookie,
      lost: secureCookie && !this.isHttps() ? INSECURE_SESSION : undefined,
      get: (key) => req.session?.[key],
      set: (key, value) => {
        this.#keepSessionKey(key)
        if (req.session == null) {
          if (inCookie) req.session = {}
          else req.sessionStore!.generate!(req)
        }
        req.session![key] = value
        this.sessionWritten = true
      },
      delete: (key) => {
        if (req.session == null || !(key in req.session)) return
        this.#keepSessionKey(key)
        delete req.session[key]
        this.sessionWritten = true
      },
    }
  }
}

type ProxiedRequest = SessionRequest & {
  protocol?: string
  originalUrl?: string
  get?(name: string): string | undefined
  app?: { get?(setting: string): unknown }
}

/**
 * The host with its port, as Express 5's `req.host` reads it: `X-Forwarded-Host` (its first value)
 * when the app's `trust proxy` trusts the peer, else `Host`. Express 4 has no such getter (its
 * `req.hostname` drops the port), so the rule is read here, from the compiled `trust proxy fn`.
 */
function requestHost(req: ProxiedRequest): string | undefined {
  const forwarded = req.get?.('x-forwarded-host')
  const trust = req.app?.get?.('trust proxy fn')
  if (forwarded && typeof trust === 'function' && trust(req.socket?.remoteAddress, 0) === true) {
    const comma = forwarded.indexOf(',')
    const first = (comma === -1 ? forwarded : forwarded.slice(0, comma)).trim()
    if (first !== '') return first
  }
  return req.get?.('host') ?? req.headers.host
}
