/**
 * @module
 * `SessionStorage`: messages under one session key, as a JSON string exactly as Django writes
 * it, so a session shared with Django (e.g. through a common store) reads the same.
 */
import { FlashConfigError } from '../errors.js'
import type { Message } from '../message.js'
import type { FlashConfig } from '../options.js'
import { isMarker } from '../scope/binding.js'
import type { FlashSeam, SessionAccess } from '../seam.js'
import { parseMessageJson, parseMessageList, serializeMessage } from '../serializer.js'
import { BaseStorage, NOTHING_STORED, type Retrieval } from './base.js'

/**
 * The most characters of serialized messages kept in a session that lives in a cookie. Encoded by
 * the session plugin (JSON, base64, encryption: about 4/3), 2048 characters become some 2,900
 * bytes, which leaves room for the app's own session data under the 4096 bytes browsers keep.
 */
export const COOKIE_SESSION_BUDGET = 2048

export class SessionStorage extends BaseStorage {
  readonly #seam: FlashSeam
  readonly #config: FlashConfig
  #session: SessionAccess | undefined
  /** Why the last store() left messages out, for the report. */
  #reasons: string[] = []

  constructor(seam: FlashSeam, config: FlashConfig) {
    // The configuration carries both settings: no object of its own per storage.
    super(config)
    this.#seam = seam
    this.#config = config
  }

  /** Whether the request has a session at all (a fallback storage without one keeps to the cookie). */
  static available(seam: FlashSeam): boolean {
    return seam.session?.() !== undefined
  }

  #open(): SessionAccess {
    this.#session ??= this.#seam.session?.()
    if (!this.#session) {
      const { adapter } = this.#config
      throw new FlashConfigError(
        `${adapter.name}: storage "${typeof this.#config.storage === 'string' ? this.#config.storage : 'session'}" ` +
          `needs a session, but this request has none; ${adapter.sessionFix}`,
      )
    }
    return this.#session
  }

  override unstoredReason(): string {
    return this.#reasons.join('; ')
  }

  /** The session is read synchronously on first touch; reading it here would open it on every request. */
  override preload(): undefined {
    return undefined
  }

  override get(): Retrieval {
    const data = this.#open().get(this.#config.sessionKey)
    if (data === undefined || data === null || data === '') return NOTHING_STORED
    const list =
      typeof data === 'string'
        ? parseMessageJson(data, this.#config.levelTags)
        : parseMessageList(data, this.#config.levelTags)
    if (list === null) {
      this.markBadData()
      return NOTHING_STORED
    }
    return { messages: list.messages, allRetrieved: true }
  }

  override store(messages: Message[]): Message[] {
    const session = this.#open()
    const key = this.#config.sessionKey
    this.#reasons = []
    if (session.lost !== undefined && messages.length > 0) {
      this.#reasons.push(session.lost)
      return messages
    }
    // Keep the newest: a client that never displays its messages cannot grow its session forever.
    let [dropped, kept] = keepNewest(messages, this.#config.maxSessionMessages)
    if (dropped.length > 0) this.#reasons.push(limitReason(this.#config))
    let serialized = kept.map((m) => serializeMessage(m, 'default'))
    const fit = session.inCookie ? newestWithin(serialized, COOKIE_SESSION_BUDGET) : kept.length
    if (fit < kept.length) {
      this.#reasons.push(cookieSessionReason())
      dropped = [...dropped, ...kept.slice(0, kept.length - fit)]
      kept = kept.slice(kept.length - fit)
      serialized = serialized.slice(serialized.length - fit)
    }
    if (kept.length > 0) {
      session.set(key, `[${serialized.join(', ')}]`)
    } else if (session.get(key) != null) {
      // `!= null`: some sessions (hono-sessions) answer null for a missing key; deleting it would write.
      session.delete(key)
    }
    return dropped
  }
}

/**
 * Split `messages` into the oldest that exceed `max` and the newest `max` (`0`: no limit). Under
 * `scope: 'redirect'` the list holds markers (one per tab's group): they are not messages and do not
 * count, and a marker stays with the first message kept after it.
 *
 * @example
 * keepNewest([a, b, c], 2) // [[a], [b, c]]
 * keepNewest([markerA, a, markerB, b, c], 2) // [[markerA, a], [markerB, b, c]]
 */
export function keepNewest(messages: Message[], max: number): [dropped: Message[], kept: Message[]] {
  if (max === 0 || messages.length <= max) return [[], messages]
  let counted = 0
  let cut = messages.length
  while (cut > 0) {
    if (!isMarker(messages[cut - 1]!)) {
      if (counted === max) break
      counted++
    }
    cut--
  }
  return cut === 0 ? [[], messages] : [messages.slice(0, cut), messages.slice(cut)]
}

/** How many of the newest `serialized` messages fit in `budget` characters as a JSON list. */
function newestWithin(serialized: readonly string[], budget: number): number {
  let size = 2 // the brackets
  let count = 0
  for (let i = serialized.length - 1; i >= 0; i--) {
    size += serialized[i]!.length + (count > 0 ? 2 : 0)
    if (size > budget) break
    count++
  }
  return count
}

/** Why a session kept in a cookie takes no more messages. */
export function cookieSessionReason(): string {
  return (
    `the session is kept in a cookie, which browsers drop beyond 4096 bytes, so at most ${COOKIE_SESSION_BUDGET} ` +
    'characters of messages go there and the oldest are dropped; use a server-side session store'
  )
}

/** Why session-backed storages drop messages. */
export function limitReason(config: FlashConfig): string {
  return `at most ${config.maxSessionMessages} messages are kept per client (maxSessionMessages) and the oldest are dropped`
}
