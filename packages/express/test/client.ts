/**
 * An Express app on a real `http.Server` (127.0.0.1, random port), a `fetch` client that carries
 * cookies between requests and returns the raw `Response`, and a crypto that counts its calls.
 */

import { FetchClient as Client } from '@flash/adapter-suite'
import type { FlashCrypto, HmacSha256 } from '@flash/core'
import { nodeCrypto } from '@flash/core/node'
import type { Express } from 'express'
import { listen } from './harness.js'

export interface Served {
  readonly client: Client
  close(): Promise<void>
}

export async function serve(app: Express): Promise<Served> {
  const { base, close } = await listen(app)
  return { client: new Client(base), close }
}

/** The cookie-carrying `fetch` client of @flash/adapter-suite, under this package's tests' name. */
export { Client }

/** node:crypto, counting every signature, hash and (de)compression. */
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
