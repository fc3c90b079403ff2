/**
 * @module
 * The small crypto and compression interface the core depends on. The default implementation
 * is Web Crypto plus CompressionStream (every runtime); `@flash/core/node` supplies a synchronous
 * `node:crypto` + `node:zlib` one that is several times faster on Node.
 */
import type { MaybePromise } from '../maybe-promise.js'

/**
 * Signs with one key prepared in advance (key import happens once, not per request): the
 * HMAC-SHA256 of the UTF-8 bytes of `text`, as unpadded base64url (the signature format of
 * Django's signer). Strings in and out let a native provider do it in one call.
 */
export type HmacSha256 = (text: string) => MaybePromise<string>

/** Unpadded base64url, as Django's `b64_encode`/`b64_decode`. */
export interface Base64Url {
  encode(bytes: Uint8Array): string
  /** `null` for text outside the unpadded base64url alphabet, or of an impossible length. */
  decode(text: string): Uint8Array | null
  /**
   * Optional, for speed: `encode` of the bytes of `text`, one byte per character (every
   * character is below 256). A short payload is then encoded in one native call.
   */
  encodeLatin1?(text: string): string
  /**
   * Optional, for speed: `decode`, then each byte as the character of that code (latin-1, as
   * Django reads payload bytes); `null` where `decode` gives `null`.
   */
  decodeLatin1?(text: string): string | null
  /**
   * Optional, for speed: each byte as the character of that code (latin-1), in one native call.
   * How an inflated payload becomes text; without it the core checks for ASCII byte by byte.
   */
  latin1?(bytes: Uint8Array): string
}

export interface FlashCrypto {
  /** A short name for logs and benchmarks, e.g. `'web'` or `'node'`. */
  readonly name: string
  /**
   * `true` when every method returns plain values, never promises. Adapters then read messages
   * on first use instead of loading them in a hook before every handler (Fastify's `preHandler`).
   * Leave it out when unsure: an asynchronous provider marked synchronous fails on first read
   * (mind `{ ...nodeCrypto, deflate: async ... }`, which copies the mark).
   */
  readonly synchronous?: boolean
  sha256(data: Uint8Array): MaybePromise<Uint8Array>
  /** Prepare an HMAC-SHA256 key once; the result signs with it. */
  hmacSha256(key: Uint8Array): MaybePromise<HmacSha256>
  /** zlib (RFC 1950) compression at the default level, like Python's `zlib.compress`. */
  deflate(data: Uint8Array): MaybePromise<Uint8Array>
  /** zlib decompression; `null` for invalid data or output longer than `maxLength` bytes. */
  inflate(data: Uint8Array, maxLength: number): MaybePromise<Uint8Array | null>
  /** A native base64url codec for cookie payloads; the core's portable one when absent. */
  readonly base64Url?: Base64Url
}
