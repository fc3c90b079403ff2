/** Both Redis clients of Node, connected to one test server. */
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import type { RedisClient } from '../src/index.js'

export type ClientName = 'node-redis' | 'ioredis'
export const CLIENTS: readonly ClientName[] = ['node-redis', 'ioredis']

export interface TestClient {
  readonly client: RedisClient
  /** A raw command, for assertions (`LRANGE`, `INFO`...). */
  command(args: string[]): Promise<unknown>
  close(): Promise<void>
}

export async function connect(name: ClientName, url: string): Promise<TestClient> {
  if (name === 'node-redis') {
    const client = createClient({ url })
    // node-redis emits 'error' while reconnecting; an unhandled 'error' event would crash the test.
    client.on('error', () => {})
    await client.connect()
    return {
      client,
      command: (args) => client.sendCommand(args),
      close: async () => {
        client.destroy()
      },
    }
  }
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 })
  client.on('error', () => {})
  await client.connect()
  return {
    client,
    command: ([command, ...args]) => client.call(command!, args),
    close: async () => {
      client.disconnect()
    },
  }
}
