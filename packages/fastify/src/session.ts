/**
 * @module
 * The session half of the seam: `request.session` of `@fastify/session` or
 * `@fastify/secure-session`, and, after a logout earlier in the request (`destroy()`, `delete()`),
 * a new session for the messages, as the plugin would start one on the next request. A request
 * answered before the session plugin opened its session (a hook between @flash/fastify and the
 * session plugin that replied or threw) never gets a new one: that would log the visitor out.
 */
import type { SessionAccess } from '@flash/core'
import type { FastifyRequest } from 'fastify'

/** What both plugins expose on `request.session`: `cookie` is @fastify/session's, `deleted` @fastify/secure-session's. */
interface PluginSession {
  get(key: string): unknown
  set(key: string, value: unknown): void
  readonly cookie?: { readonly secure?: unknown }
  readonly deleted?: unknown
}

/** How each plugin makes a session outside its own hooks (instance decorators). */
interface SessionFactories {
  /** @fastify/session: a session id that does not unsign gets a new session in `request.session`. */
  decryptSession?(sessionId: string, request: FastifyRequest, cookieOptions: object, done: () => void): void
  /** @fastify/secure-session */
  createSecureSession?(data: object): PluginSession
}

const INSECURE_SESSION =
  '@fastify/session does not save a session, nor send its cookie, when cookie.secure is true (its default) ' +
  "on a plain-HTTP request; pass cookie: { secure: 'auto' } to @fastify/session, or trustProxy: true to " +
  'Fastify() behind a TLS-terminating proxy'

const NOT_OPENED =
  'the session plugin had not opened the session: a hook answered the request (replied, or threw to the ' +
  "error handler) before @fastify/session's or @fastify/secure-session's onRequest ran, and a new session " +
  "would replace the visitor's; register the session plugin before that hook"

const NOT_RESTARTED =
  'the session was destroyed earlier in this request (request.session.destroy()) and the session plugin ' +
  'could not start a new one at once to carry the messages; log out with await request.session.regenerate() ' +
  'instead, which destroys the old session and starts a new one'

/**
 * Both plugins decorate `request.session` with `null` until their onRequest opens the session, and
 * @fastify/session's `destroy()` sets it back to `null`. Called where the session plugin has not run
 * yet (@flash/fastify's onRequest, which runs before it, or its onSend when a hook before both
 * answered), this swaps the decorator's `null` for `undefined`, so `null` means "destroyed" and an
 * `undefined` that is still there at the end means "never opened". No hook of its own: the default
 * cookie storage pays nothing, and the mark is the session plugin's own write, so a session opened
 * and then destroyed in a later onRequest hook (an expired login) is still told apart.
 */
export function markSessionUnopened(request: FastifyRequest): void {
  // A request class the session plugin did not decorate (it was registered in a parent after this
  // context was made) gets the property only from that plugin: nothing to swap.
  if (Object.hasOwn(request, 'session') && sessionOf(request) === null) setSession(request, undefined)
}

/** Whether the session plugin has not opened the session of this request (see {@link markSessionUnopened}). */
export function isSessionUnopened(request: FastifyRequest): boolean {
  return sessionOf(request) === undefined && Object.hasOwn(request, 'session')
}

/**
 * The request's session, or `undefined` when no session plugin serves the request. `null` is
 * @fastify/session's `request.session` after `destroy()`: the messages then start a new session.
 */
export function sessionAccess(request: FastifyRequest): PluginSessionAccess | undefined {
  const session = sessionOf(request)
  return session === null || isSession(session) || isSessionUnopened(request)
    ? new PluginSessionAccess(request)
    : undefined
}

/**
 * Reads `request.session` on every call: `@fastify/session`'s `regenerate()` and `destroy()`
 * replace it. Both plugins drop `undefined` values when they save, and `@fastify/secure-session`'s
 * `delete()` would delete the whole session, so a key is deleted by setting it to `undefined`.
 */
export class PluginSessionAccess implements SessionAccess {
  readonly #request: FastifyRequest
  /** The session that takes over from a destroyed or deleted one, made once; `null`: none could be. */
  #successor: PluginSession | null | undefined
  /** A read found no session: `'unopened'`, or `null` (destroyed, or not opened by a hook before @flash). */
  #readWithout: 'unopened' | null | undefined
  /** Each key a storage wrote, with what the session held before; made on the first write. */
  #keysBefore: Map<string, unknown> | undefined

  constructor(request: FastifyRequest) {
    this.#request = request
  }

