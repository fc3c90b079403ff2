/**
 * @module
 * Django's `TimestampSigner` as used by `get_cookie_signer(salt)`: values are signed as
 * `value:timestamp:signature`, where the signature is base64url(HMAC-SHA256) under the key
 * `SHA256(salt + "signer" + "django.http.cookies" + secret)`. The first secret signs; every
 * secret verifies (Django's `SECRET_KEY_FALLBACKS`). Keys are derived once per signer.
 */
import type { FlashCrypto, HmacSha256 } from './crypto/types.js'
import { decodeBase62, encodeBase62 } from './encoding/base62.js'
import { isPromiseLike, type MaybePromise } from './maybe-promise.js'

/** Length of a base64url HMAC-SHA256 signature without padding. */
const SIGNATURE_LENGTH = 43
const SEPARATOR = ':'
const encoder = new TextEncoder()

export interface TimestampSignerOptions {
  /** Secrets; the first signs, all verify. */
  readonly secrets: readonly string[]
  /** Django's `salt`; `django.contrib.messages` for message cookies. */
  readonly salt: string
  readonly crypto: FlashCrypto
  /** Seconds since the epoch (Django's `time.time()`); injectable for tests. */
  readonly clock?: () => number
}

export class TimestampSigner {
  readonly #secrets: readonly string[]
  readonly #salt: string
  readonly #crypto: FlashCrypto
  readonly #clock: () => number
  #keys: Promise<HmacSha256[]> | HmacSha256[] | undefined
  /** The last second {@link TimestampSigner.timestamp} encoded, and its text: it changes once a second. */
  #stampSecond = Number.NaN
  #stamp = ''

  constructor(options: TimestampSignerOptions) {
    this.#secrets = options.secrets
    this.#salt = options.salt
    this.#crypto = options.crypto
    this.#clock = options.clock ?? (() => Date.now() / 1000)
  }

  /** The current timestamp, base62-encoded as Django writes it. */
  timestamp(): string {
    const second = Math.floor(this.#clock())
    if (second !== this.#stampSecond) {
      this.#stamp = encodeBase62(second)
      this.#stampSecond = second
    }
    return this.#stamp
  }

  /** The length of `value` once signed with `timestamp`, computed without signing. */
  signedLength(valueLength: number, timestamp: string): number {
    return valueLength + timestamp.length + SIGNATURE_LENGTH + 2
  }

  /** Sign `value`; a plain string (no promise) when the crypto provider is synchronous. */
  sign(value: string, timestamp: string = this.timestamp()): MaybePromise<string> {
    const signed = value + SEPARATOR + timestamp
    const keys = this.#hmacKeys()
    return isPromiseLike(keys) ? keys.then((k) => finishSign(k[0]!, signed)) : finishSign(keys[0]!, signed)
  }

  /**
   * The value inside `signed`, or `null` when the signature does not verify under any secret,
   * the timestamp is malformed, or it is older than `maxAge` seconds. Never throws (a rejected
   * promise neither). A plain value when the crypto provider is synchronous.
   */
  unsign(signed: string, maxAge?: number | null): MaybePromise<string | null> {
    const cut = signed.lastIndexOf(SEPARATOR)
    if (cut < 0) return null
    const signature = signed.slice(cut + 1)
    // A signature of the wrong length can never match: reject it without any crypto.
    if (signature.length !== SIGNATURE_LENGTH) return null
    const body = signed.slice(0, cut)
    const keys = this.#hmacKeys()
    return isPromiseLike(keys)
      ? keys.then((k) => this.#verify(k, 0, signature, body, maxAge))
      : this.#verify(keys, 0, signature, body, maxAge)
  }

  /** Try the keys from `index` on: the first that verifies accepts `body`. */
  #verify(
    keys: readonly HmacSha256[],
    index: number,
    signature: string,
    body: string,
    maxAge: number | null | undefined,
  ): MaybePromise<string | null> {
    for (let i = index; i < keys.length; i++) {
      const mac = keys[i]!(body)
      if (isPromiseLike(mac)) {
        return mac.then((m) =>
          constantTimeEqual(m, signature)
            ? this.#fresh(body, maxAge)
            : this.#verify(keys, i + 1, signature, body, maxAge),
        )
      }
      if (constantTimeEqual(mac, signature)) return this.#fresh(body, maxAge)
    }
    return null
  }

  /** The value of a verified `body` (`value:timestamp`), or `null` when expired or malformed. */
  #fresh(body: string, maxAge: number | null | undefined): string | null {
    const tsCut = body.lastIndexOf(SEPARATOR)
    if (tsCut < 0) return null
    const issued = decodeBase62(body.slice(tsCut + 1))
    if (issued === null) return null
    if (maxAge !== null && maxAge !== undefined && this.#clock() - issued > maxAge) return null
    return body.slice(0, tsCut)
  }

  #hmacKeys(): Promise<HmacSha256[]> | HmacSha256[] {
    if (this.#keys === undefined) {
      const keys = this.#deriveKeys()
      this.#keys = isPromiseLike(keys)
        ? keys.then((k) => {
            this.#keys = k
            return k
          })
        : keys
    }
    return this.#keys
  }

  /** The HMAC keys, derived synchronously when the crypto provider is synchronous. */
  #deriveKeys(): MaybePromise<HmacSha256[]> {
    const prefix = `${this.#salt}signer` + 'django.http.cookies'
    const keys: MaybePromise<HmacSha256>[] = this.#secrets.map((secret) => {
      const digest = this.#crypto.sha256(encoder.encode(prefix + secret))
      return isPromiseLike(digest)
        ? digest.then((d) => this.#crypto.hmacSha256(d))
        : this.#crypto.hmacSha256(digest)
    })
    return keys.some(isPromiseLike) ? Promise.all(keys) : (keys as HmacSha256[])
  }
}

function finishSign(key: HmacSha256, signed: string): MaybePromise<string> {
  const mac = key(signed)
  return isPromiseLike(mac) ? mac.then((m) => signed + SEPARATOR + m) : signed + SEPARATOR + mac
}

/** Compare two strings in time that depends only on their length. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
