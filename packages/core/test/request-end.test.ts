/**
 * `endRequest()` and `abandonRequest()`: the end of a request every adapter shares. Persisted once,
 * late adds refused with one accurate report (thrown with `strict`), messages of an abandoned
 * response reported, a secure cookie over plain HTTP reported once, and the session limits
 * (a session kept in a cookie, a session that will not be saved) reported like any overflow.
 */
import { describe, expect, it } from 'vitest'
import {
  abandonRequest,
  COOKIE_SESSION_BUDGET,
  createStorage,
  endRequest,
  type FlashReporter,
  INFO,
  MessagesNotStoredError,
  WARNING,
} from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { seededRandomStrings } from './helpers/random.js'
import { cookieWrites, createSeam, MapSession } from './helpers/seam.js'

function reporter() {
  const reports: { text: string; details: unknown }[] = []
  const report: FlashReporter = (text, details) => void reports.push({ text, details })
  return { reports, report }
}

const LATE =
  '@flash/test: 1 message could not be stored and will not be shown (it was added after @flash had stored the ' +
  'messages of this request, e.g. in a stream, a timer or a hook that runs after the response, ' +
  'or in a middleware mounted before (outside) @flash once the rest returned; add messages ' +
  'before the response is sent, in code that runs inside @flash): "too late"'

