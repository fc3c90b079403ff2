/**
 * `persist()`: nothing is lost silently. Unstored messages are reported through the reporter with
 * their count and texts, or thrown as `MessagesNotStoredError` when the configuration is strict.
 */
import { describe, expect, it } from 'vitest'
import { createStorage, INFO, MessagesNotStoredError, persist, WARNING } from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { seededRandomStrings } from './helpers/random.js'
import { cookieWrites, createSeam } from './helpers/seam.js'

type Report = [{ unstored: { level: number; message: string }[] }, string]

function recorder() {
  const reports: Report[] = []
  return { reports, warn: (details: Report[0], text: string) => void reports.push([details, text]) }
}

async function overflow(options: Parameters<typeof makeConfig>[0], count: number, session = false) {
  const random = seededRandomStrings(42)
  const config = makeConfig(options)
  const t = createSeam(session ? { session: true } : {})
  const storage = createStorage(config, t.seam)
  const texts = Array.from({ length: count }, () => random(406))
  for (const [i, text] of texts.entries()) storage.add(i === 0 ? WARNING : INFO, text)
  return { config, t, storage, texts }
}

describe('persist', () => {
  it('cookie storage: reports the dropped oldest message with its count and text', async () => {
    const { config, t, storage, texts } = await overflow({ storage: 'cookie' }, 5)
    const { reports, warn } = recorder()
    await persist(storage, config, warn)
    expect(reports).toEqual([
      [
        { unstored: [{ level: WARNING, message: texts[0] }] },
        '@flash/test: 1 message could not be stored and will not be shown (the message cookie is limited ' +
          `to 2048 characters and cookie storage drops the oldest): "${texts[0]!.slice(0, 80)}"`,
      ],
    ])
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['setCookie'])
  })

  it('fallback without a session: reports the newest messages it could not keep', async () => {
    const { config, storage, texts } = await overflow({ storage: 'fallback' }, 6)
    const { reports, warn } = recorder()
    await persist(storage, config, warn)
    expect(reports).toEqual([
      [
        { unstored: [texts[4], texts[5]].map((message) => ({ level: INFO, message })) },
        '@flash/test: 2 messages could not be stored and will not be shown (the message cookie is limited ' +
          'to 2048 characters and this request has no session to take the rest): ' +
          `"${texts[4]!.slice(0, 80)}", "${texts[5]!.slice(0, 80)}"`,
      ],
    ])
  })

  it('strict: throws MessagesNotStoredError carrying the lost messages; the cookie is still written', async () => {
    const { config, t, storage, texts } = await overflow({ storage: 'cookie', strict: true }, 5)
    const { reports, warn } = recorder()
    const error = await persist(storage, config, warn)?.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MessagesNotStoredError)
    const e = error as MessagesNotStoredError
    expect(e.name).toBe('MessagesNotStoredError')
    expect(e.message).toBe(
      '@flash/test: 1 message could not be stored and will not be shown (the message cookie is limited ' +
        `to 2048 characters and cookie storage drops the oldest): "${texts[0]!.slice(0, 80)}"`,
    )
    expect(e.unstored.map(String)).toEqual([texts[0]])
    expect(reports).toEqual([])
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['setCookie'])
  })

  it('fallback with a session stores everything: no report', async () => {
    const { config, storage } = await overflow({ storage: 'fallback' }, 6, true)
    const { reports, warn } = recorder()
    await persist(storage, config, warn)
    expect(reports).toEqual([])
  })

  it('an untouched storage: no report, no write', async () => {
    const config = makeConfig({ strict: true })
    const t = createSeam({ session: true })
    const { reports, warn } = recorder()
    await persist(createStorage(config, t.seam), config, warn)
    expect(reports).toEqual([])
    expect(t.calls).toEqual([])
  })

  it('everything stored: no report', async () => {
    const config = makeConfig({ storage: 'cookie' })
    const storage = createStorage(config, createSeam().seam)
    storage.add(INFO, 'fits')
    const { reports, warn } = recorder()
    await persist(storage, config, warn)
    expect(reports).toEqual([])
  })
})
