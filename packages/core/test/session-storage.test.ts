/**
 * Django's `test_session.py` (SessionTests), plus the session format and the "no session"
 * configuration error.
 */
import { describe, expect, it } from 'vitest'
import {
  createStorage,
  DEBUG,
  encodeMessageJson,
  FlashConfigError,
  INFO,
  isSafe,
  Message,
  markSafe,
  SessionStorage,
  SUCCESS,
} from '../src/index.js'
import { backendConfig, backends, open, seed } from './helpers/backends.js'
import { cookieWrites, createSeam, sessionWrites } from './helpers/seam.js'

const backend = backends[1]!
const config = backendConfig(backend)
const NO_SESSION =
  '@flash/test: storage "session" needs a session, but this request has none; ' +
  'install a session plugin before @flash/test'

describe('SessionStorage (test_session.py)', () => {
  it('test_no_session: a seam without session()', () => {
    const storage = createStorage(config, createSeam().seam)
    expect(() => storage.length).toThrow(FlashConfigError)
    expect(() => storage.length).toThrow(NO_SESSION)
  })

  it('test_no_session: a session() that returns undefined, found when storing', async () => {
    const storage = createStorage(config, createSeam({ session: false }).seam)
    storage.add(INFO, 'lost')
    await expect(storage.update()).rejects.toThrow(NO_SESSION)
  })

  it('test_no_session: a custom factory building a SessionStorage names storage "session"', () => {
    const custom = backendConfig(backend, { storage: (seam, c) => new SessionStorage(seam, c) })
    const storage = createStorage(custom, createSeam().seam)
    expect(() => [...storage]).toThrow(NO_SESSION)
  })

  it('test_get (@flash: non-message items in the stored list read as bad data)', async () => {
    const t = await seed(backend, config, ['test', 'me'])
    const storage = await open(config, t)
    expect([...storage]).toEqual([])
    expect(storage.used).toBe(true)
    await storage.update()
    expect(t.session!.data.has('_messages')).toBe(false)
  })

  it('test_get with messages', async () => {
    const messages = [new Message(INFO, 'test'), new Message(INFO, 'me')]
    const storage = await open(config, await seed(backend, config, messages))
    expect([...storage]).toEqual(messages)
  })

  it('test_safedata', async () => {
    const t = await seed(backend, config, [new Message(DEBUG, markSafe('<b>Hello Django!</b>'))])
    const [message] = [...(await open(config, t))]
    expect(isSafe(message!.message)).toBe(true)
  })
})

describe('SessionStorage: format and costs', () => {
  it('writes a JSON string exactly as Django does (default separators, ensure_ascii)', async () => {
    const t = createSeam({ session: true })
    const storage = await open(config, t)
    storage.add(INFO, 'hi')
    storage.add(SUCCESS, markSafe('<b>x</b>'), null)
    storage.add(INFO, 'café', 'tag')
    await storage.update()
    expect(t.session!.data.get('_messages')).toBe(
      '[["__json_message", 0, 20, "hi", ""], ["__json_message", 1, 25, "<b>x</b>"], ' +
        '["__json_message", 0, 20, "caf\\u00e9", "tag"]]',
    )
  })

  it('uses the sessionKey option', async () => {
    const keyed = backendConfig(backend, { sessionKey: 'flash' })
    const t = createSeam({ session: true })
    const storage = await open(keyed, t)
    storage.add(INFO, 'keyed')
    await storage.update()
    expect([...t.session!.data.keys()]).toEqual(['flash'])
  })

  it('reads a list stored as data rather than as a JSON string', async () => {
    const data = new Map<string, unknown>([
      ['_messages', JSON.parse(encodeMessageJson([new Message(INFO, 'x', 't')]))],
    ])
    const storage = await open(config, createSeam({ session: data }))
    expect([...storage]).toEqual([new Message(INFO, 'x', 't')])
  })

  it('reads null, an empty string or a missing key as no messages', async () => {
    for (const value of [null, '', undefined]) {
      const data = new Map<string, unknown>(value === undefined ? [] : [['_messages', value]])
      const storage = await open(config, createSeam({ session: data }))
      expect(storage.length).toBe(0)
      expect(storage.used).toBe(false)
    }
  })

  it('reads malformed JSON as bad data: used once touched, key removed', async () => {
    const t = createSeam({ session: new Map([['_messages', '[["__json_message", 0']]) })
    const storage = await open(config, t)
    expect(storage.used).toBe(false)
    expect(storage.length).toBe(0)
    expect(storage.used).toBe(true)
    await storage.update()
    expect(sessionWrites(t)).toEqual([{ op: 'session.delete', key: '_messages' }])
  })

  it('preload() neither opens nor reads the session', () => {
    const t = createSeam({ session: true })
    const storage = new SessionStorage(t.seam, config)
    expect(storage.preload()).toBeUndefined()
    expect(t.calls).toEqual([])
  })

  it('an untouched request does not open the session', async () => {
    const t = createSeam({ session: true })
    const storage = createStorage(config, t.seam)
    expect(await storage.update()).toBeNull()
    expect(t.calls).toEqual([])
  })

  it('consuming an empty session does not write it', async () => {
    const t = createSeam({ session: true })
    const storage = await open(config, t)
    expect([...storage]).toEqual([])
    expect(await storage.update()).toEqual([])
    expect(sessionWrites(t)).toEqual([])
    expect(cookieWrites(t)).toEqual([])
  })
})
