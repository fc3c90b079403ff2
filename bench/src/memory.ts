/**
 * @module
 * Memory: the RSS of a fresh S3 server after a warm-up, and again after N more requests.
 * Measured after the warm-up because the first thousands of requests grow the heap and the
 * JIT's code space by design; a leak is growth that continues after that.
 */
import { checkServer } from './check.js'
import { startServer } from './child.js'
import { measure } from './load.js'
import { RSS_GROWTH_TARGET } from './plan.js'
import type { MemoryResult } from './results.js'
import { type Variant, variantKey } from './scenarios.js'
import type { Settings } from './settings.js'

export async function runMemory(variant: Variant, settings: Settings): Promise<MemoryResult> {
  const server = await startServer(variant, { execArgv: ['--expose-gc'] })
  try {
    const { cookie } = await checkServer(server)
    const load = { connections: settings.connections }
    await measure(server, cookie, { ...load, amount: settings.memoryWarmup })
    const before = await server.memory(true)
    const run = await measure(server, cookie, { ...load, amount: settings.memoryRequests })
    const after = await server.memory(true)
    const growth = (after.rss - before.rss) / before.rss
    return {
      key: variantKey(variant),
      requests: run.requests,
      rssBefore: before.rss,
      rssAfter: after.rss,
      growth,
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
      failures: run.failures,
      met: run.failures === 0 && growth < RSS_GROWTH_TARGET,
    }
  } finally {
    await server.stop()
  }
}
