/**
 * A Koa app on a real `http.Server` (127.0.0.1, random port) and a `fetch` client that carries
 * cookies between requests and returns the raw `Response`, as a user's own test would.
 */
import type { AddressInfo } from 'node:net'
import { FetchClient as Client } from '@flash/adapter-suite'
import type Koa from 'koa'

export interface Served {
  readonly client: Client
  close(): Promise<void>
}

export async function serve(app: Koa): Promise<Served> {
  const server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    client: new Client(`http://127.0.0.1:${port}`),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      )
    },
  }
}

/** The cookie-carrying `fetch` client of @flash/adapter-suite, under this package's tests' name. */
export { Client }