  /** @fastify/secure-session keeps the whole session in its cookie; @fastify/session's has a `cookie`. */
  get inCookie(): boolean {
    const session = sessionOf(this.#request)
    return (
      session != null &&
      session.cookie === undefined &&
      this.#request.server.hasDecorator('createSecureSession')
    )
  }

  /**
   * Whether a read found no session because the session plugin had not opened it: what is stored
   * there was not read, so writing the messages now would drop it (the session storage replaces
   * its key, the fallback's cookie no longer points there).
   */
  get readBeforeOpened(): boolean {
    return (
      this.#readWithout === 'unopened' || (this.#readWithout === null && isSessionUnopened(this.#request))
    )
  }

  /** Asked by the storage just before it writes, so a logout earlier in the request is seen. */
  get lost(): string | undefined {
    if (isSessionUnopened(this.#request)) return NOT_OPENED
    const session = liveSession(this.#request) ?? this.#successorSession()
    if (session === undefined) return NOT_RESTARTED
    // @fastify/session saves nothing, and sends no cookie, when its cookie is secure on plain HTTP.
    return session.cookie?.secure === true && this.#request.protocol !== 'https'
      ? INSECURE_SESSION
      : undefined
  }

  /** A destroyed or deleted session holds no messages any more; an unopened one was not read. */
  get(key: string): unknown {
    const session = liveSession(this.#request)
    if (session !== undefined) return session.get(key)
    if (isSessionUnopened(this.#request)) this.#readWithout = 'unopened'
    else if (sessionOf(this.#request) === null) this.#readWithout ??= null
    return undefined
  }

  set(key: string, value: unknown): void {
    this.#remember(key)
    let session = liveSession(this.#request)
    if (session === undefined) {
      // Never opened: `lost` said so, and the storage reported the messages.
      if (isSessionUnopened(this.#request)) return
      session = this.#successorSession()
      // None could be made: `lost` said so, and the storage reported the messages.
      if (session === undefined) return
      // Only now: a logout that stores no message leaves the plugin to end the session as asked.
      setSession(this.#request, session)
    }
    session.set(key, value)
  }

  delete(key: string): void {
    this.#remember(key)
    liveSession(this.#request)?.set(key, undefined)
  }

  /**
   * Put back what the session held under each key a storage wrote, as before that write: the
   * store that wrote them failed, and the app's error page stores again (the core's
   * `storeForErrorPage`).
   */
  takeBack(): void {
    const before = this.#keysBefore
    this.#keysBefore = undefined
    const session = liveSession(this.#request)
    if (before === undefined || session === undefined) return
    for (const [key, value] of before) session.set(key, value)
  }

  #remember(key: string): void {
    this.#keysBefore ??= new Map()
    if (!this.#keysBefore.has(key)) this.#keysBefore.set(key, liveSession(this.#request)?.get(key))
  }

  #successorSession(): PluginSession | undefined {
    if (this.#successor === undefined) this.#successor = newSession(this.#request) ?? null
    return this.#successor ?? undefined
  }
}

/** `request.session`: `null` after @fastify/session's `destroy()`, `{}` off its cookie path. */
function sessionOf(request: FastifyRequest): Partial<PluginSession> | null | undefined {
  return (request as { session?: Partial<PluginSession> | null }).session
}

function setSession(request: FastifyRequest, session: PluginSession | null | undefined): void {
  ;(request as { session?: PluginSession | null }).session = session
}

/** `@fastify/session` sets `request.session = {}` on paths outside its cookie path: not a session. */
function isSession(session: Partial<PluginSession> | null | undefined): session is PluginSession {
  return typeof session?.get === 'function' && typeof session.set === 'function'
}

/** The request's session unless it was ended in this request (`destroy()`, or secure-session's `delete()`). */
function liveSession(request: FastifyRequest): PluginSession | undefined {
  const session = sessionOf(request)
  return isSession(session) && session.deleted !== true ? session : undefined
}

/**
 * A new, empty session made by the request's session plugin with the app's options, not yet in
 * `request.session`; `undefined` when the plugin cannot make one at once.
 */
function newSession(request: FastifyRequest): PluginSession | undefined {
  const plugins = request.server as SessionFactories
  if (sessionOf(request) !== null) return plugins.createSecureSession?.({})
  if (typeof plugins.decryptSession !== 'function') return undefined
  // @fastify/session's public way to make a session outside its hooks, with the app's id
  // generator, cookie options and signer: an id that does not unsign (the empty one, with the
  // default signer) gets a new session in `request.session` at once. A custom signer that accepts
  // it sends the id to the store instead, and nothing is made now.
  plugins.decryptSession('', request, {}, ignore)
  const made = sessionOf(request)
  setSession(request, null)
  return isSession(made) ? made : undefined
}

function ignore(): void {}
