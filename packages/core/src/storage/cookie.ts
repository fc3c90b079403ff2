/**
 * @module
 * `CookieStorage`: messages in a signed cookie, byte-compatible with Django's.
 */
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js'
import type { Message } from '../message.js'
import type { FlashConfig } from '../options.js'
import { markerBefore } from '../scope/binding.js'
import type { FlashSeam } from '../seam.js'
import { parseMessageJson, type StoredList, serializeMessage } from '../serializer.js'
import { decodePayload, encodeAsciiPayload, MAX_INFLATED_BYTES } from '../signed-payload.js'
import { BaseStorage, NOTHING_STORED, type Retrieval } from './base.js'
import { type FitHint, type Fitted, fitMessages, listJsonLength } from './cookie-fit.js'

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

/** The request's message cookie as the storage reads it: an empty value is no cookie. */
export function incomingCookie(seam: FlashSeam, config: FlashConfig): string | undefined {
  return seam.getCookie(config.cookieName) || undefined
}

/**
 * Hand a cookie backend the request's cookie value, already read by the fallback storage that
 * builds it, so the cookie header is scanned once. Set by `CookieStorage`'s static block: the
 * one way into its private field, and not exported from the package.
 */
export let presetIncoming: (storage: CookieStorage, value: string | undefined) => void

export class CookieStorage extends BaseStorage {
  static {
    presetIncoming = (storage, value) => {
      storage.#incoming = value
    }
  }

  readonly #seam: FlashSeam
  readonly #config: FlashConfig
  readonly #removeOldest: boolean
  #incoming: string | undefined | null = null
  /** Whether the last store() had more JSON than a reader inflates ({@link MAX_INFLATED_BYTES}). */
  #overInflateCap = false

  constructor(seam: FlashSeam, config: FlashConfig, options: CookieStorageOptions = {}) {
    // The configuration carries both settings: no object of its own per storage.
    super(config)
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
    if (this.#incoming === null) this.#incoming = incomingCookie(this.#seam, this.#config)
    return this.#incoming
  }

  override mayHaveData(): boolean {
    return this.#cookie() !== undefined
  }

  override get(): Retrieval | Promise<Retrieval> {
    const raw = this.#cookie()
    if (raw === undefined) return NOTHING_STORED
    // Synchronous with a synchronous crypto provider: no promise, so no await before the handler.
    // Each step calls the next directly when its input is not a promise (no closure per request).
    const list = this.#decode(raw)
    return isPromiseLike(list) ? list.then((l) => this.#retrieval(l)) : this.#retrieval(list)
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
    const payload = this.#config.signer.unsign(raw, this.#config.maxAge)
    return isPromiseLike(payload) ? payload.then((p) => this.#parse(p)) : this.#parse(payload)
  }

  #parse(payload: string | null): MaybePromise<StoredList | null> {
    if (payload === null) return null
    const json = decodePayload(payload, this.#config.crypto)
    return isPromiseLike(json) ? json.then((j) => this.#listOf(j)) : this.#listOf(json)
  }

  #listOf(json: string | null): StoredList | null {
    return json === null ? null : parseMessageJson(json, this.#config.levelTags)
  }

  override store(messages: Message[]): MaybePromise<Message[]> {
    const { signer, maxCookieSize } = this.#config
    const timestamp = signer.timestamp()
    const parts = new Array<string>(messages.length)
    for (let i = 0; i < messages.length; i++) parts[i] = serializeMessage(messages[i]!)
    // What a reader would not inflate must not be written, however well it compresses (the JSON is
    // ASCII: characters are bytes).
    this.#overInflateCap = parts.length > 0 && listJsonLength(parts) > MAX_INFLATED_BYTES
    if (parts.length === 0) return this.#write(undefined, [], timestamp)

    const tools = fitTools(this.#config)
    const fitted = fitMessages({
      parts,
      maxPayloadLength: maxCookieSize - signer.signedLength(0, timestamp),
      maxJsonLength: MAX_INFLATED_BYTES,
      removeOldest: this.#removeOldest,
      encode: tools.encode,
      hint: tools.hint,
      leadFor: this.#removeOldest && this.#config.scope === 'redirect' ? this.#leadFor(messages) : undefined,
    })
    return isPromiseLike(fitted)
      ? fitted.then((f) => this.#writeFitted(f, messages, timestamp))
      : this.#writeFitted(fitted, messages, timestamp)
  }

  /**
   * The JSON of the tab marker that keeps a cut group bound (see `FitRequest.leadFor`). The groups
   * are read on the first call: a list that fits is never cut, and never scanned for them.
   */
  #leadFor(messages: readonly Message[]): (start: number) => string | undefined {
    let before: ((start: number) => Message | undefined) | undefined
    return (start) => {
      before ??= markerBefore(messages, this.#config.levelTags)
      const marker = before(start)
      return marker === undefined ? undefined : serializeMessage(marker)
    }
  }

  #writeFitted(
    { payload, start, end }: Fitted,
    messages: Message[],
    timestamp: string,
  ): MaybePromise<Message[]> {
    const unstored =
      start === 0 && end === messages.length ? [] : [...messages.slice(0, start), ...messages.slice(end)]
    return this.#write(payload, unstored, timestamp)
  }

  /** Write `payload` signed (or delete the cookie when there is none); answers `unstored`. */
  #write(payload: string | undefined, unstored: Message[], timestamp: string): MaybePromise<Message[]> {
    const name = this.#config.cookieName
    if (payload !== undefined) {
      const value = this.#config.signer.sign(payload, timestamp)
      if (isPromiseLike(value)) {
        return value.then((v) => {
          this.#seam.setCookie(name, v, this.#config.cookieAttributes)
          return unstored
        })
      }
      this.#seam.setCookie(name, value, this.#config.cookieAttributes)
      return unstored
    }
    if (this.#cookie() !== undefined) {
      // Unlike Django, only delete a cookie the client actually sent: no Set-Cookie for nothing.
      this.#seam.deleteCookie(name, this.#config.deleteCookieAttributes)
    }
    return unstored
  }
}

/** What the fit of one app's configuration reuses on every store: its encoder, and its hint. */
interface FitTools {
  readonly encode: (json: string) => MaybePromise<string>
  /** How well its messages compressed the last time the cookie overflowed. */
  readonly hint: FitHint
}

const fitToolsByConfig = new WeakMap<FlashConfig, FitTools>()
function fitTools(config: FlashConfig): FitTools {
  let tools = fitToolsByConfig.get(config)
  if (tools === undefined) {
    const crypto = config.crypto
    // The JSON is serializeMessage's, so ASCII.
    tools = { encode: (json) => encodeAsciiPayload(json, crypto), hint: { perChar: undefined } }
    fitToolsByConfig.set(config, tools)
  }
  return tools
}
