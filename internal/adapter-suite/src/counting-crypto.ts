/**
 * @module
 * A crypto provider that counts its work: how a test sees what a request cost without timing it.
 */
import type { FlashCrypto, HmacSha256 } from '@flash/core'
import { nodeCrypto } from '@flash/core/node'

/** node:crypto (synchronous, as on Node by default), counting every signature, hash and (de)compression. */
export function countingCrypto(): FlashCrypto & { calls: number } {
  const counter = {
    calls: 0,
    name: 'counting',
    synchronous: true,
    sha256: (data: Uint8Array) => {
      counter.calls++
      return nodeCrypto.sha256(data)
    },
    hmacSha256: (key: Uint8Array) => {
      const sign = nodeCrypto.hmacSha256(key) as HmacSha256
      return (text: string) => {
        counter.calls++
        return sign(text)
      }
    },
    deflate: (data: Uint8Array) => {
      counter.calls++
      return nodeCrypto.deflate(data)
    },
    inflate: (data: Uint8Array, maxLength: number) => {
      counter.calls++
      return nodeCrypto.inflate(data, maxLength)
    },
  }
  return counter as FlashCrypto & { calls: number }
}
