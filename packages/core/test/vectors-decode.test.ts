/**
 * Every cookie Django wrote (the vectors) reads back in @flash as Django read it: levels, texts,
 * extra tags `''` versus `null`, safe flags and the sentinel; and the decode-only vectors (secret
 * fallbacks, wrong key, bad payloads) read as Django's or as "no messages".
 */
import { describe, expect, it } from 'vitest'
import { CookieStorage, createStorage, type FlashCrypto } from '../src/index.js'
import { makeConfig, OLD_SECRET, plain, SECRET } from './helpers/config.js'
import { createSeam } from './helpers/seam.js'
import { providers, type Vector, vectorOptions, vectors } from './helpers/vectors.js'

const written = vectors.filter((v) => v.decoded_by_django !== undefined)
const decodeOnly = vectors.filter((v) => v.verify_settings !== undefined)

async function readCookie(value: string, crypto: FlashCrypto, secret: string | string[] = SECRET) {
  const config = makeConfig({ secret, crypto, storage: 'cookie' })
  const t = createSeam({ cookies: { messages: value } })
  const storage = new CookieStorage(t.seam, config)
  return { storage, retrieval: await storage.get() }
}

describe.each(providers)('Django cookies read by @flash ($name crypto)', (crypto) => {
  it('covers the 17 cookies Django wrote and the 8 decode-only vectors', () => {
    expect(written.length).toBe(17)
    expect(decodeOnly.length).toBe(8)
  })

  it.each(written)('$name decodes to the messages Django decoded', async (v: Vector) => {
    const config = makeConfig({ ...vectorOptions(v, crypto), storage: 'cookie' })
    const t = createSeam({ cookies: { messages: v.cookie_value! } })
    const storage = createStorage(config, t.seam)
    await storage.preload()
    expect(storage.length).toBe(v.decoded_by_django!.messages.length)
    expect(storage.used).toBe(v.decoded_by_django!.storage_marked_used)
    expect([...storage].map(plain)).toEqual(v.decoded_by_django!.messages)
    const { retrieval } = await readCookie(v.cookie_value!, crypto, vectorOptions(v, crypto).secret as string)
    expect(retrieval.allRetrieved).toBe(v.decoded_by_django!.all_retrieved)
    expect(retrieval.allRetrieved).toBe(!v.sentinel_present)
  })

  it('secret_key_fallbacks_accepts_old_key: verifies with secret: [new, old]', async () => {
    const v = decodeOnly.find((x) => x.name === 'secret_key_fallbacks_accepts_old_key')!
    expect(v.verify_settings).toEqual({ SECRET_KEY: SECRET, SECRET_KEY_FALLBACKS: [OLD_SECRET] })
    const { storage, retrieval } = await readCookie(v.cookie_value!, crypto, [SECRET, OLD_SECRET])
    expect(retrieval.messages!.map(plain)).toEqual(v.decode_result)
    expect(retrieval.allRetrieved).toBe(true)
    expect(storage.used).toBe(v.storage_used_flag_after_decode)
  })

  it('secret_key_fallbacks_accepts_old_key: the old key alone verifies too', async () => {
    const v = decodeOnly.find((x) => x.name === 'secret_key_fallbacks_accepts_old_key')!
    const { retrieval } = await readCookie(v.cookie_value!, crypto, OLD_SECRET)
    expect(retrieval.messages!.map((m) => m.message)).toEqual(['signed with old key'])
  })

  it.each(
    decodeOnly.filter(
      (v) => v.name !== 'secret_key_fallbacks_accepts_old_key' && v.name !== 'sentinel_only_cookie',
    ),
  )('$name reads as no messages and marks the storage used once touched', async (v) => {
    expect(v.verify_settings!.SECRET_KEY_FALLBACKS).toBeUndefined()
    const config = makeConfig({ secret: v.verify_settings!.SECRET_KEY, crypto, storage: 'cookie' })
    const t = createSeam({ cookies: { messages: v.cookie_value! } })
    const storage = createStorage(config, t.seam)
    await storage.preload()
    // Not yet touched by a handler: bad data alone does not mark it used.
    expect(storage.used).toBe(false)
    expect(storage.length).toBe(0)
    // @flash: every bad payload (Django: only bad signature/base64/JSON) counts as used once touched,
    // including a bad zlib stream and a signed JSON object, where Django raises.
    expect(storage.used).toBe(true)
    expect([...storage]).toEqual([])
  })

  it('sentinel_only_cookie: no messages, not all retrieved, not used', async () => {
    const v = decodeOnly.find((x) => x.name === 'sentinel_only_cookie')!
    expect(v.decode_result).toEqual([{ string_item: '__messagesnotfinished__' }])
    const { storage, retrieval } = await readCookie(v.cookie_value!, crypto)
    expect(retrieval).toEqual({ messages: [], allRetrieved: false })
    expect(storage.used).toBe(false)
  })
})
