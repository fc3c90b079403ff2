/**
 * @module
 * `tsx bench/src/start-position.ts [framework] [--sessions N] [--servers N] [--rounds N] [--one-by-one]`: whether
 * a server's place in its session's start order changes its speed, on identical code.
 *
 * Each session starts `servers` processes of the same S0 server, checks and warms them up in start
 * order, as `rounds.ts` does, then measures them in rotated rounds (each in every position). A
 * process's cost is its median CPU µs per request over its rounds, over the median of its session's
 * processes; printed by start position, as the median over the sessions and each session's value.
 * Round 22 found the process started first in a full run's session about 8% slower for its whole
 * life (bench/HISTORY.md). `--one-by-one` starts each process only after the one before is ready,
 * instead of all together, to tell a cost of starting beside the others from one of going first.
 *
 * `--group` starts a full run's S0-S2 group instead (S0, its control, the floor, S1, S2, and the
 * Redis row with `--redis`, which starts a redis-server as the full run does), session `s` in
 * `startingOrder(servers, s)` as `rounds.ts` does, and prints each session's control/S0 CPU ratio
 * beside the server it started first: whether the full run's cost of going first needs that group.
 */
import { checkServer } from './check.js'
import { type ServerChild, startServer } from './child.js'
import { measure } from './load.js'
import { groupsFor } from './plan.js'
import { startBenchRedis } from './redis-server.js'
import { measuringOrder, startingOrder } from './rounds.js'
import { FRAMEWORKS, type Framework, type Variant, variantKey } from './scenarios.js'
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
const load = { connections: 20 }

/**
 * Each server's median CPU µs per request over its rounds in one session, by its index in
 * `variants`; started, checked and warmed up in `order`.
 */
async function session(order: readonly number[], firstRound: number): Promise<number[]> {
  const n = variants.length
  const servers: ServerChild[] = []
  try {
    if (oneByOne) {
      for (const i of order) servers[i] = await startServer(variants[i]!)
    } else {
      const starting = new Map(order.map((i) => [i, startServer(variants[i]!)]))
      const settled = await Promise.allSettled(variants.map((_, i) => starting.get(i)!))
      settled.forEach((s, i) => {
        if (s.status === 'fulfilled') servers[i] = s.value
      })
      const failed = settled.find((s) => s.status === 'rejected')
      if (failed) throw failed.reason
    }
    const cookies: (string | undefined)[] = []
    for (const i of order) cookies[i] = (await checkServer(servers[i]!)).cookie
    for (const i of order) await measure(servers[i]!, cookies[i], { ...load, duration: 2 })
    const cpu: number[][] = servers.map(() => [])
    for (let round = 0; round < rounds; round++) {
      // The rotation continues over the sessions, as in a full run: each position is measured first in turn.
      for (const i of measuringOrder(n, firstRound + round)) {
        cpu[i]!.push((await measure(servers[i]!, cookies[i], { ...load, duration: 1 })).cpuMicrosPerRequest)
      }
    }
    return cpu.map(median)
  } finally {
    await Promise.all(servers.filter(Boolean).map((s) => s.stop()))
  }
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
    const cpu = await session(order, s * rounds)
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
  const cpu = await session([...variants.keys()], s * rounds)
  const middle = median(cpu)
  bySession.push(cpu.map((c) => c / middle))
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
