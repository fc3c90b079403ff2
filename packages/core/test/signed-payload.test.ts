/**
 * The payload of a message cookie: JSON bytes, zlib behind a `.` when that saves at least two
 * bytes (attempted only from 128 bytes of JSON), base64url; and the limits on decoding.
 */
import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { encodeBase64Url } from '../src/encoding/base64url.js'
import {
  decodePayload,
  encodePayload,
  type FlashCrypto,
  Message,
  serializeMessage,
  webCrypto,
} from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { encodeAsciiPayload, MAX_INFLATED_BYTES, MIN_COMPRESSIBLE_BYTES } from '../src/signed-payload.js'
import { countingCrypto } from './helpers/counting-crypto.js'

/** A crypto whose deflate output has exactly `length(input)` bytes. */
function fixedDeflate(length: (n: number) => number): FlashCrypto {
  return { ...nodeCrypto, deflate: (data) => new Uint8Array(length(data.length)).fill(120) }
}

const b64 = (text: string) => encodeBase64Url(new TextEncoder().encode(text))

describe.each([webCrypto, nodeCrypto])('signed payload ($name crypto)', (crypto) => {
  it('never compresses JSON under 128 bytes, however compressible', async () => {
    expect(MIN_COMPRESSIBLE_BYTES).toBe(128)
    const { crypto: counted, counts } = countingCrypto(crypto)
    const json = `"${'a'.repeat(125)}"`
    expect(json.length).toBe(127)
    expect(await encodePayload(json, counted)).toBe(b64(json))
    expect(counts.deflate).toBe(0)
  })

  it('compresses from 128 bytes when it saves bytes, and round-trips', async () => {
    const json = `"${'a'.repeat(126)}"`
    const payload = await encodePayload(json, crypto)
    expect(payload.startsWith('.')).toBe(true)
    expect(payload.length).toBeLessThan(b64(json).length)
    expect(await decodePayload(payload, crypto)).toBe(json)
  })

  it('keeps JSON plain when deflate does not save two bytes', async () => {
    // High-entropy printable text: zlib's output is longer than its input.
    let text = ''
    for (let k = 0; text.length < 140; k++) {
      for (const b of createHash('sha256').update(`seed${k}`).digest())
        text += String.fromCharCode(32 + (b % 95))
    }
    const json = JSON.stringify(text.slice(0, 140))
    expect(json.length).toBeGreaterThanOrEqual(128)
    expect(deflateSync(json).length).toBeGreaterThan(json.length - 2)
    expect(await encodePayload(json, crypto)).toBe(b64(json))
  })

  it('decodes plain payloads of any size', async () => {
    const json = JSON.stringify('x'.repeat(20000))
    expect(await decodePayload(b64(json), crypto)).toBe(json)
  })

  it('reads bad base64 or bad zlib as null', async () => {
    expect(await decodePayload('a', crypto)).toBeNull()
    expect(await decodePayload('.a', crypto)).toBeNull()
    expect(await decodePayload(`.${b64('not zlib data')}`, crypto)).toBeNull()
    const truncated = deflateSync(Buffer.from('x'.repeat(1000))).subarray(0, 8)
    expect(await decodePayload(`.${encodeBase64Url(truncated)}`, crypto)).toBeNull()
  })

  it('reads an inflate bomb over 1 MiB as bad data; exactly 1 MiB is fine', async () => {
    expect(MAX_INFLATED_BYTES).toBe(1024 * 1024)
    const bomb = encodeBase64Url(deflateSync(new Uint8Array(MAX_INFLATED_BYTES + 1).fill(32)))
    expect(bomb.length).toBeLessThan(4096)
    expect(await decodePayload(`.${bomb}`, crypto)).toBeNull()
    const full = encodeBase64Url(deflateSync(new Uint8Array(MAX_INFLATED_BYTES).fill(32)))
    expect((await decodePayload(`.${full}`, crypto))!.length).toBe(MAX_INFLATED_BYTES)
  })

  it('decodes bytes as latin-1, as Django does', async () => {
    expect(await decodePayload(encodeBase64Url(new Uint8Array([0x22, 0xe9, 0x22])), crypto)).toBe('"\u00e9"')
  })
})

