/**
 * @module
 * The seam: everything a storage may do with a request and its response. An adapter builds one
 * per request from its framework's cookie and session APIs; storages never see framework objects.
 */
import type { NodeRequestHeaders } from './displayed.js'
import type { BaseStorage } from './storage/base.js'

/** Cookie attributes a storage asks for. Adapters serialise them with their framework's helper. */
export interface CookieAttributes {
  readonly path: string
  readonly domain?: string | undefined
  readonly secure: boolean
  readonly httpOnly: boolean
  /** `false` leaves the attribute out. */
  readonly sameSite: 'Lax' | 'Strict' | 'None' | false
  /** Seconds; `0` with `expires` in 1970 deletes the cookie. Absent: a browser-session cookie. */
  readonly maxAge?: number | undefined
  readonly expires?: Date | undefined
}

/** A session as the session storages use it: one key read, written or removed. */
export interface SessionAccess {
  get(key: string): unknown
  set(key: string, value: unknown): void
  delete(key: string): void
  /**
   * `true` when the session is kept in a cookie (koa-session without a store, hono-sessions'
   * `CookieStore`, @fastify/secure-session). Browsers drop a cookie over 4096 bytes, so the session
   * storages keep at most `COOKIE_SESSION_BUDGET` characters of messages there and report the rest.
   */
  readonly inCookie?: boolean
  /**
   * Why what is written to this session will not reach the next request, when the adapter can tell
   * (e.g. @fastify/session saves nothing when its cookie is `secure` on a plain-HTTP request). The
   * session storages then report the messages they would have put there.
   */
  readonly lost?: string | undefined
}

export interface FlashSeam {
  /** The raw value of the request cookie `name` (not URL-decoded), or `undefined`. */
  getCookie(name: string): string | undefined
  /** Add a `Set-Cookie` with the raw `value` (never URL-encoded) and `attributes`. */
  setCookie(name: string, value: string, attributes: CookieAttributes): void
  /**
   * Add a `Set-Cookie` that deletes cookie `name`. `attributes` already carry `maxAge: 0` and an
   * `expires` in 1970; the value written is empty.
   */
  deleteCookie(name: string, attributes: CookieAttributes): void
  /**
   * The request's session, or `undefined` when no session plugin runs. Called lazily, only when
   * a storage needs the session, because merely opening a session can cost a parse or a read.
   */
  session?(): SessionAccess | undefined
  /**
   * Whether the request came over HTTPS as the framework sees it (a trusted proxy's
   * `X-Forwarded-Proto` included). Asked only when a `secure` cookie is written.
   */
  isHttps?(): boolean
  /**
   * The request method, upper case. This and the members below are asked only at the end of a
   * request that displayed messages (or, with `htmx`, of an htmx request), never on an untouched
   * one. An adapter without them keeps Django's rule: iterating consumes, whatever the response.
   */
  requestMethod?(): string
  /** A request header by lower-case name, several values joined with `, `; `undefined` when absent. */
  requestHeader?(name: string): string | undefined
  /**
   * The request's headers as Node's `IncomingMessage#headers` holds them, for an adapter on Node's
   * HTTP server (optional: `requestHeader` answers the same). The core then reads the headers it
   * checks on every displaying request (the prefetch headers) by constant names, which is cheaper
   * in V8 than the same lookups made by a name passed in.
   */
  nodeRequestHeaders?(): NodeRequestHeaders
  /** The status the response will be sent with. */
  responseStatus?(): number
  /** A response header the app set, by lower-case name, several values joined with `, `. */
  responseHeader?(name: string): string | undefined
  /** Set a response header, replacing the app's value (which the core read and merged first). */
  setResponseHeader?(name: string, value: string): void
  /**
   * Told at the first message a request adds, once: an adapter that must learn of a response sent
   * without @flash's headers (Hono, behind a `timeout()` mounted before `flash()`) starts watching
   * only then, so a request that adds nothing pays nothing. `createStorage` connects it.
   */
  messageAdded?(storage: BaseStorage): void
  /**
   * The matched route's pattern (e.g. `/notes/:id`), for warnings told once per route; `undefined`
   * when no route matched (a plain middleware answered). Never the request's path: warnings kept
   * per route must not grow with the paths a client makes up.
   */
  route?(): string | undefined
  /**
   * The request's absolute URL as the framework sees it (`https://host/path?query`, a trusted
   * proxy's forwarded host and scheme included): its query carries `_flash`, its origin decides
   * whether a redirect stays on the site. Asked only with `scope: 'redirect'`, which also asks
   * `responseStatus` at the end of every request, and on a redirect reads and rewrites `location`
   * with `responseHeader`/`setResponseHeader`.
   */
  requestUrl?(): string
}
