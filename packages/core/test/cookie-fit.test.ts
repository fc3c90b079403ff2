/**
 * The aimed search of how many messages fit in the cookie keeps exactly what Django's bisection
 * keeps, with fewer deflates.
 */
import { describe, expect, it } from 'vitest'
import { bisectKeepLeft, bisectKeepRight, Message, webCrypto } from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { NOT_FINISHED_JSON, serializeMessage } from '../src/serializer.js'
import { encodePayload } from '../src/signed-payload.js'
import { type FitHint, type Fitted, fitMessages } from '../src/storage/cookie-fit.js'

/** A deterministic generator, so a failure names the case that failed. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648
    return state / 2147483648
  }
}

/**
 * Messages of random length: some compressible (repeated words), some not (random letters), some
 * tiny and alike (they compress to almost nothing, less than the sentinel).
 */
function messages(next: () => number): string[] {
  const count = 1 + Math.floor(next() * 40)
  return Array.from({ length: count }, () => {
    const kind = next()
    if (kind < 0.15) return 'ok'.repeat(1 + Math.floor(next() * 3))
    const length = 1 + Math.floor(next() * 400)
    if (kind < 0.55) return 'saved '.repeat(Math.ceil(length / 6)).slice(0, length)
    return Array.from({ length }, () => String.fromCharCode(33 + Math.floor(next() * 90))).join('')
  })
}

const nodeEncode = (json: string) => encodePayload(json, nodeCrypto) as string

/** Django's CookieStorage._store: the whole list if it fits, else bisection with the sentinel. */
function django(parts: string[], maxPayloadLength: number, removeOldest: boolean) {
  let encodes = 1
  const full = nodeEncode(`[${parts.join(',')}]`)
  if (full.length <= maxPayloadLength) return { payload: full, start: 0, end: parts.length, encodes }
  const withSentinel = (some: readonly string[]) => {
    encodes++
    return nodeEncode(`[${[...some, NOT_FINISHED_JSON].join(',')}]`)
  }
  const tooLarge = (some: readonly string[]) => withSentinel(some).length > maxPayloadLength
  if (removeOldest) {
    const index = bisectKeepRight(parts, tooLarge) as number
    return { payload: withSentinel(parts.slice(index)), start: index, end: parts.length, encodes }
  }
  const index = bisectKeepLeft(parts, tooLarge) as number
  return { payload: withSentinel(parts.slice(0, index)), start: 0, end: index, encodes }
}

