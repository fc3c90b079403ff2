/**
 * @module
 * `FallbackStorage`, Django's default: the cookie first, and what does not fit goes to the
 * session, so nothing is lost. The session is read only when the cookie says (with its
 * sentinel) that more messages are there, and written only when the cookie overflows.
 */
import { isPromiseLike, type MaybePromise, thenMaybe } from '../maybe-promise.js'
import type { Message } from '../message.js'
import type { FlashConfig } from '../options.js'
import type { FlashSeam } from '../seam.js'
import { BaseStorage, NO_MESSAGES, type Retrieval } from './base.js'
import { CookieStorage, type CookieStorageOptions, incomingCookie, presetIncoming } from './cookie.js'
import { keepNewest, limitReason, SessionStorage } from './session.js'

/** The inner cookie storage passes what does not fit on to the session: it drops the newest. */
const KEEP_OLDEST: CookieStorageOptions = Object.freeze({ removeOldest: false })

export class FallbackStorage extends BaseStorage {
  #cookie: CookieStorage | undefined
  /** The request's message cookie, read before the cookie backend was needed; `null`: not read. */
  #incoming: string | undefined | null = null
  readonly #seam: FlashSeam
  readonly #config: FlashConfig
  #session: SessionStorage | null | undefined
  /** Whether the cookie and the session supplied messages on this request: they are flushed when emptied. */
  #cookieSupplied = false
  #sessionSupplied = false
  #droppedByLimit = 0
  /** Why the last store() left messages over after the cookie: the session's reason, or no session. */
  #leftOverReason = ''

  constructor(seam: FlashSeam, config: FlashConfig) {
    // The configuration carries both settings: no object of its own per storage.
    super(config)
    this.#seam = seam
    this.#config = config
  }

  /**
   * The cookie backend, made on first use: a request without a message cookie that stores nothing
   * (untouched, or a read of no messages) allocates one storage, not two.
   */
  get cookie(): CookieStorage {
    if (this.#cookie === undefined) {
      this.#cookie = new CookieStorage(this.#seam, this.#config, KEEP_OLDEST)
      if (this.#incoming !== null) presetIncoming(this.#cookie, this.#incoming)
    }
    return this.#cookie
  }

  /** The session backend, or `null` when the request has no session (then only the cookie is used). */
  get session(): SessionStorage | null {
    if (this.#session === undefined) {
      this.#session = SessionStorage.available(this.#seam)
        ? new SessionStorage(this.#seam, this.#config)
        : null
    }
    return this.#session
  }

  /**
   * Messages are left over by the per-client limit, by a session that cannot take them (kept in a
   * cookie, or not saved), or by a full cookie without a session.
   */
  override unstoredReason(): string {
    const reasons: string[] = []
    if (this.#droppedByLimit > 0) reasons.push(limitReason(this.#config))
    if (this.#leftOverReason) reasons.push(this.#leftOverReason)
    return reasons.join('; ')
  }

  override mayHaveData(): boolean {
    if (this.#cookie !== undefined) return this.#cookie.mayHaveData()
    // Without a message cookie there is nothing (the session is read only on the cookie's word):
    // a read of no messages, the common page, builds no cookie backend.
    if (this.#incoming === null) this.#incoming = incomingCookie(this.#seam, this.#config)
    return this.#incoming !== undefined
  }

  override get(): Retrieval | Promise<Retrieval> {
    const fromCookie = this.cookie.get()
    return isPromiseLike(fromCookie)
      ? fromCookie.then((r) => this.#afterCookie(r))
      : this.#afterCookie(fromCookie)
  }

  #afterCookie(fromCookie: Retrieval): Retrieval {
    if (fromCookie.messages === null) return fromCookie
    if (fromCookie.messages.length > 0) this.#cookieSupplied = true
    const session = fromCookie.allRetrieved !== false ? null : this.session
    if (session === null) return fromCookie
    const fromSession = session.get()
    if (!fromSession.messages?.length)
      return { messages: fromCookie.messages, allRetrieved: fromSession.allRetrieved }
    this.#sessionSupplied = true
    return {
      messages: [...fromCookie.messages, ...fromSession.messages],
      allRetrieved: fromSession.allRetrieved,
    }
  }

  override store(messages: Message[]): MaybePromise<Message[]> {
    // The limit applies to the whole list (cookie and session): the newest are kept, in order.
    const max = this.#config.maxSessionMessages
    let dropped: readonly Message[] = NO_MESSAGES
    let kept = messages
    if (max !== 0 && messages.length > max) [dropped, kept] = keepNewest(messages, max)
    this.#droppedByLimit = dropped.length
    // Each step calls the next directly when the storage before it answered synchronously.
    const afterCookie = this.#storeIn(this.cookie, kept)
    return isPromiseLike(afterCookie)
      ? afterCookie.then((a) => this.#afterCookieStored(a, dropped))
      : this.#afterCookieStored(afterCookie, dropped)
  }

  #afterCookieStored(afterCookie: Message[], dropped: readonly Message[]): MaybePromise<Message[]> {
    // Open the session only to take the overflow, or to flush messages it supplied.
    const session = afterCookie.length > 0 ? this.session : this.#session
    const rest =
      session && (afterCookie.length > 0 || this.#sessionSupplied)
        ? this.#storeIn(session, afterCookie)
        : afterCookie
    return isPromiseLike(rest)
      ? rest.then((left) => this.#leftOver(left, session, dropped))
      : this.#leftOver(rest, session, dropped)
  }

  /** What neither storage took, and why (for the report), after the messages the limit dropped. */
  #leftOver(
    left: Message[],
    session: SessionStorage | null | undefined,
    dropped: readonly Message[],
  ): Message[] {
    this.#leftOverReason =
      left.length === 0 ? '' : session ? session.unstoredReason() : this.cookie.unstoredReason()
    return dropped.length > 0 ? [...dropped, ...left] : left
  }

  #storeIn(backend: BaseStorage, messages: Message[]): MaybePromise<Message[]> {
    if (messages.length > 0) return backend.store(messages)
    if (this.#takeSupplied(backend)) return thenMaybe(backend.store([]), () => [])
    return []
  }

  /** Whether `backend` supplied messages not flushed yet; it counts as flushed from now on. */
  #takeSupplied(backend: BaseStorage): boolean {
    if (backend === this.cookie) {
      const supplied = this.#cookieSupplied
      this.#cookieSupplied = false
      return supplied
    }
    const supplied = this.#sessionSupplied
    this.#sessionSupplied = false
    return supplied
  }
}
