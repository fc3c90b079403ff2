/**
 * The report of lost messages names the reason of the storage actually used, also when a
 * factory picks the storage per request (the demo's storage switcher).
 */
import { describe, expect, it } from 'vitest'
import {
  BaseStorage,
  CookieStorage,
  FallbackStorage,
  type Message,
  persist,
  resolveOptions,
} from '../src/index.js'

// Random text, so that compression cannot make five of them fit in one cookie.
let seed = 7
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'[seed % 62]
}
const long = Array.from({ length: 5 }, (_, i) => `${i}:` + Array.from({ length: 1000 }, random).join(''))
const seam = { getCookie: () => undefined, setCookie: () => {}, deleteCookie: () => {} }
const reports: string[] = []
const warn = (_: unknown, text: string) => reports.push(text)

describe('unstoredReason', () => {
  it('cookie storage chosen by a factory says it drops the oldest', async () => {
    const config = resolveOptions(
      { secret: 'reason-secret-0123456789-0123456789-ab', storage: (s, c) => new CookieStorage(s, c) },
      { name: '@flash/test', sessionFix: '' },
    )
    const storage = config.storage === 'cookie' ? undefined : new CookieStorage(seam, config)
    for (const text of long) storage!.add(20, text)
    reports.length = 0
    await persist(storage!, config, warn)
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(
      /^@flash\/test: 3 messages could not be stored and will not be shown \(the message cookie is limited to 2048 characters and cookie storage drops the oldest\): "0:/,
    )
  })

  it('fallback storage without a session says there is no session to take the rest', async () => {
    const config = resolveOptions(
      { secret: 'reason-secret-0123456789-0123456789-ab' },
      { name: '@flash/test', sessionFix: '' },
    )
    const storage = new FallbackStorage(seam, config)
    for (const text of long) storage.add(20, text)
    reports.length = 0
    await persist(storage, config, warn)
    expect(reports[0]).toContain(
      '(the message cookie is limited to 2048 characters and this request has no session to take the rest): "2:',
    )
  })

  it('a custom storage that leaves messages over is named', async () => {
    class Lossy extends BaseStorage {
      get() {
        return { messages: null, allRetrieved: true }
      }
      store(messages: Message[]) {
        return messages
      }
    }
    const config = resolveOptions(
      { secret: 'reason-secret-0123456789-0123456789-ab' },
      { name: '@flash/test', sessionFix: '' },
    )
    const storage = new Lossy()
    storage.add(20, 'lost')
    reports.length = 0
    await persist(storage, config, warn)
    expect(reports).toEqual([
      '@flash/test: 1 message could not be stored and will not be shown (Lossy could not store them): "lost"',
    ])
  })
})