describe('the two-byte rule', () => {
  const json = `"${'a'.repeat(200)}"`

  it('a deflate that saves one byte is not used', async () => {
    expect(
      await encodePayload(
        json,
        fixedDeflate((n) => n - 1),
      ),
    ).toBe(b64(json))
  })

  it('a deflate that saves two bytes is used', async () => {
    const payload = await encodePayload(
      json,
      fixedDeflate((n) => n - 2),
    )
    expect(payload).toBe(`.${encodeBase64Url(new Uint8Array(json.length - 2).fill(120))}`)
  })

  it('an asynchronous deflate is awaited', async () => {
    const async: FlashCrypto = { ...nodeCrypto, deflate: async (data) => nodeCrypto.deflate(data) }
    const payload = await encodePayload(json, async)
    expect(payload).toBe(`.${encodeBase64Url(deflateSync(new TextEncoder().encode(json)))}`)
  })
})

describe("nodeCrypto's one-call latin-1 codec", () => {
  // The same provider without the shortcuts: the portable path (TextEncoder/TextDecoder and bytes).
  const { encodeLatin1: _e, decodeLatin1: _d, latin1: _l, ...codec } = nodeCrypto.base64Url!
  const portable: FlashCrypto = { ...nodeCrypto, base64Url: codec }
  let seed = 7
  const next = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }

  it('decodes every byte string as the portable path does (latin-1, bad base64 as null)', async () => {
    for (let i = 0; i < 500; i++) {
      const bytes = Uint8Array.from({ length: next(90) }, () => next(256))
      const payload = encodeBase64Url(bytes)
      expect(await decodePayload(payload, nodeCrypto)).toBe(await decodePayload(payload, portable))
      const broken = `${payload.slice(0, next(payload.length + 1))}${'+/=!é '[next(6)]}`
      expect(await decodePayload(broken, nodeCrypto)).toBe(await decodePayload(broken, portable))
    }
  })

  it('decodes every compressed byte string as the portable path does (latin-1 after inflating)', async () => {
    for (let i = 0; i < 500; i++) {
      // Long runs of one byte, so the bytes compress; half the values are 0x80 and up.
      const bytes = Uint8Array.from({ length: next(3000) }, (_, k) => (k % 50 < 40 ? 0xe9 : next(256)))
      const payload = `.${encodeBase64Url(deflateSync(bytes))}`
      const text = await decodePayload(payload, nodeCrypto)
      expect(text).toBe(await decodePayload(payload, portable))
      expect(text).toBe(String.fromCharCode(...bytes))
    }
  })

  it('encodes short JSON as the portable path does, UTF-8 included', async () => {
    for (let i = 0; i < 500; i++) {
      const text = String.fromCharCode(...Array.from({ length: next(127) }, () => 32 + next(95)))
      expect(await encodePayload(text, nodeCrypto)).toBe(await encodePayload(text, portable))
    }
    // The cookie storage's entry (no scan): the same payloads for ASCII, short or long.
    for (const length of [0, 1, 64, 127, 128, 300]) {
      const text = `"${'ab'.repeat(length).slice(0, length)}"`
      expect(await encodeAsciiPayload(text, nodeCrypto)).toBe(await encodePayload(text, portable))
    }
    // Not ASCII: its UTF-8 bytes are not its latin-1 bytes, so the shortcut is not taken.
    for (const text of ['"é"', '"\u00ff\u0100"', '"✓"']) {
      expect(await encodePayload(text, nodeCrypto)).toBe(await encodePayload(text, portable))
      expect(await decodePayload(await encodePayload(text, nodeCrypto), nodeCrypto)).not.toBeNull()
    }
  })

  it('gets ASCII from serializeMessage whatever the text, which the cookie storage relies on to skip the scan', () => {
    for (const text of ['é', '\u00ff\u0100', '✓', '😀', '\u007f', 'a\u0000b', '"\\']) {
      const json = serializeMessage(new Message(25, text, 'tag ✓'))
      expect([...json].every((ch) => ch.charCodeAt(0) < 0x80)).toBe(true)
      expect(JSON.parse(json)[3]).toBe(text)
    }
  })
})
