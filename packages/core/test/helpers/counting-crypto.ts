/**
 * @module
 * A {@link FlashCrypto} that counts every call before delegating, to prove a request did no
 * crypto (or derived its keys once).
 */
import type { FlashCrypto } from '../../src/index.js'

export interface CryptoCounts {
  sha256: number
  hmacSha256: number
  hmac: number
  deflate: number
  inflate: number
}

export function countingCrypto(inner: FlashCrypto): { crypto: FlashCrypto; counts: CryptoCounts } {
  const counts: CryptoCounts = { sha256: 0, hmacSha256: 0, hmac: 0, deflate: 0, inflate: 0 }
  const crypto: FlashCrypto = {
    name: `counting ${inner.name}`,
    sha256(data) {
      counts.sha256++
      return inner.sha256(data)
    },
    async hmacSha256(key) {
      counts.hmacSha256++
      const sign = await inner.hmacSha256(key)
      return (text) => {
        counts.hmac++
        return sign(text)
      }
    },
    deflate(data) {
      counts.deflate++
      return inner.deflate(data)
    },
    inflate(data, maxLength) {
      counts.inflate++
      return inner.inflate(data, maxLength)
    },
  }
  return { crypto, counts }
}

/** Total calls of any kind. */
export function total(counts: CryptoCounts): number {
  return counts.sha256 + counts.hmacSha256 + counts.hmac + counts.deflate + counts.inflate
}
