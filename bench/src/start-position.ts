/**
 * @module
 * `tsx bench/src/start-position.ts [framework] [--sessions N] [--servers N] [--rounds N] [--one-by-one]`: whether
 * a server's place in its session's start order changes its speed, on identical code.
 *
 * Each session is a full run's (`runSession` in `rounds.ts`) over `servers` processes of the same
 * S0 server: started, checked and warmed up in the session's start order, then measured in rotated
 * rounds. A process's cost is its median CPU µs per request over its rounds, over the median of its
 * session's processes; printed by start position, as the median over the sessions and each
 * session's value.
 * Round 22 found the process started first in a full run's session about 8% slower for its whole
 * life (bench/HISTORY.md). `--one-by-one` starts each process only after the one before is ready,
 * instead of all together, to tell a cost of starting beside the others from one of going first.
 *
 * `--group` starts a full run's S0-S2 group instead (S0, its control, the floor, S1, S2, and the
 * Redis row with `--redis`, which starts a redis-server as the full run does), session `s` in
 * `startingOrder(servers, s)` as `rounds.ts` does, and prints each session's control/S0 CPU ratio
 * beside the server it started first: whether the full run's cost of going first needs that group.
 */
import type { Sample } from './load.js'
import { groupsFor } from './plan.js'
import { startBenchRedis } from './redis-server.js'
import { runSession, startingOrder } from './rounds.js'
import { FRAMEWORKS, type Framework, type Variant, variantKey } from './scenarios.js'
import { parseSettings } from './settings.js'
import { median } from './stats.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name)
  return i === -1 ? fallback : Number(args[i + 1])
}
const framework = (args.find((a) => (FRAMEWORKS as readonly string[]).includes(a)) ?? 'fastify') as Framework
const sessions = option('--sessions', 4)
const count = option('--servers', 6)
const oneByOne = args.includes('--one-by-one')
const group = args.includes('--group')
// A full run measures two rounds a session; more rounds show whether a cost of the start position lasts.
const rounds = option('--rounds', group ? 2 : count)
if (group && args.includes('--redis')) await startBenchRedis()
const variants: readonly Variant[] = group
  ? groupsFor([framework])[0]!.variants
  : Array.from({ length: count }, () => ({ framework, scenario: 's0', crypto: 'default' }) as const)

// A full run's connections, warm-up and round length.
const settings = parseSettings([])

/**
 * Each server's median CPU µs per request over its rounds in session `s`, by its index in
 * `variants`: a full run's session (`runSession`), started in `startingOrder(variants.length, s)`.
 */
async function session(s: number): Promise<number[]> {
  const samples: Sample[][] = variants.map(() => [])
  await runSession({ name: 'start position', variants }, settings, s, s * rounds, rounds, samples, {
    oneByOne,
  })
  return samples.map((rounds) => median(rounds.map((sample) => sample.cpuMicrosPerRequest)))
}

if (group) {
  const keys = variants.map(variantKey)
  const [s0, control] = [keys.indexOf(`${framework}:s0`), keys.indexOf(`${framework}:s0-control`)]
  console.log(
    `${framework}: the S0-S2 group (${keys.join(', ')}), ${rounds} rounds a session, ${sessions} sessions, started ` +
      `${oneByOne ? 'one by one' : 'together'}: control/S0 by CPU (above 1.00: S0 slower) and who went first`,
  )
  const byFirst = new Map<string, number[]>()
  for (let s = 0; s < sessions; s++) {
    const order = startingOrder(variants.length, s)
    const cpu = await session(s)
    const ratio = cpu[s0]! / cpu[control]!
    const first = keys[order[0]!]!
    byFirst.set(first, [...(byFirst.get(first) ?? []), ratio])
    console.log(`  session ${s + 1}: ${first} first, control/S0 ${ratio.toFixed(2)}`)
  }
  for (const [first, ratios] of byFirst) {
    console.log(`  ${first} first: median ${median(ratios).toFixed(2)} over ${ratios.length} sessions`)
  }
  process.exit(0)
}

const bySession: number[][] = []
for (let s = 0; s < sessions; s++) {
  const cpu = await session(s)
  const middle = median(cpu)
  // Identical servers: what tells them apart is where each stood in the start order.
  bySession.push(startingOrder(variants.length, s).map((i) => cpu[i]! / middle))
}
console.log(
  `${framework} S0, ${count} processes a session started ${oneByOne ? 'one by one' : 'together'}, ${rounds} rounds, ${sessions} sessions: ` +
    'CPU per request by start position, over the median process of its session (above 1.00: slower)',
)
for (let position = 0; position < count; position++) {
  const values = bySession.map((s) => s[position]!)
  console.log(
    `  position ${position + 1}: ${median(values).toFixed(3)} (${values.map((v) => v.toFixed(2)).join(', ')})`,
  )
}
