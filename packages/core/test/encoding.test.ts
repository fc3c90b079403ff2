/**
 * base64url without padding (Django's `b64_encode`/`b64_decode`), portable and native, and base62
 * timestamps.
 */
import { describe, expect, it } from 'vitest'
import { decodeBase62, encodeBase62 } from '../src/encoding/base62.js'
import { decodeBase64Url, encodeBase64Url } from '../src/encoding/base64url.js'
import { nodeCrypto } from '../src/node.js'

const bytes = (...b: number[]) => new Uint8Array(b)

describe.each([
  ['portable', { encode: encodeBase64Url, decode: decodeBase64Url }],
  ['node:buffer (nodeCrypto.base64Url)', nodeCrypto.base64Url!],
])('base64url, %s', (_name, codec) => {
  // Plain Uint8Arrays, so a Buffer and a Uint8Array of the same bytes compare equal.
  const encodeBase64Url = codec.encode
  const decodeBase64Url = (text: string) => {
    const decoded = codec.decode(text)
    return decoded && Uint8Array.from(decoded)
  }

  it('encodes without padding, URL-safe', () => {
    expect(encodeBase64Url(bytes())).toBe('')
    expect(encodeBase64Url(bytes(0xfb))).toBe('-w')
    expect(encodeBase64Url(bytes(0xfb, 0xff))).toBe('-_8')
    expect(encodeBase64Url(bytes(0xfb, 0xff, 0xbf))).toBe('-_-_')
    expect(encodeBase64Url(new TextEncoder().encode('[["__json_message",0,20,"Hello world.",""]]'))).toBe(
      'W1siX19qc29uX21lc3NhZ2UiLDAsMjAsIkhlbGxvIHdvcmxkLiIsIiJdXQ',
    )
  })

  it('round-trips every length and byte value', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i)
    for (let n = 0; n <= 256; n++) {
      const part = all.subarray(256 - n)
      expect(decodeBase64Url(encodeBase64Url(part))).toEqual(part)
    }
  })

  it('agrees with Buffer', () => {
    const data = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 255)
    expect(encodeBase64Url(data)).toBe(Buffer.from(data).toString('base64url'))
  })

  it('rejects what is not canonical unpadded base64url', () => {
    expect(decodeBase64Url('a')).toBeNull()
    expect(decodeBase64Url('abcde')).toBeNull()
    expect(decodeBase64Url('ab==')).toBeNull()
    expect(decodeBase64Url('ab+/')).toBeNull()
    expect(decodeBase64Url('a b')).toBeNull()
    expect(decodeBase64Url('é')).toBeNull()
    expect(decodeBase64Url('abc\u00e9')).toBeNull()
    expect(decodeBase64Url('-x')).toBeNull()
    expect(decodeBase64Url('-_9')).toBeNull()
    expect(decodeBase64Url('!w')).toBeNull()
    expect(decodeBase64Url('!_8')).toBeNull()
  })

  it('accepts the canonical forms of 1 and 2 trailing bytes', () => {
    expect(decodeBase64Url('-w')).toEqual(bytes(0xfb))
    expect(decodeBase64Url('-_8')).toEqual(bytes(0xfb, 0xff))
    expect(decodeBase64Url('')).toEqual(bytes())
  })
})

describe('base64url, node:buffer against portable', () => {
  // Each kind of fault Buffer's decoder would otherwise forgive: the other alphabet's `+` and `/`,
  // padding, a space, a character outside ASCII, punctuation, and (with `w`, `Q`, `A` and `8` in
  // last place) stray low bits; `A`, `-` and `_` for the alphabet itself.
  const ALPHABET = ['A', 'Q', 'w', '8', '-', '_', '+', '/', '=', ' ', '\u00e9', '!']

  it('accepts exactly the strings the portable decoder accepts, with the same bytes', () => {
    const node = nodeCrypto.base64Url!
    let texts = ['']
    let compared = 0
    for (let length = 0; length <= 4; length++) {
      for (const text of texts) {
        const portable = decodeBase64Url(text)
        const native = node.decode(text)
        expect(native && Uint8Array.from(native), JSON.stringify(text)).toEqual(portable)
        expect(node.decodeLatin1!(text), JSON.stringify(text)).toBe(
          portable && String.fromCharCode(...portable),
        )
        compared++
      }
      texts = texts.flatMap((text) => ALPHABET.map((c) => text + c))
    }
    expect(compared).toBe(1 + 12 + 12 ** 2 + 12 ** 3 + 12 ** 4)
  })
})

describe('base62', () => {
  it('encodes timestamps as Django does', () => {
    expect(encodeBase62(1700000000)).toBe('1r31eq')
    expect(encodeBase62(0)).toBe('0')
    expect(encodeBase62(61)).toBe('z')
    expect(encodeBase62(62)).toBe('10')
    expect(encodeBase62(-62)).toBe('-10')
  })

  it('decodes, and rejects what is not base62 or too long', () => {
    expect(decodeBase62('1r31eq')).toBe(1700000000)
    expect(decodeBase62('-10')).toBe(-62)
    expect(decodeBase62('')).toBeNull()
    expect(decodeBase62('-')).toBeNull()
    expect(decodeBase62('1r31e_')).toBeNull()
    expect(decodeBase62('123456789')).toBeNull()
    expect(decodeBase62('zzzzzzzz')).toBe(62 ** 8 - 1)
  })
})
