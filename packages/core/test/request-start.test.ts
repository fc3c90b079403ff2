/**
 * `needsPreload()`: which configurations an adapter must read before the handler (an asynchronous
 * read) and which it reads on first use (synchronous, so an untouched request verifies nothing).
 */
import { describe, expect, it } from 'vitest'
import { CookieStorage, needsPreload, type StorageFactory, webCrypto } from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { makeConfig } from './helpers/config.js'

describe('needsPreload', () => {
  it('is false for the built-in storages over a synchronous crypto provider', () => {
    for (const storage of ['cookie', 'fallback', 'session'] as const) {
      expect(needsPreload(makeConfig({ storage, crypto: nodeCrypto })), storage).toBe(false)
    }
  })

  it('is true for cookie and fallback storage over Web Crypto, whose reads are promises', () => {
    expect(needsPreload(makeConfig({ storage: 'cookie', crypto: webCrypto }))).toBe(true)
    expect(needsPreload(makeConfig({ storage: 'fallback', crypto: webCrypto }))).toBe(true)
  })

  it('is false for session storage over Web Crypto: it signs nothing and reads the session', () => {
    expect(needsPreload(makeConfig({ storage: 'session', crypto: webCrypto }))).toBe(false)
  })

  it('is true for a custom storage factory, whatever the crypto provider', () => {
    const storage: StorageFactory = (seam, config) => new CookieStorage(seam, config)
    expect(needsPreload(makeConfig({ storage, crypto: nodeCrypto }))).toBe(true)
  })
})
