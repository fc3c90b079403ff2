/**
 * "A request that carries no message data and does not touch messages costs nothing": no crypto,
 * no parsing, no session access, no Set-Cookie; and one that carries data pays only for reading.
 */
import { describe, expect, it } from 'vitest'
import {
  createStorage,
  endRequest,
  type FlashCrypto,
  type FlashSeam,
  INFO,
  Message,
  persist,
  webCrypto,
} from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { encodeCookie, makeConfig } from './helpers/config.js'
import { countingCrypto, total } from './helpers/counting-crypto.js'
import { createSeam, throwingSeam } from './helpers/seam.js'

const storages = ['cookie', 'session', 'fallback'] as const

describe.each([webCrypto, nodeCrypto])('costs ($name crypto)', (inner) => {
  it.each(storages)('%s: an untouched request never touches the seam', async (storage) => {
    const config = makeConfig({ storage, crypto: inner })
    const s = createStorage(config, throwingSeam())
    expect(await s.update()).toBeNull()
    await persist(s, config, () => {
      throw new Error('nothing to report')
    })
  })

  it.each(['cookie', 'fallback'] as const)(
    '%s without a cookie: preload() returns undefined; update() returns null and calls no seam method',
    async (storage) => {
      const { crypto, counts } = countingCrypto(inner)
      const t = createSeam({ session: true })
      const s = createStorage(makeConfig({ storage, crypto }), t.seam)
      expect(s.preload()).toBeUndefined()
      expect(t.calls).toEqual([{ op: 'getCookie', name: 'messages' }])
      expect(await s.update()).toBeNull()
      expect(t.calls).toEqual([{ op: 'getCookie', name: 'messages' }])
      expect(total(counts)).toBe(0)
    },
  )

  it.each(['cookie', 'fallback'] as const)(
    '%s: an empty read (a layout iterating no messages) needs no promise at all: update() and persist() return at once',
    (storage) => {
      const { crypto, counts } = countingCrypto(inner)
      const t = createSeam({ session: true })
      const config = makeConfig({ storage, crypto })
      const s = createStorage(config, t.seam)
      expect([...s]).toEqual([])
      expect(s.used).toBe(true)
      expect(s.update()).toBeNull()
      expect(persist(s, config, () => {})).toBeUndefined()
      expect(t.calls).toEqual([{ op: 'getCookie', name: 'messages' }])
      expect(total(counts)).toBe(0)
    },
  )

  it.each(['cookie', 'fallback'] as const)(
    '%s: the end of an empty read reads no request or response header (nothing to settle)',
    (storage) => {
      const t = createSeam({ session: true })
      const reads: string[] = []
      /** `value`, once `what` was recorded as read. */
      const read = <T>(what: string, value: T): T => {
        reads.push(what)
        return value
      }
      const seam: FlashSeam = {
        ...t.seam,
        requestMethod: () => read('method', 'GET'),
        requestHeader: (name) => read(`request ${name}`, undefined),
        responseStatus: () => read('status', 200),
        responseHeader: (name) => read(`response ${name}`, undefined),
        setResponseHeader: (name) => void reads.push(`set ${name}`),
      }
      const config = makeConfig({ storage, crypto: inner })
      const s = createStorage(config, seam)
      expect([...s]).toEqual([])
      expect(endRequest(s, config, seam, () => {})).toBeUndefined()
      expect(reads).toEqual([])
      expect(t.calls).toEqual([{ op: 'getCookie', name: 'messages' }])

      // The same layout showing a message does read them: the response is settled (no-store).
      const shown = createStorage(config, seam)
      shown.add(INFO, 'Saved.')
      expect([...shown].map(String)).toEqual(['Saved.'])
      endRequest(shown, config, seam, () => {})
      expect(reads).toContain('method')
      expect(reads).toContain('set cache-control')
    },
  )

  it('session: preload() returns undefined and update() returns null without opening the session', async () => {
    const t = createSeam({ session: true })
    const s = createStorage(makeConfig({ storage: 'session', crypto: inner }), t.seam)
    expect(s.preload()).toBeUndefined()
    expect(await s.update()).toBeNull()
    expect(t.calls).toEqual([])
  })

  it.each(['cookie', 'fallback'] as const)(
    '%s without a cookie, iterated and added to: no crypto beyond signing the new cookie',
    async (storage) => {
      const { crypto, counts } = countingCrypto(inner)
      const t = createSeam({ session: true })
      const s = createStorage(makeConfig({ storage, crypto }), t.seam)
      expect([...s]).toEqual([])
      expect(total(counts)).toBe(0)
      s.add(INFO, 'new')
      await s.update()
      // One key derivation (sha256 + key import) and one HMAC; JSON under 128 bytes is not deflated.
      expect(counts).toEqual({ sha256: 1, hmacSha256: 1, hmac: 1, deflate: 0, inflate: 0 })
    },
  )

  it.each(['cookie', 'fallback'] as const)(
    '%s with a cookie: preload() returns a promise only when the crypto is asynchronous',
    async (storage) => {
      const { s } = await carryingKept(storage, inner)
      const loading = s.preload()
      if (inner === nodeCrypto) {
        // Verified and decoded already: the adapter calls the handler without a microtask.
        expect(loading).toBeUndefined()
        expect(s.length).toBe(1)
      } else expect(loading).toBeInstanceOf(Promise)
      await loading
      expect(s.preload()).toBeUndefined()
      expect([...s].map(String)).toEqual(['kept'])
    },
  )

  it.each(['cookie', 'fallback'] as const)(
    '%s with a cookie, displayed and added to: the cookie header is read once for the whole request',
    async (storage) => {
      const { t, s } = await carryingKept(storage, inner)
      expect(s.mayHaveData()).toBe(true)
      await s.preload()
      expect([...s].map(String)).toEqual(['kept'])
      s.add(INFO, 'new')
      expect(await s.update()).toEqual([])
      expect(t.calls.filter((c) => c.op === 'getCookie')).toEqual([{ op: 'getCookie', name: 'messages' }])
      expect(t.calls.filter((c) => c.op === 'setCookie')).toHaveLength(1)
    },
  )

  it('keys are derived once per configuration, not per request', async () => {
    const { crypto, counts } = countingCrypto(inner)
    const config = makeConfig({ storage: 'cookie', crypto })
    for (let i = 0; i < 3; i++) {
      const s = createStorage(config, createSeam().seam)
      s.add(INFO, `message ${i}`)
      await s.update()
    }
    expect(counts).toEqual({ sha256: 1, hmacSha256: 1, hmac: 3, deflate: 0, inflate: 0 })
  })

  it.each(['cookie', 'fallback'] as const)(
    '%s overflowing a compressed cookie: a few deflates, not a binary search of them',
    async (storage) => {
      const { crypto, counts } = countingCrypto(inner)
      const t = createSeam({ session: true })
      const s = createStorage(makeConfig({ storage, crypto }), t.seam)
      const texts = wordSalad(30, 300)
      for (const text of texts) s.add(INFO, text)
      const unstored = await s.update()
      // The full list, then the estimate and its neighbour; the kept payload is not encoded again.
      expect(counts.deflate).toBeLessThanOrEqual(4)
      const cookie = t.calls.find((c) => c.op === 'setCookie')
      expect(cookie).toBeDefined()
      const carried = createSeam({
        cookies: { messages: (cookie as { value: string }).value },
        session: t.session!.data,
      })
      const next = createStorage(makeConfig({ storage, crypto: inner }), carried.seam)
      await next.preload()
      const shown = [...next].map(String)
      if (storage === 'fallback') expect(shown).toEqual(texts)
      else expect([...shown, ...unstored!.map(String)].sort()).toEqual([...texts].sort())
    },
  )

  it('a bad cookie that is never touched is decoded by preload but leaves no trace', async () => {
    const { crypto, counts } = countingCrypto(inner)
    const config = makeConfig({ storage: 'cookie', crypto })
    const t = createSeam({ cookies: { messages: 'W1siX19qc29uX21lc3NhZ2UiXV0:1r31eq:' + 'A'.repeat(43) } })
    const s = createStorage(config, t.seam)
    await s.preload()
    expect(counts.hmac).toBe(1)
    expect(s.used).toBe(false)
    expect(await s.update()).toBeNull()
    expect(t.calls).toEqual([{ op: 'getCookie', name: 'messages' }])
  })
})

/** A storage of `storage` on a request whose message cookie holds one message, "kept". */
async function carryingKept(storage: 'cookie' | 'fallback', crypto: FlashCrypto) {
  const config = makeConfig({ storage, crypto })
  const t = createSeam({
    cookies: { messages: await encodeCookie(config, [new Message(INFO, 'kept')]) },
    session: true,
  })
  return { t, s: createStorage(config, t.seam) }
}

/** Distinct texts that compress only so much, like real messages (one repeated letter would not overflow). */
function wordSalad(count: number, length: number): string[] {
  const words = [
    'invoice',
    'paid',
    'order',
    'shipped',
    'alpha',
    'profile',
    'quota',
    'nearly',
    'full',
    'zebra',
  ]
  return Array.from({ length: count }, (_, index) => {
    let seed = index * 7919 + 17
    let text = `Message ${index + 1}:`
    while (text.length < length) {
      seed = (seed * 1103515245 + 12345) % 2147483648
      text += ` ${words[seed % words.length]}${seed % 97}`
    }
    return text.slice(0, length)
  })
}
