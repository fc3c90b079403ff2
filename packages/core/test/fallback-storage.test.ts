/**
 * Django's `test_fallback.py` (FallbackTests), plus fallback without a session and the rule that
 * a request without a message cookie never opens the session.
 */
import { describe, expect, it } from 'vitest'
import {
  createStorage,
  encodeMessageJson,
  FallbackStorage,
  type FlashSeam,
  INFO,
  Message,
  NOT_FINISHED,
} from '../src/index.js'
import { backendConfig, backends, cookieCount, open, sessionCount } from './helpers/backends.js'
import { encodeCookie } from './helpers/config.js'
import { seededRandomStrings } from './helpers/random.js'
import { cookieWrites, createSeam, sessionWrites, type TestSeam } from './helpers/seam.js'

const backend = backends[2]!
const config = backendConfig(backend)
const texts = (...t: string[]) => t.map((x) => new Message(INFO, x))

/** A request with a message cookie holding `cookie` and a session holding `session`. */
async function request(
  cookie: readonly unknown[] | null,
  session: readonly unknown[] | null,
): Promise<TestSeam> {
  const data = new Map<string, unknown>()
  if (session) data.set('_messages', encodeMessageJson(session, 'default'))
  const cookies: Record<string, string> = cookie ? { messages: await encodeCookie(config, cookie) } : {}
  return createSeam({ cookies, session: data })
}

/** A seam whose session must never be opened. */
function withForbiddenSession(t: TestSeam): FlashSeam {
  return {
    ...t.seam,
    session: () => {
      throw new Error('the session was opened')
    },
  }
}

describe('FallbackStorage (test_fallback.py)', () => {
  it('test_get: a cookie without the sentinel never consults the session', async () => {
    const t = await request(texts('0', '1', '2', '3', '4'), null)
    const storage = createStorage(config, withForbiddenSession(t))
    await storage.preload()
    expect([...storage].map(String)).toEqual(['0', '1', '2', '3', '4'])
  })

  it('test_get_empty: no cookie, the session is never read', async () => {
    const t = await request(null, texts('in session'))
    const storage = createStorage(config, withForbiddenSession(t))
    expect(storage.preload()).toBeUndefined()
    expect([...storage]).toEqual([])
    expect(await storage.update()).toBeNull()
    expect(cookieWrites(t)).toEqual([])
  })

  it('test_get_fallback', async () => {
    const t = await request([...texts('0', '1', '2', '3'), NOT_FINISHED], texts('4'))
    expect([...(await open(config, t))].map(String)).toEqual(['0', '1', '2', '3', '4'])
  })

  it('test_get_fallback_only', async () => {
    const t = await request([NOT_FINISHED], texts('0', '1', '2', '3', '4'))
    expect([...(await open(config, t))].map(String)).toEqual(['0', '1', '2', '3', '4'])
  })

  it('test_flush_used_backends', async () => {
    const t = await request([...texts('cookie'), NOT_FINISHED], texts('session'))
    const storage = await open(config, t)
    expect([...storage].map(String)).toEqual(['cookie', 'session'])
    expect(await storage.update()).toEqual([])
    expect(sessionCount(config, t)).toBe(0)
    expect(sessionWrites(t)).toEqual([{ op: 'session.delete', key: '_messages' }])
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['deleteCookie'])
  })

  it('test_no_fallback: everything fits, the session is never opened', async () => {
    const t = createSeam({ session: true })
    const storage = createStorage(config, withForbiddenSession(t))
    for (let i = 0; i < 5; i++) storage.add(INFO, String(i).repeat(100))
    expect(await storage.update()).toEqual([])
    expect(await cookieCount(config, t)).toBe(5)
    expect(sessionCount(config, t)).toBe(0)
  })

  it('test_session_fallback', async () => {
    const random = seededRandomStrings(42)
    const t = createSeam({ session: true })
    const storage = await open(config, t)
    const added = Array.from({ length: 5 }, () => random(406))
    for (const text of added) storage.add(INFO, text)
    expect(await storage.update()).toEqual([])
    expect(await cookieCount(config, t)).toBe(4)
    expect(sessionCount(config, t)).toBe(1)
    expect(JSON.parse(t.session!.data.get('_messages') as string)[0][3]).toBe(added[4])
  })

  it('test_session_fallback_only', async () => {
    const random = seededRandomStrings(42)
    const t = createSeam({ session: true })
    const storage = await open(config, t)
    storage.add(INFO, random(5000))
    expect(await storage.update()).toEqual([])
    expect(await cookieCount(config, t)).toBe(0)
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['setCookie'])
    expect(sessionCount(config, t)).toBe(1)
  })
})

describe('FallbackStorage: @flash rules', () => {
  it.each([
    ['a seam without session()', {}],
    ['a session() that returns undefined', { session: false }],
  ] as const)(
    'without a session (%s): the overflow is unstored, the cookie is still written',
    async (_, options) => {
      const random = seededRandomStrings(42)
      const t = createSeam(options)
      const storage = await open(config, t)
      const added = Array.from({ length: 5 }, () => random(406))
      for (const text of added) storage.add(INFO, text)
      const unstored = await storage.update()
      expect(unstored!.map(String)).toEqual([added[4]])
      expect(await cookieCount(config, t)).toBe(4)
    },
  )

  it('a cookie with the sentinel and an empty session reads the cookie messages', async () => {
    const t = await request([...texts('0'), NOT_FINISHED], null)
    const storage = await open(config, t)
    expect([...storage].map(String)).toEqual(['0'])
    expect(await storage.update()).toEqual([])
    expect(sessionWrites(t)).toEqual([])
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['deleteCookie'])
  })

  it('a cookie with the sentinel and no session reads the cookie messages only', async () => {
    const value = await encodeCookie(config, [...texts('0'), NOT_FINISHED])
    const storage = await open(config, createSeam({ cookies: { messages: value } }))
    expect([...storage].map(String)).toEqual(['0'])
  })

  it('a request without a message cookie never opens the session, even when iterated or added to', async () => {
    const t = createSeam({ session: true })
    const storage = createStorage(config, t.seam)
    expect(storage.preload()).toBeUndefined()
    expect([...storage]).toEqual([])
    storage.add(INFO, 'fits')
    expect(await storage.update()).toEqual([])
    expect(t.calls.filter((c) => c.op.startsWith('session'))).toEqual([])
    expect(await cookieCount(config, t)).toBe(1)
  })

  it('exposes its cookie backend and opens the session lazily', () => {
    const t = createSeam({ session: true })
    const storage = new FallbackStorage(t.seam, config)
    expect(t.calls).toEqual([])
    expect(storage.session).not.toBeNull()
    expect(storage.session).toBe(storage.session)
    expect(new FallbackStorage(createSeam().seam, config).session).toBeNull()
  })

  it('a session that held messages the cookie did not point to is left alone', async () => {
    const t = await request(texts('cookie'), texts('stale'))
    const storage = await open(config, t)
    expect([...storage].map(String)).toEqual(['cookie'])
    await storage.update()
    expect(sessionWrites(t)).toEqual([])
    expect(t.session!.data.has('_messages')).toBe(true)
  })
})
