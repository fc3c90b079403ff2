import { runAdapterSuite } from '@flash/adapter-suite'
import { afterAll } from 'vitest'
import { CountingMemoryStore, EXPRESS_VERSIONS, expressHarness, SlowStore } from './harness.js'
import { CountingRedisStore, type RedisServer, startRedis } from './redis.js'

const [express5, express4] = EXPRESS_VERSIONS

/** One redis-server for the file, started by the first app that needs a session. */
let redis: Promise<RedisServer> | undefined
async function redisStore() {
  redis ??= startRedis()
  return CountingRedisStore.connect((await redis).url)
}
afterAll(async () => {
  await (await redis)?.stop()
})

runAdapterSuite(expressHarness(express5!, () => new CountingMemoryStore(), 'MemoryStore'))
runAdapterSuite(expressHarness(express5!, () => new SlowStore(), 'slow async store'))
runAdapterSuite(expressHarness(express5!, redisStore, 'connect-redis on redis-server'))
runAdapterSuite(expressHarness(express4!, () => new CountingMemoryStore(), 'MemoryStore'))
