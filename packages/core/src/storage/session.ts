/**
 * @module
 * `SessionStorage`: messages under one session key, as a JSON string exactly as Django writes
 * it, so a session shared with Django (e.g. through a common store) reads the same.
 */
import { FlashConfigError } from '../errors.js'
import type { Message } from '../message.js'
import type { FlashConfig } from '../options.js'
import type { FlashSeam, SessionAccess } from '../seam.js'
import { parseMessageJson, parseMessageList, serializeMessage } from '../serializer.js'
import { BaseStorage, NOTHING_STORED, type Retrieval } from './base.js'

export class SessionStorage extends BaseStorage {
  readonly #seam: FlashSeam
  readonly #config: FlashConfig
  #session: SessionAccess | undefined

  constructor(seam: FlashSeam, config: FlashConfig) {
    super({ level: config.level, levelTags: config.levelTags })
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
    return limitReason(this.#config)
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
    // Keep the newest: a client that never displays its messages cannot grow its session forever.
    const [dropped, kept] = keepNewest(messages, this.#config.maxSessionMessages)
    if (kept.length > 0) {
      session.set(key, `[${kept.map((m) => serializeMessage(m, 'default')).join(', ')}]`)
    } else if (session.get(key) != null) {
      // `!= null`: some sessions (hono-sessions) answer null for a missing key; deleting it would write.
      session.delete(key)
    }
    return dropped
  }
}

/**
 * Split `messages` into the oldest that exceed `max` and the newest `max` (`0`: no limit).
 *
 * @example
 * keepNewest([a, b, c], 2) // [[a], [b, c]]
 */
export function keepNewest(messages: Message[], max: number): [dropped: Message[], kept: Message[]] {
  if (max === 0 || messages.length <= max) return [[], messages]
  return [messages.slice(0, messages.length - max), messages.slice(messages.length - max)]
}

/** Why session-backed storages drop messages. */
export function limitReason(config: FlashConfig): string {
  return `at most ${config.maxSessionMessages} messages are kept per client (maxSessionMessages) and the oldest are dropped`
}
