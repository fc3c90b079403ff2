/**
 * @module
 * `CookieStorage`: messages in a signed cookie, byte-compatible with Django's.
 */
import { type MaybePromise, thenMaybe } from '../maybe-promise.js'
import type { Message } from '../message.js'
import type { FlashConfig } from '../options.js'
import type { FlashSeam } from '../seam.js'
import { parseMessageJson, type StoredList, serializeMessage } from '../serializer.js'
import { decodePayload, encodePayload, MAX_INFLATED_BYTES } from '../signed-payload.js'
import { BaseStorage, NOTHING_STORED, type Retrieval } from './base.js'
import { type FitHint, fitMessages, listJsonLength } from './cookie-fit.js'

/**
 * Browsers keep at most 4096 bytes per cookie, so a longer value cannot be ours: it is rejected
 * before any crypto runs, and `maxCookieSize` may not exceed it, so whatever is written reads back.
 */
export const MAX_COOKIE_LENGTH = 4096

export interface CookieStorageOptions {
  /**
   * Which end to drop when the cookie is full: the oldest messages (`true`, plain cookie
   * storage) or the newest (`false`, under fallback storage, which passes them on to the session).
   * @default true
   */
  readonly removeOldest?: boolean
}

export class CookieStorage extends BaseStorage {
  readonly #seam: FlashSeam
  readonly #config: FlashConfig
  readonly #removeOldest: boolean
  #incoming: string | undefined | null = null
  /** Whether the last store() had more JSON than a reader inflates ({@link MAX_INFLATED_BYTES}). */
  #overInflateCap = false

  constructor(seam: FlashSeam, config: FlashConfig, options: CookieStorageOptions = {}) {
    super({ level: config.level, levelTags: config.levelTags })
    this.#seam = seam
    this.#config = config
    this.#removeOldest = options.removeOldest ?? true
  }

  override unstoredReason(): string {
    const inflated = this.#overInflateCap
      ? `, and to ${MAX_INFLATED_BYTES} characters of JSON once inflated`
      : ''
    const limit = `the message cookie is limited to ${this.#config.maxCookieSize} characters${inflated}`
    return this.#removeOldest
      ? `${limit} and cookie storage drops the oldest`
      : `${limit} and this request has no session to take the rest`
  }

  /** The incoming cookie value, read once. */
  #cookie(): string | undefined {
    if (this.#incoming === null) this.#incoming = this.#seam.getCookie(this.#config.cookieName) || undefined
    return this.#incoming
  }

  override mayHaveData(): boolean {
    return this.#cookie() !== undefined
  }

  override get(): Retrieval | Promise<Retrieval> {
    const raw = this.#cookie()
    if (raw === undefined) return NOTHING_STORED
    // Synchronous with a synchronous crypto provider: no promise, so no await before the handler.
    return thenMaybe(this.#decode(raw), (list) => this.#retrieval(list))
  }

  #retrieval(list: StoredList | null): Retrieval {
    if (list === null) {
      this.markBadData()
      return NOTHING_STORED
    }
    return { messages: list.messages, allRetrieved: !list.notFinished }
  }

  #decode(raw: string): MaybePromise<StoredList | null> {
    if (raw.length > MAX_COOKIE_LENGTH) return null
    return thenMaybe(this.#config.signer.unsign(raw, this.#config.maxAge), (payload) =>
      payload === null
        ? null
        : thenMaybe(decodePayload(payload, this.#config.crypto), (json) =>
            json === null ? null : parseMessageJson(json, this.#config.levelTags),
          ),
    )
  }

  override store(messages: Message[]): MaybePromise<Message[]> {
    const { signer, crypto, maxCookieSize } = this.#config
    const timestamp = signer.timestamp()
    const parts = messages.map((m) => serializeMessage(m))
    // What a reader would not inflate must not be written, however well it compresses (the JSON is
    // ASCII: characters are bytes).
    this.#overInflateCap = parts.length > 0 && listJsonLength(parts) > MAX_INFLATED_BYTES

    const fitting: MaybePromise<[string | undefined, Message[]]> =
      parts.length === 0
        ? [undefined, []]
        : thenMaybe(
            fitMessages({
              parts,
              maxPayloadLength: maxCookieSize - signer.signedLength(0, timestamp),
              maxJsonLength: MAX_INFLATED_BYTES,
              removeOldest: this.#removeOldest,
              encode: (json) => encodePayload(json, crypto),
              hint: fitHint(this.#config),
            }),
            ({ payload, start, end }): [string, Message[]] => [
              payload,
              start === 0 && end === messages.length
                ? []
                : [...messages.slice(0, start), ...messages.slice(end)],
            ],
          )

    const write = ([payload, unstored]: [string | undefined, Message[]]): MaybePromise<Message[]> => {
      const name = this.#config.cookieName
      if (payload !== undefined) {
        return thenMaybe(signer.sign(payload, timestamp), (value) => {
          this.#seam.setCookie(name, value, this.#config.cookieAttributes)
          return unstored
        })
      }
      if (this.#cookie() !== undefined) {
        // Unlike Django, only delete a cookie the client actually sent: no Set-Cookie for nothing.
        this.#seam.deleteCookie(name, this.#config.deleteCookieAttributes)
      }
      return unstored
    }

    return thenMaybe(fitting, write)
  }
}

/** One hint per app: how well its messages compressed the last time the cookie overflowed. */
const hints = new WeakMap<FlashConfig, FitHint>()
function fitHint(config: FlashConfig): FitHint {
  let hint = hints.get(config)
  if (hint === undefined) {
    hint = { perChar: undefined }
    hints.set(config, hint)
  }
  return hint
}
