/**
 * The aimed search of how many messages fit in the cookie keeps exactly what Django's bisection
 * keeps, with fewer deflates.
 */
import { describe, expect, it } from 'vitest'
import { bisectKeepLeft, bisectKeepRight, Message, webCrypto } from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { NOT_FINISHED_JSON, serializeMessage } from '../src/serializer.js'
import { encodePayload } from '../src/signed-payload.js'
import { fitMessages } from '../src/storage/cookie-fit.js'

/** A deterministic generator, so a failure names the case that failed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

/** Messages of random length, some compressible (repeated words), some not (random letters). */
function messages(next: () => number): string[] {
  const count = 1 + Math.floor(next() * 40)
  return Array.from({ length: count }, () => {
    const length = 1 + Math.floor(next() * 400)
    if (next() < 0.5) return 'saved '.repeat(Math.ceil(length / 6)).slice(0, length)
    return Array.from({ length }, () => String.fromCharCode(33 + Math.floor(next() * 90))).join('')
  })
}

function django(parts: string[], maxPayloadLength: number, removeOldest: boolean) {
  let probes = 0
  const tooLarge = (some: readonly string[]) => {
    probes++
    const json = `[${[...some, NOT_FINISHED_JSON].join(',')}]`
    return (encodePayload(json, nodeCrypto) as string).length > maxPayloadLength
  }
  const index = removeOldest ? bisectKeepRight(parts, tooLarge) : bisectKeepLeft(parts, tooLarge)
  return { index: index as number, probes }
}

describe('fitMessages', () => {
  it('keeps what bisection keeps, over 600 random lists, dropping oldest or newest', () => {
    let aimed = 0
    let bisected = 0
    let cases = 0
    for (let seed = 1; cases < 600; seed++) {
      const next = random(seed)
      const parts = messages(next).map((text) => serializeMessage(new Message(20, text)))
      const full = encodePayload(`[${parts.join(',')}]`, nodeCrypto) as string
      const maxPayloadLength = 100 + Math.floor(next() * 3000)
      if (full.length <= maxPayloadLength) continue
      cases++
      const removeOldest = next() < 0.5
      let encodes = 0
      const encode = (json: string) => {
        encodes++
        return encodePayload(json, nodeCrypto)
      }
      const fitted = fitMessages({
        parts,
        fullPayload: full,
        maxPayloadLength,
        maxJsonLength: Number.POSITIVE_INFINITY,
        removeOldest,
        encode,
      }) as {
        payload: string
        start: number
        end: number
      }
      const expected = django(parts, maxPayloadLength, removeOldest)
      expect([seed, removeOldest ? fitted.start : fitted.end]).toEqual([seed, expected.index])
      if (removeOldest) expect(fitted.end).toBe(parts.length)
      else expect(fitted.start).toBe(0)
      const kept = parts.slice(fitted.start, fitted.end)
      expect(fitted.payload).toBe(encodePayload(`[${[...kept, NOT_FINISHED_JSON].join(',')}]`, nodeCrypto))
      aimed += encodes
      bisected += expected.probes + 1
    }
    // Fewer deflates overall than bisection plus its final encoding.
    expect(aimed).toBeLessThan(bisected)
  })

  it('works with an asynchronous encoder (Web Crypto compression)', async () => {
    const parts = Array.from({ length: 30 }, (_, i) =>
      serializeMessage(new Message(20, `${i} ${'x'.repeat(200)} ${Math.sin(i)}`)),
    )
    const encode = (json: string) => encodePayload(json, webCrypto)
    const fullPayload = await encode(`[${parts.join(',')}]`)
    const fitted = await fitMessages({
      parts,
      fullPayload,
      maxPayloadLength: 300,
      maxJsonLength: Number.POSITIVE_INFINITY,
      removeOldest: false,
      encode,
    })
    expect(fitted.payload.length).toBeLessThanOrEqual(300)
    const oneMore = await encode(`[${[...parts.slice(0, fitted.end + 1), NOT_FINISHED_JSON].join(',')}]`)
    expect(oneMore.length).toBeGreaterThan(300)
  })

  it('keeps nothing when not even one message fits', () => {
    const parts = ['a', 'b'].map((t) => serializeMessage(new Message(20, t.repeat(500))))
    const encode = (json: string) => encodePayload(json, nodeCrypto)
    const fullPayload = encode(`[${parts.join(',')}]`) as string
    const fitted = fitMessages({
      parts,
      fullPayload,
      maxPayloadLength: 60,
      maxJsonLength: Number.POSITIVE_INFINITY,
      removeOldest: true,
      encode,
    }) as {
      payload: string
      start: number
      end: number
    }
    expect([fitted.start, fitted.end]).toEqual([2, 2])
    expect(fitted.payload).toBe(encode(`[${NOT_FINISHED_JSON}]`))
  })

  it('keeps no more JSON than maxJsonLength, however well it compresses', () => {
    // 40 messages of 1,000 identical characters: they compress to almost nothing.
    const parts = Array.from({ length: 40 }, (_, i) =>
      serializeMessage(new Message(20, String(i % 10).repeat(1000))),
    )
    const encode = (json: string) => encodePayload(json, nodeCrypto)
    for (const removeOldest of [true, false]) {
      const fitted = fitMessages({
        parts,
        fullPayload: encode(`[${parts.join(',')}]`) as string,
        maxPayloadLength: 2000,
        maxJsonLength: 10_000,
        removeOldest,
        encode,
      }) as { payload: string; start: number; end: number }
      // A message is 1,026 characters of JSON: 9 with the sentinel make 9,270, 10 make 10,297.
      expect([fitted.start, fitted.end]).toEqual(removeOldest ? [31, 40] : [0, 9])
      expect(fitted.payload.length).toBeLessThan(200)
    }
  })
})