describe('endRequest', () => {
  it('persists once: a second call does nothing and writes no second cookie', async () => {
    const config = makeConfig({ storage: 'cookie' })
    const t = createSeam()
    const storage = createStorage(config, t.seam)
    storage.add(INFO, 'hello')
    const { report } = reporter()
    await endRequest(storage, config, t.seam, report)
    expect(endRequest(storage, config, t.seam, report)).toBeUndefined()
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['setCookie'])
    expect(storage.closed).toBe(true)
  })

  it('refuses a message added afterwards with one accurate report, and stores nothing for it', async () => {
    const config = makeConfig({ storage: 'cookie' })
    const t = createSeam()
    const storage = createStorage(config, t.seam)
    const { reports, report } = reporter()
    await endRequest(storage, config, t.seam, report)
    storage.add(WARNING, 'too late')
    storage.add(5, 'below the level: ignored as always')
    expect(reports).toEqual([
      { text: LATE, details: { unstored: [{ level: WARNING, message: 'too late' }] } },
    ])
    expect(storage.queued).toEqual([])
    expect(cookieWrites(t)).toEqual([])
  })

  describe('a display after the end: not consumed, so reported (once per configuration)', () => {
    const displayedLate = (count: number) =>
      `@flash/test: ${count === 1 ? '1 message was' : `${count} messages were`} displayed after @flash had stored the messages of this request, ` +
      `so ${count === 1 ? 'it was' : 'they were'} not consumed and will show again on the next page: something read them after @flash ended ` +
      'the request, e.g. a middleware mounted before (outside) @flash that renders an error page or a layout once ' +
      'the rest returned, or a stream callback; mount @flash first, or read the messages before the response is ' +
      'returned (reported once)'

    /** A request that carries `stored` in its cookie. */
    async function requestWith(config: ReturnType<typeof makeConfig>, stored: string[]) {
      const first = createSeam()
      const writer = createStorage(config, first.seam)
      for (const text of stored) writer.add(INFO, text)
      await endRequest(writer, config, first.seam, () => {})
      const [write] = cookieWrites(first)
      if (write?.op !== 'setCookie') throw new Error('the first request wrote no cookie')
      const t = createSeam({ cookies: { [write.name]: write.value } })
      const storage = createStorage(config, t.seam)
      await storage.preload()
      return { t, storage }
    }

    it('stored messages not displayed before the end: every one counts, the cookie keeps them, told once', async () => {
      const config = makeConfig({ storage: 'cookie' })
      const { reports, report } = reporter()
      for (const round of [1, 2]) {
        const { t, storage } = await requestWith(config, ['a', 'b'])
        await endRequest(storage, config, t.seam, report)
        expect([...storage].map(String)).toEqual(['a', 'b'])
        expect(cookieWrites(t)).toEqual([]) // nothing consumed: the cookie stays as it was
        // The second round's late display adds no report.
        expect(
          reports.map((r) => r.text),
          `round ${round}`,
        ).toEqual([displayedLate(2)])
      }
    })

    it('messages the page displayed in time, iterated again afterwards: consumed, not reported', async () => {
      const config = makeConfig({ storage: 'cookie' })
      const { reports, report } = reporter()
      const { t, storage } = await requestWith(config, ['shown'])
      expect([...storage].map(String)).toEqual(['shown'])
      await endRequest(storage, config, t.seam, report)
      expect([...storage].map(String)).toEqual(['shown'])
      expect(reports).toEqual([])
      expect(cookieWrites(t).map((c) => c.op)).toEqual(['deleteCookie'])
    })

    it('after a display in time, only what was added after it and stored counts', async () => {
      const config = makeConfig({ storage: 'cookie' })
      const { reports, report } = reporter()
      const { t, storage } = await requestWith(config, ['shown'])
      expect([...storage].map(String)).toEqual(['shown'])
      storage.add(INFO, 'added after the display')
      await endRequest(storage, config, t.seam, report)
      expect(storage.takeUndisplayed().map(String)).toEqual(['added after the display'])
      expect(reports.map((r) => r.text)).toEqual([displayedLate(1)])
    })
  })

  describe('a display after a failed store (the error page the failure went to): reported with that cause', () => {
    const afterFailure = (count: number, name: string) =>
      `@flash/test: ${count} messages were displayed after storing the messages of this request failed (${name}, ` +
      "handed to your error handler), so the error page's display did not consume them, and what the failed " +
      'attempt stored shows again on the next page (reported once)'

    it('strict: true and messages that do not fit: thrown, then the error page displays them', async () => {
      const config = makeConfig({ storage: 'cookie', strict: true })
      const { reports, report } = reporter()
      const t = createSeam()
      const storage = createStorage(config, t.seam)
      const random = seededRandomStrings(7)
      for (let i = 0; i < 8; i++) storage.add(INFO, random(600))
      await expect(async () => endRequest(storage, config, t.seam, report)).rejects.toThrow(
        MessagesNotStoredError,
      )
      // The app's error handler renders its page with the messages.
      expect([...storage]).toHaveLength(8)
      expect(reports.map((r) => r.text)).toEqual([afterFailure(8, 'MessagesNotStoredError')])
    })

    it('a session whose writes fail: the same, once per configuration', async () => {
      const config = makeConfig({ storage: 'session' })
      const { reports, report } = reporter()
      for (const round of [1, 2]) {
        const t = createSeam({ session: true })
        const storage = createStorage(config, t.seam)
        storage.add(INFO, 'one')
        storage.add(INFO, 'two')
        t.session!.set = () => {
          throw new Error('store down')
        }
        await expect(async () => endRequest(storage, config, t.seam, report)).rejects.toThrow('store down')
        expect([...storage].map(String)).toEqual(['one', 'two'])
        expect(
          reports.map((r) => r.text),
          `round ${round}`,
        ).toEqual([afterFailure(2, 'Error')])
      }
    })
  })

  it('a Promise as the text is a TypeError where it is added: its text would read "[object Promise]"', () => {
    const config = makeConfig({ storage: 'cookie' })
    const storage = createStorage(config, createSeam().seam)
    expect(() => storage.add(INFO, Promise.resolve('Saved.'))).toThrow(
      new TypeError(
        '@flash/core: the message is a Promise, whose text would read "[object Promise]": await it first, ' +
          "e.g. success(request, await t('saved'))",
      ),
    )
    expect(storage.queued).toEqual([])
  })

  it('strict: the late add throws MessagesNotStoredError where the message is added', async () => {
    const config = makeConfig({ storage: 'cookie', strict: true })
    const t = createSeam()
    const storage = createStorage(config, t.seam)
    const { reports, report } = reporter()
    await endRequest(storage, config, t.seam, report)
    const error = (() => {
      try {
        storage.add(WARNING, 'too late')
      } catch (e) {
        return e
      }
    })() as MessagesNotStoredError
    expect(error).toBeInstanceOf(MessagesNotStoredError)
    expect(error.message).toBe(LATE)
    expect(error.unstored.map(String)).toEqual(['too late'])
    expect(reports).toEqual([])
  })

  it('cookie.secure over plain HTTP: the cookie is still written, and the developer is told once', async () => {
    const config = makeConfig({ storage: 'cookie', cookie: { secure: true } })
    const { reports, report } = reporter()
    for (const https of [false, false, true]) {
      const t = createSeam()
      const seam = { ...t.seam, isHttps: () => https }
      const storage = createStorage(config, seam)
      storage.add(INFO, 'hello')
      await endRequest(storage, config, seam, report)
      expect(cookieWrites(t).map((c) => c.op)).toEqual(['setCookie'])
    }
    expect(reports.map((r) => r.text)).toEqual([
      '@flash/test: option "cookie.secure" is true, but a request came over plain HTTP, so browsers other than ' +
        'on http://localhost drop the message cookie and its messages are lost; serve the app over HTTPS, or use ' +
        'cookie.secure: false in development',
    ])
  })

  it('cookie.secure: a request that does not touch messages does not even ask whether it is HTTPS', async () => {
    const config = makeConfig({ storage: 'cookie', cookie: { secure: true } })
    const t = createSeam()
    const seam = {
      ...t.seam,
      isHttps: (): boolean => {
        throw new Error('asked')
      },
    }
    const { reports, report } = reporter()
    expect(endRequest(createStorage(config, seam), config, seam, report)).toBeUndefined()
    expect(reports).toEqual([])
  })
})

