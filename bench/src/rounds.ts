/**
 * @module
 * The load phase of one group: start its servers, check each, warm each up, then measure them
 * in interleaved rounds (A B C, C B A, A B C...: the reversal cancels a steady drift too).
 */
import { type Checked, checkServer } from './check.js'
import { type ServerChild, startServer } from './child.js'
import { measure, type Sample } from './load.js'
import { type Group, limitOf } from './plan.js'
import type { VariantResult } from './results.js'
import { variantKey, variantLabel } from './scenarios.js'
import type { Settings } from './settings.js'
import { median } from './stats.js'

export async function runGroup(
  group: Group,
  settings: Settings,
  log: (line: string) => void,
): Promise<VariantResult[]> {
  const servers: ServerChild[] = []
  try {
    // Started together (their startup is mostly I/O and tsx), stopped together in `finally`.
    const starting = group.variants.map((variant) => startServer(variant))
    const settled = await Promise.allSettled(starting)
    for (const s of settled) if (s.status === 'fulfilled') servers.push(s.value)
    const failed = settled.find((s) => s.status === 'rejected')
    if (failed) throw failed.reason
    const checked: Checked[] = []
    for (const server of servers) checked.push(await checkServer(server))

    const load = { connections: settings.connections }
    for (const [i, server] of servers.entries()) {
      await measure(server, checked[i]!.cookie, { ...load, duration: settings.warmup })
    }

    const samples: Sample[][] = servers.map(() => [])
    for (let round = 0; round < settings.rounds; round++) {
      const order = servers.map((_, i) => i)
      if (round % 2 === 1) order.reverse()
      for (const i of order) {
        const sample = await measure(servers[i]!, checked[i]!.cookie, {
          ...load,
          duration: settings.duration,
        })
        if (sample.failures > 0) {
          throw new Error(`${variantKey(servers[i]!.variant)}: ${sample.failures} failed requests in a round`)
        }
        samples[i]!.push(sample)
      }
    }

    return servers.map((server, i) => {
      const rounds = samples[i]!
      const result: VariantResult = {
        key: variantKey(server.variant),
        variant: server.variant,
        label: variantLabel(server.variant),
        limit: limitOf(server.variant),
        verified: checked[i]!.verified,
        rounds,
        median: {
          rps: median(rounds.map((s) => s.rps)),
          p99: median(rounds.map((s) => s.p99)),
          cpuMicrosPerRequest: median(rounds.map((s) => s.cpuMicrosPerRequest)),
          serverBusy: median(rounds.map((s) => s.serverBusy)),
        },
      }
      log(
        `  ${result.key.padEnd(22)} ${Math.round(result.median.rps).toString().padStart(7)} req/s  ` +
          `p99 ${result.median.p99} ms  ${result.median.cpuMicrosPerRequest.toFixed(1)} µs CPU/req  ` +
          `server busy ${(result.median.serverBusy * 100).toFixed(0)}%`,
      )
      return result
    })
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
  }
}
