/**
 * A storage built on another copy of @flash/core, an older one, lacks the methods the core added
 * since (`watchFirstAdd`, `endDisplay`): `createStorage` accepts it (`isStorageLike`), so every
 * request must still work with it, unwatched, instead of failing with a TypeError (a 500).
 */
import { describe, expect, it } from 'vitest'
import { CookieStorage, createStorage, endRequest, type FlashSeam, INFO } from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { cookieWrites, createSeam } from './helpers/seam.js'

/** A cookie storage without the methods an older core did not have. */
class OlderCoreStorage extends CookieStorage {}
for (const method of ['watchFirstAdd', 'endDisplay'] as const) {
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
})
