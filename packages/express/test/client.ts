/**
 * An Express app on a real `http.Server` (127.0.0.1, random port), a `fetch` client that carries
 * cookies between requests and returns the raw `Response`, and a crypto that counts its calls.
 */

import { FetchClient as Client } from '@flash/adapter-suite'
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

/** node:crypto, counting every signature, hash and (de)compression (shared with the adapter suite). */
export { countingCrypto } from '@flash/adapter-suite'
/** The cookie-carrying `fetch` client of @flash/adapter-suite, under this package's tests' name. */
export { Client }
