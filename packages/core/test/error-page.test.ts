/**
 * The error page after a failed end (`error-page.ts`): whether the end can be stored again, and
 * storing again as the page leaves the messages: consumed if it displays them, kept if not, what
 * cannot be stored reported (never thrown), and a display after that store reported as late.
 */
import { describe, expect, it } from 'vitest'
import {
  awaitErrorPage,
  BaseStorage,
  canStoreAgain,
  createStorage,
  endRequest,
  FlashConfigError,
  type FlashReporter,
  INFO,
  type Message,
  MessagesNotStoredError,
  storeForErrorPage,
} from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { seededRandomStrings } from './helpers/random.js'
import { cookieWrites, createSeam, nextRequest } from './helpers/seam.js'

function reporter() {
  const texts: string[] = []
  const report: FlashReporter = (text) => void texts.push(text)
  return { texts, report }
}

/** A cookie storage's end that failed (`strict: true`, eight messages of 600 characters). */
async function failedEnd() {
  const config = makeConfig({ storage: 'cookie', strict: true })
  const t = createSeam()
  const storage = createStorage(config, t.seam)
  const random = seededRandomStrings(7)
  const texts = Array.from({ length: 8 }, () => random(600))
  for (const text of texts) storage.add(INFO, text)
  const { texts: reports, report } = reporter()
  const error = await Promise.resolve()
    .then(() => endRequest(storage, config, t.seam, report))
    .then(
      () => undefined,
      (e: unknown) => e,
    )
  return { config, storage, texts, reports, report, error, t }
}

describe('canStoreAgain', () => {
  it('a closed storage after a MessagesNotStoredError: yes', async () => {
    const { storage, error } = await failedEnd()
    expect(error).toBeInstanceOf(MessagesNotStoredError)
    expect(canStoreAgain(storage, error)).toBe(true)
  })

  it('a misconfiguration fails the same way again: no', async () => {
    const { storage } = await failedEnd()
    expect(canStoreAgain(storage, new FlashConfigError('storage "session" needs a session'))).toBe(false)
  })

  it('a storage still open (the failure came before the end): no', () => {
    const storage = createStorage(makeConfig({ storage: 'cookie' }), createSeam().seam)
    expect(canStoreAgain(storage, new Error('before the end'))).toBe(false)
  })

  it('a storage that records changes in a store of its own (storeDelta) cannot take them back: no', async () => {
    class DeltaStorage extends BaseStorage {
      get() {
        return { messages: [], allRetrieved: true }
      }
      store(messages: Message[]) {
        return messages
      }
      override storeDelta() {
        return []
      }
    }
    const config = makeConfig({ storage: 'cookie' })
    const storage = new DeltaStorage({ level: INFO })
    await endRequest(storage, config, createSeam().seam, () => {})
    expect(canStoreAgain(storage, new Error('store down'))).toBe(false)
  })
})

describe('storeForErrorPage', () => {
  it('an error page that displays the messages consumes them, and is marked no-store', async () => {
    const { config, storage, reports, texts } = await failedEnd()
    awaitErrorPage(storage)
    expect([...storage].map(String)).toEqual(texts)
    const page = createSeam()
    const headers = new Map<string, string>()
    page.seam.requestMethod = () => 'POST'
    page.seam.requestHeader = () => undefined
    page.seam.responseStatus = () => 500
    page.seam.responseHeader = (name) => headers.get(name)
    page.seam.setResponseHeader = (name, value) => void headers.set(name, value)
    const { texts: again, report } = reporter()
    // The storage writes through the seam it was made with; the page's seam answers for the response.
    await storeForErrorPage(storage, config, page.seam, report)
    expect(headers.get('cache-control')).toContain('no-store')
    expect(again).toEqual([])
    // Only the failure itself was reported at the end (by the error), not the error page's display.
    expect(reports).toEqual([])
  })

  it('an error page that displays nothing keeps what fits and reports the rest, even with strict: true', async () => {
    const { config, storage, texts, t } = await failedEnd()
    awaitErrorPage(storage)
    const before = cookieWrites(t).length
    const { texts: again, report } = reporter()
    await storeForErrorPage(storage, config, t.seam, report)
    expect(cookieWrites(t).length).toBe(before + 1)
    expect(again).toHaveLength(1)
    expect(again[0]).toMatch(/^@flash\/test: 5 messages could not be stored and will not be shown/)
    const next = createStorage(makeConfig({ storage: 'cookie' }), nextRequest(t).seam)
    await next.preload()
    expect([...next].map(String)).toEqual(texts.slice(5))
  })

  it('a message the error handler adds is stored with the rest; one added after that store is refused', async () => {
    const { config, storage, t } = await failedEnd()
    awaitErrorPage(storage)
    expect(storage.closed).toBe(false)
    storage.add(INFO, 'Could not finish.')
    await storeForErrorPage(storage, config, t.seam, () => {})
    expect(storage.closed).toBe(true)
    // strict: true, as the failed end's: a later add is thrown where it is made.
    expect(() => storage.add(INFO, 'too late')).toThrow(MessagesNotStoredError)
    const next = createStorage(makeConfig({ storage: 'cookie' }), nextRequest(t).seam)
    await next.preload()
    expect([...next].map(String).at(-1)).toBe('Could not finish.')
  })

  it('a display after the store for the error page is reported as late', async () => {
    const { config, storage, t } = await failedEnd()
    awaitErrorPage(storage)
    const { texts: again, report } = reporter()
    await storeForErrorPage(storage, config, t.seam, report)
    again.length = 0
    expect([...storage]).toHaveLength(8)
    expect(again).toHaveLength(1)
    expect(again[0]).toMatch(/displayed after @flash had stored the messages of this request/)
  })

  it('a store that fails again is reported, never thrown', async () => {
    const config = makeConfig({ storage: 'session' })
    const t = createSeam({ session: true })
    const storage = createStorage(config, t.seam)
    storage.add(INFO, 'one')
    t.session!.set = () => {
      throw new Error('store down')
    }
    await expect(async () => endRequest(storage, config, t.seam, () => {})).rejects.toThrow('store down')
    awaitErrorPage(storage)
    const { texts: again, report } = reporter()
    await storeForErrorPage(storage, config, t.seam, report)
    expect(again).toEqual([
      '@flash/test: 1 message could not be stored and will not be shown (storing them for the error page failed: ' +
        'Error: store down): "one"',
    ])
  })
})
