/**
 * @flash writes what Django wrote: every uncompressed vector with messages re-encodes byte for
 * byte (value and Set-Cookie attributes) with the vector's secret and clock; every compressed one
 * round-trips to the same messages (zlib builds differ by a few bytes, so the bytes may too).
 */
import { describe, expect, it } from 'vitest'
import { encodeBase64Url } from '../src/encoding/base64url.js'
import { createStorage, type FlashCrypto, markSafe, NOT_FINISHED } from '../src/index.js'
import { decodeCookie, makeConfig, OLD_SECRET, plain, SECRET, withoutSentinel } from './helpers/config.js'
import { cookieWrites, createSeam, nextRequest } from './helpers/seam.js'
import {
  parseDjangoHeader,
  providers,
  seenCookie,
  type Vector,
  vectorOptions,
  vectors,
} from './helpers/vectors.js'

const written = vectors.filter((v) => v.anatomy !== undefined && v.access_before_update === undefined)
const exact = written.filter((v) => !v.anatomy!.compressed && v.name !== 'boundary_one_char_too_many')
const compressed = written.filter((v) => v.anatomy!.compressed)

async function write(v: Vector, crypto: FlashCrypto, secret?: string | string[]) {
  const config = makeConfig({ ...vectorOptions(v, crypto), ...(secret ? { secret } : {}) })
  const t = createSeam({ session: true })
  const storage = createStorage(config, t.seam)
  // The vectors were written without a minimum level (plain_ascii_all_levels has a DEBUG message).
  storage.level = 0
  for (const m of v.messages)
    storage.add(m.level, m.safe ? markSafe(String(m.message)) : m.message, m.extra_tags)
  const unstored = await storage.update()
  return { config, t, unstored }
}

describe.each(providers)('@flash writes the vectors ($name crypto)', (crypto) => {
  it('classifies the 17 written vectors: 7 exact, 9 compressed, 1 zlib-dependent boundary', () => {
    expect(exact.map((v) => v.name)).toEqual([
      'plain_ascii_single',
      'custom_level_50',
      'non_string_message_coerced',
      'single_message_too_large',
      'cookie_attributes_custom',
      'cookie_attributes_minimal',
      'different_secret',
    ])
    expect(compressed.length).toBe(9)
    expect(written.length).toBe(17)
  })

  it.each(exact)('$name re-encodes byte for byte, attributes included', async (v) => {
    const { t, unstored } = await write(v, crypto)
    const writes = cookieWrites(t)
    expect(writes).toHaveLength(1)
    expect(seenCookie(writes[0]!)).toEqual(parseDjangoHeader(v.set_cookie_header!))
    expect(seenCookie(writes[0]!).value).toBe(v.cookie_value)
    expect(unstored!.map(plain)).toEqual(v.unstored_messages)
  })

  it.each(compressed)('$name round-trips to the same messages', async (v) => {
    const { config, t, unstored } = await write(v, crypto)
    const writes = cookieWrites(t)
    expect(writes).toHaveLength(1)
    const cookie = seenCookie(writes[0]!)
    expect({ ...cookie, value: '' }).toEqual({ ...parseDjangoHeader(v.set_cookie_header!), value: '' })
    // @flash never compresses JSON under 128 bytes (MIN_COMPRESSIBLE_BYTES), where Django may save a
    // few bytes: then the payload is the vector's JSON uncompressed, byte for byte.
    const json = v.anatomy!.json_payload
    if (json.length < 128)
      expect(cookie.value.split(':')[0]).toBe(encodeBase64Url(new TextEncoder().encode(json)))
    else expect(cookie.value.startsWith('.')).toBe(true)
    expect(cookie.value.length).toBeLessThanOrEqual(2048)
    expect(cookie.value.endsWith(':1r31eq:' + cookie.value.split(':')[2])).toBe(true)
    const items = (await decodeCookie(config, cookie.value))!
    expect(items.at(-1) === NOT_FINISHED).toBe(v.sentinel_present)
    expect(withoutSentinel(items).map((m) => plain(m as never))).toEqual(v.stored_messages_after_drop)
    expect(unstored!.map(plain)).toEqual(v.unstored_messages)
    // The fallback vector's overflow went to the session, written as Django writes it.
    expect(t.session!.data.get('_messages')).toBe(v.session_after?.['_messages'])
    // And a later request reads everything back in order.
    const next = createStorage(config, nextRequest(t).seam)
    await next.preload()
    const expected = v.storage_class === 'FallbackStorage' ? v.messages : v.stored_messages_after_drop
    expect([...next].map(plain)).toEqual(expected)
  })

  it('boundary_one_char_too_many: what does not depend on zlib', async () => {
    const v = vectors.find((x) => x.name === 'boundary_one_char_too_many')!
    const { config, t, unstored } = await write(v, crypto)
    const value = seenCookie(cookieWrites(t)[0]!).value
    expect(value.length).toBeLessThanOrEqual(2048)
    const stored = withoutSentinel((await decodeCookie(config, value))!)
    // One message: either it fits with this zlib, or it is dropped and only the sentinel stays,
    // byte for byte what Django wrote.
    expect(stored.length + unstored!.length).toBe(1)
    if (unstored!.length === 1) {
      expect(value).toBe(v.cookie_value)
      expect(unstored!.map(plain)).toEqual(v.unstored_messages)
    } else {
      expect(stored.map((m) => plain(m as never))).toEqual(v.messages)
    }
  })

  it('plain_ascii_single: secret: [new, old] signs with the new one', async () => {
    const v = vectors.find((x) => x.name === 'plain_ascii_single')!
    const { t } = await write(v, crypto, [SECRET, OLD_SECRET])
    expect(seenCookie(cookieWrites(t)[0]!).value).toBe(v.cookie_value)
  })
})
