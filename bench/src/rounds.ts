/**
 * @module
 * The load phase of one group, in sessions: each starts fresh servers, checks each, warms each
 * up, then measures them in interleaved rounds (A B C, B C A, C A B...: every server in every
 * position, so a drift of the machine hits all of them alike).
 */
import { type Checked, checkServer } from './check.js'
import { type ServerChild, startServer } from './child.js'
import { measure, type Sample } from './load.js'
import { type Group, limitOf } from './plan.js'
import type { VariantResult } from './results.js'
import { variantKey, variantLabel } from './scenarios.js'
import { roundsPerSession } from './sessions.js'
import type { Settings } from './settings.js'
import { median } from './stats.js'

export async function runGroup(
  group: Group,
  settings: Settings,
  log: (line: string) => void,
): Promise<VariantResult[]> {
  const samples: Sample[][] = group.variants.map(() => [])
  let checked: Checked[] = []
  // Each session starts fresh server processes: two processes of the same code can differ by
  // 10-15% for their whole life here (placement, JIT), which no number of rounds would average out.
  const perSession = roundsPerSession(settings.rounds, settings.sessions)
  for (let session = 0; session < settings.sessions; session++) {
    const rounds = Math.min(perSession, settings.rounds - session * perSession)
    checked = await runSession(group, settings, session, session * perSession, rounds, samples)
  }

  return group.variants.map((variant, i) => {
    const rounds = samples[i]!
    const result: VariantResult = {
      key: variantKey(variant),
      variant,
      label: variantLabel(variant),
      limit: limitOf(variant),
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
}

/**
 * Start, check and warm up the group's servers in the session's starting order, then add `rounds`
 * interleaved rounds to `samples`, the first of them the run's round `firstRound`. Exported for
 * `start-position.ts`, which reads what a server's place in this order costs; `oneByOne` (its
 * question, never a full run's) starts each server only once the one before it is ready.
 */
export async function runSession(
  group: Group,
  settings: Pick<Settings, 'connections' | 'warmup' | 'duration'>,
  session: number,
  firstRound: number,
  rounds: number,
  samples: Sample[][],
  { oneByOne = false } = {},
): Promise<Checked[]> {
  const servers: ServerChild[] = []
  const order = startingOrder(group.variants.length, session)
  try {
    if (oneByOne) {
      for (const i of order) servers[i] = await startServer(group.variants[i]!)
    } else {
      // Started together (their startup is mostly I/O and tsx), stopped together in `finally`.
      const starting = new Map(order.map((i) => [i, startServer(group.variants[i]!)]))
      const settled = await Promise.allSettled(group.variants.map((_, i) => starting.get(i)!))
      for (const [i, s] of settled.entries()) if (s.status === 'fulfilled') servers[i] = s.value
      const failed = settled.find((s) => s.status === 'rejected')
      if (failed) throw failed.reason
    }
    const checked: Checked[] = []
    for (const i of order) checked[i] = await checkServer(servers[i]!)

    const load = { connections: settings.connections }
    for (const i of order) {
      await measure(servers[i]!, checked[i]!.cookie, { ...load, duration: settings.warmup })
    }

    for (let round = 0; round < rounds; round++) {
      for (const i of measuringOrder(servers.length, firstRound + round)) {
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
    return checked
  } finally {
    // Sparse when a start failed: only the servers that started are stopped.
    await Promise.all(servers.filter(Boolean).map((s) => s.stop()))
  }
}

/**
 * The order in which session `session` starts, checks and warms up its servers: the rotation
 * numbered by the session, so that over as many sessions as servers each server goes first once.
 *
 * Not the session's first measuring order: with two rounds a session, that is the rotation
 * numbered `2 × session`, only the even ones, so in a group of six S0 went first in two sessions
 * of six and its second process (the control row) in none, and runs 17-19 read that control at
 * 1.00-1.20 of S0 over eighteen sessions on Hono (bench/HISTORY.md rounds 21 and 22). Before round
 * 21 the order was fixed for every session, and run 16 read the control 2-10% faster in every round.
 *
 * @example
 * startingOrder(6, 1) // [1, 2, 3, 4, 5, 0]
 */
export function startingOrder(servers: number, session: number): number[] {
  return measuringOrder(servers, session)
}

/**
 * The order of the servers in the run's round `round`, rotated (A B C, B C A, C A B...): each server
 * takes each position in turn, and none is measured twice in a row (the ends of A B C, C B A were).
 * Counted over the run, not the session: with two rounds a session, a rotation restarted by every
 * session put each server in the same two positions in all six, so a cost of the position (measured
 * first after the warm-up, or after a given neighbour) read as the server's own in every session.
 * Run 16 had S0's second process 4-9% faster than S0 in all six sessions (bench/HISTORY.md round 21).
 *
 * @example
 * measuringOrder(3, 4) // [1, 2, 0]
 */
export function measuringOrder(servers: number, round: number): number[] {
  return Array.from({ length: servers }, (_, i) => (i + round) % servers)
}