describe('fitMessages', () => {
  it('keeps what Django keeps, byte for byte, over 5,000 random lists that overflow, with and without a hint', () => {
    let aimed = 0
    let djangos = 0
    let overflowing = 0
    // One hint carried from list to list, as an app carries it from request to request, and a
    // fresh one; the hint may only change how many encodes are made.
    const carried: FitHint = { perChar: undefined }
    for (let seed = 1; overflowing < 5000; seed++) {
      const next = random(seed)
      const parts = messages(next).map((text) => serializeMessage(new Message(20, text)))
      const maxPayloadLength = 100 + Math.floor(next() * 3000)
      const removeOldest = next() < 0.5
      const expected = django(parts, maxPayloadLength, removeOldest)
      if (expected.end - expected.start < parts.length) overflowing++
      for (const hint of [carried, { perChar: undefined }, { perChar: 0.05 + next() }]) {
        let encodes = 0
        const fitted = fitMessages({
          parts,
          maxPayloadLength,
          maxJsonLength: Number.POSITIVE_INFINITY,
          removeOldest,
          encode: (json) => {
            encodes++
            return nodeEncode(json)
          },
          hint,
        }) as Fitted
        expect([seed, fitted.start, fitted.end, fitted.payload]).toEqual([
          seed,
          expected.start,
          expected.end,
          expected.payload,
        ])
        if (hint === carried) aimed += encodes
      }
      djangos += expected.encodes
    }
    // Fewer deflates than Django's search, even with a hint from unrelated lists (0.66 here).
    expect(aimed / djangos).toBeLessThan(0.7)
  }, 120_000)

  it("encodes the whole list only without a hint, then three probes instead of Django's seven encodes", () => {
    // As in the benchmark's S4: 30 messages of 300 characters of varied words, dropping the newest.
    const words = ['invoice', 'paid', 'order', 'shipped', 'alpha', 'profile', 'quota', 'zebra']
    const next = random(7)
    const parts = Array.from({ length: 30 }, (_, i) => {
      let text = `Message ${i + 1}:`
      while (text.length < 300)
        text += ` ${words[Math.floor(next() * words.length)]}${Math.floor(next() * 97)}`
      return serializeMessage(new Message(25, text.slice(0, 300)))
    })
    const hint: FitHint = { perChar: undefined }
    const expected = django(parts, 1997, false)
    const encoded: number[][] = []
    for (let request = 0; request < 3; request++) {
      const json: number[] = []
      const fitted = fitMessages({
        parts,
        maxPayloadLength: 1997,
        maxJsonLength: Number.POSITIVE_INFINITY,
        removeOldest: false,
        encode: (text) => {
          json.push(text.length)
          return nodeEncode(text)
        },
        hint,
      }) as Fitted
      expect([fitted.start, fitted.end, fitted.payload]).toEqual([0, expected.end, expected.payload])
      encoded.push(json)
    }
    // Django: the whole list, five probes and the kept list again. Here: the whole list (9,811
    // characters of JSON) and three probes, then three probes: 17 messages fit by 25 characters,
    // too close to read 16 from it, 18 are too large.
    expect(expected.encodes).toBe(7)
    expect(encoded).toEqual([
      [9811, 5913, 5586, 5259],
      [5586, 5913, 5259],
      [5586, 5913, 5259],
    ])
  })

  it('works with an asynchronous encoder (Web Crypto compression)', async () => {
    const parts = Array.from({ length: 30 }, (_, i) =>
      serializeMessage(new Message(20, `${i} ${'x'.repeat(200)} ${Math.sin(i)}`)),
    )
    const encode = (json: string) => encodePayload(json, webCrypto)
    const fitted = await fitMessages({
      parts,
      hint: { perChar: undefined },
      maxPayloadLength: 300,
      maxJsonLength: Number.POSITIVE_INFINITY,
      removeOldest: false,
      encode,
    })
    expect(fitted.payload.length).toBeLessThanOrEqual(300)
    const oneMore = await encode(`[${[...parts.slice(0, fitted.end + 1), NOT_FINISHED_JSON].join(',')}]`)
    expect(oneMore.length).toBeGreaterThan(300)
  })

  it('an asynchronous encoder gets the same result and the same encodes, each once, as a synchronous one', async () => {
    // The search stops at a promised payload and runs again once it is in: over 300 random lists,
    // nothing is encoded twice and nothing more than the synchronous search encodes.
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed)
      const parts = messages(next).map((text) => serializeMessage(new Message(20, text)))
      const request = {
        parts,
        maxPayloadLength: 100 + Math.floor(next() * 3000),
        maxJsonLength: Number.POSITIVE_INFINITY,
        removeOldest: next() < 0.5,
      }
      const perChar = next() < 0.5 ? undefined : 0.05 + next()
      /** The fit with an encoder answering through `answer`, and the JSON it was asked to encode. */
      const fitRecording = (answer: (payload: string) => string | Promise<string>) => {
        const json: string[] = []
        const fitted = fitMessages({
          ...request,
          hint: { perChar },
          encode: (text) => {
            json.push(text)
            return answer(nodeEncode(text))
          },
        })
        return { fitted, json }
      }
      const sync = fitRecording((payload) => payload)
      const promised = fitRecording((payload) => Promise.resolve(payload))
      const expected = sync.fitted as Fitted
      expect([seed, await promised.fitted]).toEqual([seed, expected])
      expect([seed, promised.json]).toEqual([seed, sync.json])
    }
  })

  it('keeps nothing when not even one message fits', () => {
    const parts = ['a', 'b'].map((t) => serializeMessage(new Message(20, t.repeat(500))))
    const encode = (json: string) => encodePayload(json, nodeCrypto)
    const fitted = fitMessages({
      parts,
      hint: { perChar: undefined },
      maxPayloadLength: 60,
      maxJsonLength: Number.POSITIVE_INFINITY,
      removeOldest: true,
      encode,
    }) as Fitted
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
        hint: { perChar: undefined },
        maxPayloadLength: 2000,
        maxJsonLength: 10_000,
        removeOldest,
        encode,
      }) as Fitted
      // A message is 1,026 characters of JSON: 9 with the sentinel make 9,270, 10 make 10,297.
      expect([fitted.start, fitted.end]).toEqual(removeOldest ? [31, 40] : [0, 9])
      expect(fitted.payload.length).toBeLessThan(200)
    }
  })
})
