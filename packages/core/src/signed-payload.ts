/**
 * @module
 * The payload half of Django's `sign_object(..., compress=True)`: JSON bytes, zlib-compressed
 * behind a `.` prefix when that saves at least two bytes, then base64url.
 */
import type { FlashCrypto } from './crypto/types.js'
import { decodeBase64Url, encodeBase64Url } from './encoding/base64url.js'
import { isPromiseLike, type MaybePromise } from './maybe-promise.js'

/**
 * Below this many bytes of JSON, compression cannot win anything worth a deflate call (a single
 * short message saves nothing), so it is not attempted. Django reads plain and compressed
 * payloads alike, so skipping it never breaks compatibility.
 */
export const MIN_COMPRESSIBLE_BYTES = 128

/** A signed payload never inflates beyond this: a zlib bomb reads as bad data. */
export const MAX_INFLATED_BYTES = 1024 * 1024

const encoder = new TextEncoder()

/** Encode JSON text (pure ASCII, as the Python-style writer produces) into a payload. */
export function encodePayload(json: string, crypto: FlashCrypto): MaybePromise<string> {
  // Text from anywhere: only the short path (latin-1 in one native call) needs it to be ASCII; from
  // MIN_COMPRESSIBLE_BYTES on, both paths encode its UTF-8 bytes.
  return json.length >= MIN_COMPRESSIBLE_BYTES || isAsciiText(json)
    ? encodeAsciiPayload(json, crypto)
    : encodeBytes(encoder.encode(json), crypto)
}

/**
 * {@link encodePayload} for JSON known to be ASCII: what `serializeMessage` writes (Python's
 * `ensure_ascii` escapes every other character), which the cookie storage encodes on every store.
 * Skipping the scan for non-ASCII characters saves ~0.8 k instructions a request (Koa's S3,
 * `bench/HISTORY.md` round 21).
 */
export function encodeAsciiPayload(json: string, crypto: FlashCrypto): MaybePromise<string> {
  // Too short to compress, and ASCII (so its UTF-8 bytes are its latin-1 bytes): one native call.
  const encodeLatin1 = crypto.base64Url?.encodeLatin1
  if (encodeLatin1 && json.length < MIN_COMPRESSIBLE_BYTES) return encodeLatin1(json)
  return encodeBytes(encoder.encode(json), crypto)
}

/** The payload of JSON's UTF-8 `data`: compressed when that saves at least two bytes. */
function encodeBytes(data: Uint8Array, crypto: FlashCrypto): MaybePromise<string> {
  const base64 = crypto.base64Url?.encode ?? encodeBase64Url
  if (data.length < MIN_COMPRESSIBLE_BYTES) return base64(data)
  const compressed = crypto.deflate(data)
  const choose = (z: Uint8Array) => (z.length < data.length - 1 ? `.${base64(z)}` : base64(data))
  return compressed instanceof Uint8Array ? choose(compressed) : compressed.then(choose)
}

/**
 * Decode a payload back to JSON text, or `null` for bad base64 or bad zlib; a plain value when
 * the crypto provider inflates synchronously (or nothing needs inflating).
 */
export function decodePayload(payload: string, crypto: FlashCrypto): MaybePromise<string | null> {
  const compressed = payload.startsWith('.')
  if (!compressed && crypto.base64Url?.decodeLatin1) return crypto.base64Url.decodeLatin1(payload)
  const text = compressed ? payload.slice(1) : payload
  const bytes = crypto.base64Url ? crypto.base64Url.decode(text) : decodeBase64Url(text)
  if (bytes === null) return null
  const toText = crypto.base64Url?.latin1 ?? latin1
  if (!compressed) return toText(bytes)
  const inflated = crypto.inflate(bytes, MAX_INFLATED_BYTES)
  const textOrNull = (b: Uint8Array | null) => (b === null ? null : toText(b))
  return isPromiseLike(inflated) ? inflated.then(textOrNull) : textOrNull(inflated)
}

const ascii = new TextDecoder()

/**
 * Django decodes payload bytes as latin-1: every byte maps to the code point of its value. Payloads
 * are ASCII in practice (Python's JSON escapes the rest), and for ASCII the native UTF-8 decoder
 * gives the same string much faster. (The WHATWG "latin1" label means windows-1252, hence no
 * TextDecoder for the rest.)
 */
function latin1(bytes: Uint8Array): string {
  if (isAscii(bytes)) return ascii.decode(bytes)
  let out = ''
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192))
  }
  return out
}

/**
 * Any character outside ASCII: a UTF-16 code unit from 0x80 up (a linear scan, in the regular
 * expression engine's native loop).
 */
const NON_ASCII = /[\u0080-\uffff]/

function isAsciiText(text: string): boolean {
  return !NON_ASCII.test(text)
}

function isAscii(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! > 0x7f) return false
  return true
}