describe('abandonRequest', () => {
  it('reports the messages added to a response that went out without endRequest, and refuses later adds', () => {
    const config = makeConfig({ storage: 'cookie', strict: true })
    const t = createSeam()
    const storage = createStorage(config, t.seam)
    storage.add(INFO, 'first')
    storage.add(INFO, 'second')
    const { reports, report } = reporter()
    abandonRequest(storage, config, report, 'reply.hijack() sent the response')
    abandonRequest(storage, config, report, 'twice')
    expect(reports.map((r) => r.text)).toEqual([
      '@flash/test: 2 messages could not be stored and will not be shown (reply.hijack() sent the response): "first", "second"',
    ])
    expect(() => storage.add(INFO, 'later')).toThrow(MessagesNotStoredError)
    expect(cookieWrites(t)).toEqual([])
  })

  it('does nothing once the request ended normally', async () => {
    const config = makeConfig({ storage: 'cookie' })
    const t = createSeam()
    const storage = createStorage(config, t.seam)
    storage.add(INFO, 'stored')
    const { reports, report } = reporter()
    await endRequest(storage, config, t.seam, report)
    abandonRequest(storage, config, report, 'never said')
    expect(reports).toEqual([])
  })
})

/** A seam whose session is `session`, with the session's extra facts. */
function seamWithSession(facts: { inCookie?: boolean; lost?: string }) {
  const t = createSeam({ session: true })
  const session = Object.assign(new MapSession([]), facts)
  return { t, session, seam: { ...t.seam, session: () => session } }
}

describe('sessions that cannot take everything', () => {
  // Random, so the message cookie cannot compress them: 30 x 300 characters as in the attack review.
  const random = seededRandomStrings(7)
  const thirty = Array.from({ length: 30 }, (_, i) => `${String(i).padStart(2, '0')} ${random(297)}`)

  it('a session kept in a cookie takes the newest messages that fit in COOKIE_SESSION_BUDGET; the rest is reported', async () => {
    const config = makeConfig({ storage: 'session' })
    const { session, seam } = seamWithSession({ inCookie: true })
    const storage = createStorage(config, seam)
    for (const text of thirty) storage.add(INFO, text)
    const { reports, report } = reporter()
    await endRequest(storage, config, seam, report)
    const stored = String(session.data.get('_messages'))
    expect(stored.length).toBeLessThanOrEqual(COOKIE_SESSION_BUDGET)
    const kept = (JSON.parse(stored) as unknown[][]).map((m) => m[3])
    expect(kept).toEqual(thirty.slice(30 - kept.length))
    expect(kept.length).toBe(6)
    expect(reports).toHaveLength(1)
    expect(reports[0]!.text).toMatch(
      /^@flash\/test: 24 messages could not be stored and will not be shown \(the session is kept in a cookie, which browsers drop beyond 4096 bytes, so at most 2048 characters of messages go there and the oldest are dropped; use a server-side session store\): "00 /,
    )
  })

  it('fallback over a session kept in a cookie: cookie first, then the budget, the rest reported', async () => {
    const config = makeConfig({ storage: 'fallback' })
    const { session, seam } = seamWithSession({ inCookie: true })
    const storage = createStorage(config, seam)
    for (const text of thirty) storage.add(INFO, text)
    const { reports, report } = reporter()
    await endRequest(storage, config, seam, report)
    expect(String(session.data.get('_messages')).length).toBeLessThanOrEqual(COOKIE_SESSION_BUDGET)
    const lost = (reports[0]!.details as { unstored: { message: string }[] }).unstored.map((u) => u.message)
    expect(reports[0]!.text).toContain('(the session is kept in a cookie')
    // The cookie keeps the oldest (Django's fallback order), the session the newest that fit: the lost are in between.
    expect(lost.length).toBeGreaterThan(10)
    expect(lost).toEqual(thirty.slice(thirty.indexOf(lost[0]!), thirty.indexOf(lost[0]!) + lost.length))
  })

  it('a session that will not be saved takes nothing: every message meant for it is reported with the reason', async () => {
    const config = makeConfig({ storage: 'session' })
    const { session, seam } = seamWithSession({ lost: '@fastify/session will not save it' })
    const storage = createStorage(config, seam)
    storage.add(INFO, 'one')
    const { reports, report } = reporter()
    await endRequest(storage, config, seam, report)
    expect(session.data.size).toBe(0)
    expect(reports.map((r) => r.text)).toEqual([
      '@flash/test: 1 message could not be stored and will not be shown (@fastify/session will not save it): "one"',
    ])
  })
})
