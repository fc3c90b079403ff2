/**
 * Django's `test_cookie.py` (CookieTests), plus the cookie rules @flash adds: `maxAge`, the
 * 4096-character cap on incoming cookies, and deleting only a cookie the request carried.
 */
import { describe, expect, it } from 'vitest'
import {
  CookieStorage,
  DEBUG,
  decodeMessageJson,
  ERROR,
  encodeMessageJson,
  INFO,
  isSafe,
  Message,
  markSafe,
} from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { backendConfig, backends, cookieCount, open } from './helpers/backends.js'
import { decodeCookie, encodeCookie, makeConfig, NOW } from './helpers/config.js'
import { countingCrypto, total } from './helpers/counting-crypto.js'
import { seededRandomStrings } from './helpers/random.js'
import { cookieWrites, createSeam, nextRequest } from './helpers/seam.js'
import { seenCookie } from './helpers/vectors.js'

const backend = backends[0]!
const config = backendConfig(backend)

/** Django's `encode_decode`: one message through `_encode` and `_decode`. */
async function encodeDecode(text: unknown, extraTags: string | null = null): Promise<Message> {
  const items = await decodeCookie(config, await encodeCookie(config, [new Message(DEBUG, text, extraTags)]))
  return items![0] as Message
}

async function requestWithCookie(value: string, c = config) {
  const t = createSeam({ cookies: { messages: value } })
  return { t, storage: await open(c, t) }
}

describe('CookieStorage (test_cookie.py)', () => {
  it('test_get (@flash: non-message items in a signed list read as bad data)', async () => {
    const { t, storage } = await requestWithCookie(await encodeCookie(config, ['test', 'me']))
    expect([...storage]).toEqual([])
    await storage.update()
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['deleteCookie'])
  })

  it('test_get with messages', async () => {
    const messages = [new Message(INFO, 'test'), new Message(INFO, 'me')]
    const { storage } = await requestWithCookie(await encodeCookie(config, messages))
    expect([...storage]).toEqual(messages)
  })

  it('test_cookie_settings: the Set-Cookie attributes (SameSite Strict, domain, secure, httpOnly)', async () => {
    const strict = backendConfig(backend, {
      cookie: { domain: '.example.com', secure: true, httpOnly: true, sameSite: 'Strict' },
    })
    const t = createSeam()
    const storage = await open(strict, t)
    storage.add(INFO, 'test')
    await storage.update()
    const [write] = cookieWrites(t)
    expect(write!.op).toBe('setCookie')
    const set = seenCookie(write!)
    expect((await decodeCookie(strict, set.value))!.map(String)).toEqual(['test'])
    expect({ ...set, value: '' }).toEqual({
      name: 'messages',
      value: '',
      domain: '.example.com',
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'Strict',
      maxAge: undefined,
      expires: undefined,
    })

    // Part B: a later request reads the message (iterates) and adds nothing: the cookie is deleted.
    const next = nextRequest(t)
    const read = await open(strict, next)
    expect([...read].map(String)).toEqual(['test'])
    await read.update()
    expect(cookieWrites(next).map(seenCookie)).toEqual([
      {
        name: 'messages',
        value: '',
        domain: '.example.com',
        path: '/',
        secure: true,
        httpOnly: true,
        sameSite: 'Strict',
        maxAge: 0,
        expires: 'Thu, 01 Jan 1970 00:00:00 GMT',
      },
    ])
  })

  it('test_cookie_settings part B without an incoming cookie (@flash: nothing to delete, no Set-Cookie)', async () => {
    const t = createSeam()
    const storage = await open(config, t)
    storage.add(INFO, 'test')
    expect([...storage].map(String)).toEqual(['test'])
    expect(await storage.update()).toBeNull()
    expect(cookieWrites(t)).toEqual([])
  })

  it('test_get_bad_cookie', async () => {
    const value = await encodeCookie(config, [new Message(INFO, 'test'), new Message(INFO, 'me')])
    const { t, storage } = await requestWithCookie(value.slice(1))
    expect([...storage]).toEqual([])
    expect(storage.used).toBe(true)
    expect(await storage.update()).toEqual([])
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['deleteCookie'])
  })

  it('test_max_cookie_length', async () => {
    const random = seededRandomStrings(42)
    const msgSize = Math.trunc((2048 - 54) / 4.5 - 37)
    expect(msgSize).toBe(406)
    const t = createSeam()
    const storage = await open(config, t)
    const texts = Array.from({ length: 5 }, () => random(msgSize))
    for (const text of texts) storage.add(INFO, text)
    const unstored = await storage.update()
    expect(await cookieCount(config, t)).toBe(4)
    expect(unstored!.map(String)).toEqual([texts[0]])
    const value = (cookieWrites(t)[0] as { value: string }).value
    expect(value.length).toBeLessThanOrEqual(2048)
  })

  it('maxCookieSize: 0 allows the most a browser keeps (4096 characters of name and value), no more', async () => {
    const random = seededRandomStrings(7)
    const widest = backendConfig(backend, { maxCookieSize: 0 })
    const t = createSeam()
    const storage = await open(widest, t)
    const texts = Array.from({ length: 12 }, () => random(406))
    for (const text of texts) storage.add(INFO, text)
    // Random text does not compress: 9 of 406 characters fit in 4088 once encoded and signed.
    expect((await storage.update())!.map(String)).toEqual(texts.slice(0, 3))
    const value = (cookieWrites(t)[0] as { value: string }).value
    expect(`${config.cookieName}${value}`.length).toBeLessThanOrEqual(4096)
    expect(await cookieCount(widest, t)).toBe(9)
  })

  it('writes no more JSON than a reader inflates (1 MiB), however well it compresses', async () => {
    const t = createSeam()
    const storage = await open(config, t)
    // 1.2 MB of zeros compress to about 1.2 KB: short enough for the cookie, too long to read back.
    const texts = ['first', '0'.repeat(600_000), '1'.repeat(600_000), 'last']
    for (const text of texts) storage.add(INFO, text)
    const unstored = await storage.update()
    expect(unstored!.map((m) => String(m).slice(0, 5))).toEqual(['first', '00000'])
    expect(storage.unstoredReason()).toBe(
      'the message cookie is limited to 2048 characters, and to 1048576 characters of JSON once inflated ' +
        'and cookie storage drops the oldest',
    )
    const value = (cookieWrites(t)[0] as { value: string }).value
    expect(value.length).toBeLessThanOrEqual(2048)
    const { storage: next } = await requestWithCookie(value)
    expect([...next].map((m) => String(m).slice(0, 5))).toEqual(['11111', 'last'])
  })

  it('test_message_rfc6265', async () => {
    const value = await encodeCookie(config, ['\\te,st', ';m"e', '\u2019', '123"NOTRECEIVED"'])
    for (const c of ['\\', ',', ';', '"']) expect(value.includes(c)).toBe(false)
    expect(value).toMatch(/^[A-Za-z0-9_.:-]+$/)
  })

  it('test_json_encoder_decoder', () => {
    const messages = [
      {
        message: new Message(INFO, 'Test message'),
        message_list: [
          ...Array.from({ length: 5 }, () => new Message(INFO, 'message %s')),
          { 'another-message': new Message(ERROR, 'error') },
        ],
      },
      new Message(INFO, 'message %s'),
    ]
    const encoded = encodeMessageJson(messages)
    const decoded = decodeMessageJson(encoded)
    expect(decoded).toEqual(messages)
    expect(JSON.stringify(decoded)).toBe(JSON.stringify(messages))
  })

  it('test_safedata', async () => {
    expect(isSafe((await encodeDecode(markSafe('<b>Hello Django!</b>'))).message)).toBe(true)
    expect(isSafe((await encodeDecode('<b>Hello Django!</b>')).message)).toBe(false)
    expect(String(await encodeDecode(markSafe('<b>Hello Django!</b>')))).toBe('<b>Hello Django!</b>')
  })

  it('test_extra_tags', async () => {
    for (const extraTags of ['', null, 'some tags']) {
      expect((await encodeDecode('message', extraTags)).extraTags).toBe(extraTags)
    }
  })
})

