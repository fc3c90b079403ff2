/**
 * A storage built on another copy of @flash/core, an older one, lacks the methods the core added
 * since (`watchFirstAdd`, `endDisplay`, `isPrefetch`): `createStorage` accepts it (`isStorageLike`), so every
 * request must still work with it, unwatched, instead of failing with a TypeError (a 500).
 */
import { describe, expect, it } from 'vitest'
import { CookieStorage, createStorage, endRequest, type FlashSeam, INFO } from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { cookieWrites, createSeam, nextRequest, type TestSeam } from './helpers/seam.js'

/** A cookie storage without the methods an older core did not have. */
class OlderCoreStorage extends CookieStorage {}
for (const method of ['watchFirstAdd', 'endDisplay', 'isPrefetch'] as const) {
  Object.defineProperty(OlderCoreStorage.prototype, method, { value: undefined })
}

describe('a storage from an older copy of @flash/core', () => {
  it('adds, ends the request and stores its cookie, with a seam that has messageAdded', async () => {
    const config = makeConfig({ storage: (seam, cfg) => new OlderCoreStorage(seam, cfg) })
    const t = createSeam()
    const told: unknown[] = []
    const seam: FlashSeam = { ...t.seam, messageAdded: (storage) => void told.push(storage) }
    const storage = createStorage(config, seam)
    storage.add(INFO, 'from an older core')
    await endRequest(storage, config, seam, () => {})
    expect(told).toEqual([])
    expect(cookieWrites(t).map((c) => c.op)).toEqual(['setCookie'])
  })

  it('settles a display by reading the prefetch headers itself: a prefetch keeps, a page consumes', async () => {
    const config = makeConfig({ storage: (seam, cfg) => new OlderCoreStorage(seam, cfg) })
    const first = createSeam()
    const adding = createStorage(config, first.seam)
    adding.add(INFO, 'Saved.')
    await endRequest(adding, config, first.seam, () => {})
    const display = async (t: TestSeam, request: Record<string, string>) => {
      const seam: FlashSeam = Object.assign(t.seam, {
        requestMethod: () => 'GET',
        requestHeader: (name: string) => request[name],
        responseStatus: () => 200,
        responseHeader: () => undefined,
        setResponseHeader: () => {},
      })
      const storage = createStorage(config, seam)
      await storage.preload()
      const shown = [...storage].map(String)
      await endRequest(storage, config, seam, () => {})
      return shown
    }
    const prefetched = nextRequest(first)
    expect(await display(prefetched, { 'sec-purpose': 'prefetch' })).toEqual([])
    const page = nextRequest(prefetched)
    expect(await display(page, {})).toEqual(['Saved.'])
    expect(await display(nextRequest(page), {})).toEqual([])
  })
})
