/**
 * @module
 * Django's `TimestampSigner` as used by `get_cookie_signer(salt)`: values are signed as
 * `value:timestamp:signature`, where the signature is base64url(HMAC-SHA256) under the key
 * `SHA256(salt + "signer" + "django.http.cookies" + secret)`. The first secret signs; every
 * secret verifies (Django's `SECRET_KEY_FALLBACKS`). Keys are derived once per signer.
 */
import type { FlashCrypto, HmacSha256 } from './crypto/types.js'
import { decodeBase62, encodeBase62 } from './encoding/base62.js'
import { encodeBase64Url } from './encoding/base64url.js'

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

  constructor(options: TimestampSignerOptions) {
    this.#secrets = options.secrets
    this.#salt = options.salt
    this.#crypto = options.crypto
    this.#clock = options.clock ?? (() => Date.now() / 1000)
  }

  /** The current timestamp, base62-encoded as Django writes it. */
  timestamp(): string {
    return encodeBase62(Math.floor(this.#clock()))
  }

  /** The length of `value` once signed with `timestamp`, computed without signing. */
  signedLength(valueLength: number, timestamp: string): number {
    return valueLength + timestamp.length + SIGNATURE_LENGTH + 2
  }

  async sign(value: string, timestamp: string = this.timestamp()): Promise<string> {
    const [key] = await this.#hmacKeys()
    const signed = value + SEPARATOR + timestamp
    return signed + SEPARATOR + encodeBase64Url(await key!(encoder.encode(signed)))
  }

  /**
   * The value inside `signed`, or `null` when the signature does not verify under any secret,
   * the timestamp is malformed, or it is older than `maxAge` seconds. Never throws.
   */
  async unsign(signed: string, maxAge?: number | null): Promise<string | null> {
    const cut = signed.lastIndexOf(SEPARATOR)
    if (cut < 0) return null
    const signature = signed.slice(cut + 1)
    // A signature of the wrong length can never match: reject it without any crypto.
    if (signature.length !== SIGNATURE_LENGTH) return null
    const body = signed.slice(0, cut)
    const bytes = encoder.encode(body)
    let verified = false
    for (const key of await this.#hmacKeys()) {
      if (constantTimeEqual(encodeBase64Url(await key(bytes)), signature)) {
        verified = true
        break
      }
    }
    if (!verified) return null
    const tsCut = body.lastIndexOf(SEPARATOR)
    if (tsCut < 0) return null
    const issued = decodeBase62(body.slice(tsCut + 1))
    if (issued === null) return null
    if (maxAge !== null && maxAge !== undefined && this.#clock() - issued > maxAge) return null
    return body.slice(0, tsCut)
  }

  #hmacKeys(): Promise<HmacSha256[]> | HmacSha256[] {
    this.#keys ??= this.#deriveKeys().then((keys) => {
      this.#keys = keys
      return keys
    })
    return this.#keys
  }

  async #deriveKeys(): Promise<HmacSha256[]> {
    const prefix = `${this.#salt}signer` + 'django.http.cookies'
    return Promise.all(
      this.#secrets.map(async (secret) =>
        this.#crypto.hmacSha256(await this.#crypto.sha256(encoder.encode(prefix + secret))),
      ),
    )
  }
}

/** Compare two strings in time that depends only on their length. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false
  let diff = 0
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i)
  return diff === 0
}