describe('CookieStorage: @flash rules', () => {
  it('maxAge: a cookie older than maxAge reads as no messages; Max-Age is sent', async () => {
    let now = NOW
    const aging = backendConfig(backend, { maxAge: 60, clock: () => now })
    const t = createSeam()
    const storage = await open(aging, t)
    storage.add(INFO, 'expires')
    await storage.update()
    const set = seenCookie(cookieWrites(t)[0]!)
    expect(set.maxAge).toBe(60)

    now = NOW + 60
    const fresh = await open(aging, nextRequest(t))
    expect([...fresh].map(String)).toEqual(['expires'])

    now = NOW + 61
    const stale = nextRequest(t)
    const old = await open(aging, stale)
    expect(old.length).toBe(0)
    expect(old.used).toBe(true)
    await old.update()
    expect(cookieWrites(stale).map((c) => c.op)).toEqual(['deleteCookie'])
  })

  it('an incoming cookie longer than 4096 characters is rejected without any crypto', async () => {
    const { crypto, counts } = countingCrypto(nodeCrypto)
    const counted = makeConfig({ storage: 'cookie', crypto })
    const { t, storage } = await requestWithCookie('a'.repeat(4097), counted)
    expect(storage.length).toBe(0)
    expect(storage.used).toBe(true)
    await storage.update()
    expect(total(counts)).toBe(0)
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['deleteCookie'])
  })

  it('a 4096-character cookie still goes through verification', async () => {
    const { crypto, counts } = countingCrypto(nodeCrypto)
    const counted = makeConfig({ storage: 'cookie', crypto })
    const value = 'a'.repeat(4096 - 52) + ':1r31eq:' + 'A'.repeat(43)
    expect(value.length).toBe(4095)
    const { storage } = await requestWithCookie(value.padStart(4096, 'b'), counted)
    expect(storage.length).toBe(0)
    expect(counts.hmac).toBe(1)
  })

  it('an empty cookie is no cookie: nothing read, nothing deleted', async () => {
    const { crypto, counts } = countingCrypto(nodeCrypto)
    const counted = makeConfig({ storage: 'cookie', crypto })
    const t = createSeam({ cookies: { messages: '' } })
    const storage = new CookieStorage(t.seam, counted)
    expect(storage.preload()).toBeUndefined()
    expect([...storage]).toEqual([])
    expect(await storage.update()).toBeNull()
    expect(cookieWrites(t)).toEqual([])
    expect(total(counts)).toBe(0)
  })

  it('uses the configured cookie name', async () => {
    const named = backendConfig(backend, { cookie: { name: 'flash' } })
    const t = createSeam()
    const storage = await open(named, t)
    storage.add(INFO, 'named')
    await storage.update()
    expect(cookieWrites(t).map((c) => c.op === 'setCookie' && c.name)).toEqual(['flash'])
    const next = nextRequest(t)
    expect([...(await open(named, next))].map(String)).toEqual(['named'])
    expect(next.calls[0]).toEqual({ op: 'getCookie', name: 'flash' })
  })
})
