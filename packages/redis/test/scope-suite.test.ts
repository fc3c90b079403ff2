/**
 * Issue 16's scenarios (scope: 'redirect', which tab sees the message) with messages in Redis,
 * through each adapter's standard app of the scenario suite: the same scenarios the built-in
 * storages pass. The harnesses are the adapters' own test files.
 */

import { type RedisServer, runScopeScenarios, startRedis } from '@flash/adapter-suite'
import type { StorageFactory } from '@flash/core'
import { afterAll, beforeAll, describe } from 'vitest'
import { CountingMemoryStore, EXPRESS_VERSIONS, expressHarness } from '../../express/test/harness.js'
import { httpHarness } from '../../fastify/test/harness.js'
import { honoServerHarness } from '../../hono/test/harness.js'
import { koaHarness } from '../../koa/test/harness.js'
import { redisStorage } from '../src/index.js'
import { connect, type TestClient } from './clients.js'

let redis: RedisServer
let client: TestClient
let factory: StorageFactory
beforeAll(async () => {
  redis = await startRedis()
  client = await connect('node-redis', redis.url)
  factory = redisStorage({ client: client.client })
})
afterAll(async () => {
  await client?.close()
  await redis?.stop()
})

/** Made per request once Redis runs: the scenarios are declared before it starts. */
const storage: StorageFactory = (seam, config, carrier) => factory(seam, config, carrier)

const express5 = expressHarness(EXPRESS_VERSIONS[0]!, () => new CountingMemoryStore(), 'MemoryStore')

for (const harness of [httpHarness, koaHarness, honoServerHarness, express5]) {
  describe(`${harness.name} with Redis`, () => {
    runScopeScenarios(harness, { storage: 'cookie', session: false, flash: { storage } })
  })
}
