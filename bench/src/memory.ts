/**
 * @module
 * Memory: the RSS of a fresh S3 server after a warm-up, and again after each quarter of N more
 * requests. Measured after the warm-up because the first thousands of requests grow the heap and
 * the JIT's code space by design; a leak is growth that continues after that, quarter after
 * quarter, where a step of the process (V8 or the allocator taking more pages once) stops.
 */
import { checkServer } from './check.js'
import { startServer } from './child.js'
import { measure } from './load.js'
import { hasMemoryTarget, RSS_GROWTH_TARGET } from './plan.js'
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
    const quarter = Math.ceil(settings.memoryRequests / 4)
    const growthByQuarter: number[] = []
    let requests = 0
    let failures = 0
    let after = before
    for (let done = 0; done < settings.memoryRequests; done += quarter) {
      const run = await measure(server, cookie, {
        ...load,
        amount: Math.min(quarter, settings.memoryRequests - done),
      })
      requests += run.requests
      failures += run.failures
      after = await server.memory(true)
      growthByQuarter.push((after.rss - before.rss) / before.rss)
    }
    const growth = (after.rss - before.rss) / before.rss
    const target = hasMemoryTarget(variant)
    return {
      key: variantKey(variant),
      requests,
      rssBefore: before.rss,
      rssAfter: after.rss,
      growth,
      growthByQuarter,
      heapBefore: before.heapUsed,
      heapAfter: after.heapUsed,
      failures,
      target,
      met: failures === 0 && (!target || growth < RSS_GROWTH_TARGET),
    }
  } finally {
    await server.stop()
  }
}
