/**
 * @module
 * The Redis storage of the `s1-redis` and `s3-redis` servers: one node-redis client per server
 * process, on the redis-server the parent started (`REDIS_URL`), connected before it listens.
 */
import type { StorageFactory } from '@flash/core'
import { redisStorage } from '@flash/redis'
import { createClient } from 'redis'

let storage: StorageFactory | undefined
let connected: Promise<unknown> | undefined

/** The `storage` option of the Redis scenarios (anonymous visitors, defaults otherwise). */
export function benchRedisStorage(): StorageFactory {
  if (storage) return storage
  const url = process.env['REDIS_URL']
  if (!url)
    throw new Error('the Redis scenarios need REDIS_URL (the bench starts redis-server when it is installed)')
  const client = createClient({ url })
  connected = client.connect()
  storage = redisStorage({ client })
  return storage
}

/** Resolves once the Redis client of this process is connected (at once without one). */
export function redisConnected(): Promise<unknown> {
  return connected ?? Promise.resolve()
}
