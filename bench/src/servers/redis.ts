/**
 * @module
 * The Redis storage of the `s1-redis` and `s3-redis` servers: one node-redis client per server
 * process, on the redis-server the parent started (`REDIS_URL`), connected before it listens.
 *
 * node-redis is loaded only by a process that serves a Redis scenario. Loading it is not free for
 * the rest of the process: its `VerbatimString extends String` turns `String.prototype` into a
 * dictionary-mode object in V8 (Node 20), after which every string method call (`indexOf`,
 * `slice`, `charCodeAt`...) in optimized code goes through a generic property lookup, about 120
 * instructions each. Runs 1 to 11 loaded it into every server, the cookie scenarios included.
 * @flash/redis now undoes that when it takes the client (as node-redis 6.3 does itself), and the
 * other scenarios still load none of it: they measure an app without Redis.
 */
import type { StorageFactory } from '@flash/core'
import { REDIS_SCENARIOS, type Scenario } from '../scenarios.js'

let storage: StorageFactory | undefined

/** Connect this process's client when one of `scenarios` needs Redis; nothing is loaded otherwise. */
export async function connectRedisFor(scenarios: readonly Scenario[]): Promise<void> {
  if (!scenarios.some((scenario) => REDIS_SCENARIOS.includes(scenario))) return
  const url = process.env['REDIS_URL']
  if (!url)
    throw new Error('the Redis scenarios need REDIS_URL (the bench starts redis-server when it is installed)')
  const [{ createClient }, { redisStorage }] = await Promise.all([import('redis'), import('@flash/redis')])
  const client = createClient({ url })
  await client.connect()
  storage = redisStorage({ client })
}

/** The `storage` option of the Redis scenarios (anonymous visitors, defaults otherwise). */
export function benchRedisStorage(): StorageFactory {
  if (!storage) throw new Error('benchRedisStorage() before connectRedisFor() connected a Redis scenario')
  return storage
}
