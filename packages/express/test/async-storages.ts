/**
 * The asynchronous storages an Express app can run, whose end must be awaited before the headers
 * go out: the cookie storage over Web Crypto, and @flash/redis on a real redis-server (its source,
 * as packages/redis's tests import this package's harness: a devDependency either way would make
 * the workspace's build graph a cycle).
 */
import { createClient } from 'redis'
import { type RedisClient, redisStorage } from '../../redis/src/index.js'
import { type ExpressFlashOptions, webCrypto } from '../src/index.js'
import { startRedis } from './redis.js'

export interface AsyncStorage {
  readonly name: string
  /** The `flash()` options; `redis` is the test file's server. */
  options(redis: TestRedis): Partial<ExpressFlashOptions>
  /** The cookie a new visitor's first message leaves. */
  readonly cookie: RegExp
}

export const ASYNC_STORAGES: readonly AsyncStorage[] = [
  {
    name: 'cookie storage over Web Crypto',
    // Not the default fallback storage: it uses a session, so express-session goes before flash().
    options: () => ({ storage: 'cookie', crypto: webCrypto }),
    cookie: /^messages$/,
  },
  {
    name: '@flash/redis',
    options: (redis) => ({ storage: redisStorage({ client: redis.client, leaseSeconds: 1 }) }),
    cookie: /^messages_visitor\.[0-9a-f]{12}$/,
  },
]

export interface TestRedis {
  /** Connected: what `redisStorage({ client })` takes. */
  readonly client: RedisClient
  /**
   * The keys Redis holds now (a mailbox and its claims), without the settles' reply keys
   * (`:settle:<id>`, kept a minute so that a resent settle changes nothing).
   */
  keys(): Promise<string[]>
  /** Empty the server between tests. */
  flush(): Promise<void>
  stop(): Promise<void>
}

/** A redis-server for one test file, and a connected node-redis client. */
export async function startTestRedis(): Promise<TestRedis> {
  const server = await startRedis()
  const client = createClient({ url: server.url })
  client.on('error', () => {})
  await client.connect()
  return {
    client,
    keys: async () => (await client.keys('*')).filter((key) => !key.includes(':settle:')),
    flush: async () => {
      await client.flushAll()
    },
    stop: async () => {
      client.destroy()
      await server.stop()
    },
  }
}
