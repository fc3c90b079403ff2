/**
 * `maxSessionMessages`: session and fallback storage keep at most this many messages per client,
 * the newest, and report the oldest they drop like any unstored message.
 */
import { describe, expect, it } from 'vitest'
import { createStorage, endRequest, INFO, MessagesNotStoredError, persist } from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { createSeam, nextRequest } from './helpers/seam.js'

type Report = [{ unstored: { level: number; message: string }[] }, string]

function recorder() {
  const reports: Report[] = []
  return { reports, warn: (details: Report[0], text: string) => void reports.push([details, text]) }
}

const texts = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `message ${from + i}`)

describe('maxSessionMessages', () => {
  it('defaults to 100', () => {
    expect(makeConfig().maxSessionMessages).toBe(100)
  })

  it.each([
    [-1, '-1'],
    [1.5, '1.5'],
    ['10', '"10"'],
  ])('rejects %s', (value, shown) => {
    expect(() => makeConfig({ maxSessionMessages: value as number })).toThrow(
      `@flash/test: option "maxSessionMessages" must be a whole number of messages (0 disables the limit), got ${shown}`,
    )
  })

  it('session storage keeps the newest and reports the oldest, across requests', async () => {
    const config = makeConfig({ storage: 'session', maxSessionMessages: 3 })
    const first = createSeam({ session: true })
    const storage = createStorage(config, first.seam)
    for (const text of texts(2)) storage.add(INFO, text)
    const { reports, warn } = recorder()
    await persist(storage, config, warn)
    expect(reports).toEqual([])

    const second = nextRequest(first)
    const again = createStorage(config, second.seam)
    for (const text of texts(3, 2)) again.add(INFO, text)
    await persist(again, config, warn)
    expect(reports).toEqual([
      [
        { unstored: texts(2).map((message) => ({ level: INFO, message })) },
        '@flash/test: 2 messages could not be stored and will not be shown (at most 3 messages are kept per ' +
          'client (maxSessionMessages) and the oldest are dropped): "message 0", "message 1"',
      ],
    ])
    const third = createStorage(config, nextRequest(second).seam)
    expect([...third].map(String)).toEqual(texts(3, 2))
  })

  it('0 disables the limit', async () => {
    const config = makeConfig({ storage: 'session', maxSessionMessages: 0 })
    const t = createSeam({ session: true })
    const storage = createStorage(config, t.seam)
    for (const text of texts(500)) storage.add(INFO, text)
    const { reports, warn } = recorder()
    await persist(storage, config, warn)
    expect(reports).toEqual([])
    expect([...createStorage(config, nextRequest(t).seam)].map(String)).toEqual(texts(500))
  })

  it('fallback storage applies it to cookie and session together', async () => {
    const config = makeConfig({ storage: 'fallback', maxSessionMessages: 150 })
    const t = createSeam({ session: true })
    const storage = createStorage(config, t.seam)
    for (const text of texts(200)) storage.add(INFO, text)
    const { reports, warn } = recorder()
    await persist(storage, config, warn)
    expect(reports.map(([details]) => details.unstored.map((m) => m.message))).toEqual([texts(50)])
    expect(reports[0]![1]).toMatch(
      /^@flash\/test: 50 messages could not be stored .*\(at most 150 messages are kept/,
    )
    const next = createStorage(config, nextRequest(t).seam)
    await next.preload()
    expect([...next].map(String)).toEqual(texts(150, 50))
  })

  it('strict: throws with the dropped messages', async () => {
    const config = makeConfig({ storage: 'session', maxSessionMessages: 1, strict: true })
    const storage = createStorage(config, createSeam({ session: true }).seam)
    storage.add(INFO, 'old')
    storage.add(INFO, 'new')
    // The session is read synchronously, so strict throws at once, as with the cookie storage.
    let error: unknown
    try {
      await persist(storage, config, () => {})
    } catch (thrown) {
      error = thrown
    }
    expect(error).toBeInstanceOf(MessagesNotStoredError)
    expect((error as MessagesNotStoredError).unstored.map(String)).toEqual(['old'])
  })
})

describe("maxSessionMessages under scope: 'redirect'", () => {
  /** One POST that adds `text` and redirects (a new tab's binding each time), after `previous`. */
  async function postFrom(
    config: ReturnType<typeof makeConfig>,
    previous: ReturnType<typeof createSeam> | undefined,
    text: string,
    warn: (details: Report[0], text: string) => void,
  ) {
    const t = previous ? nextRequest(previous) : createSeam({ session: true })
    t.seam.requestUrl = () => 'http://a.test/add'
    t.seam.responseStatus = () => 303
    t.seam.responseHeader = (name) => (name === 'location' ? '/show' : undefined)
    t.seam.setResponseHeader = () => {}
    const storage = createStorage(config, t.seam)
    storage.add(INFO, text)
    await endRequest(storage, config, t.seam, (reportText, details) => warn(details as Report[0], reportText))
    return t
  }

  it.each(['session', 'fallback'] as const)(
    "%s: the tabs' markers do not count, so the limit is in messages",
    async (storage) => {
      // A 1-byte cookie sends everything of the fallback storage to the session.
      const config = makeConfig({ storage, scope: 'redirect', maxSessionMessages: 3, maxCookieSize: 1 })
      const { reports, warn } = recorder()
      let t: ReturnType<typeof createSeam> | undefined
      for (const text of ['a', 'b', 'c']) t = await postFrom(config, t, text, warn)
      // Three messages in three tabs: six stored items, three messages, nothing dropped.
      expect(reports.map(([details]) => details.unstored.map((m) => m.message))).toEqual([])
      t = await postFrom(config, t, 'd', warn)
      expect(reports.map(([details]) => details.unstored.map((m) => m.message))).toEqual([['a']])
      // Read outside the scope (no tab): the three newest, no marker among them.
      const read = createStorage(makeConfig({ storage, maxSessionMessages: 3 }), nextRequest(t!).seam)
      await read.preload()
      expect([...read].map(String)).toEqual(['b', 'c', 'd'])
    },
  )
})
