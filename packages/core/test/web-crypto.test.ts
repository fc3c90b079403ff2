/**
 * The Web Crypto provider: a runtime without `crypto.subtle` gets an error that names the fix.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { webCrypto } from '../src/index.js'

describe('webCrypto', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('without globalThis.crypto.subtle, says to use nodeCrypto', async () => {
    vi.stubGlobal('crypto', undefined)
    await expect(webCrypto.sha256(new Uint8Array())).rejects.toThrow(
      '@flash/core: globalThis.crypto.subtle is missing; pass `crypto: nodeCrypto` from @flash/core/node',
    )
  })

  it('hashes and signs like node:crypto', async () => {
    const digest = await webCrypto.sha256(new TextEncoder().encode('abc'))
    expect(Buffer.from(digest).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    )
    const sign = await webCrypto.hmacSha256(new TextEncoder().encode('key'))
    const mac = await sign('The quick brown fox jumps over the lazy dog')
    expect(Buffer.from(mac, 'base64url').toString('hex')).toBe(
      'f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8',
    )
  })
})
