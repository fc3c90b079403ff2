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
 */
import { checkServer } from './check.js'
import { type ServerChild, startServer } from './child.js'
import { measure } from './load.js'
import { measuringOrder } from './rounds.js'
import { FRAMEWORKS, type Framework } from './scenarios.js'
import { median } from './stats.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const i = args.indexOf(name)
  return i === -1 ? fallback : Number(args[i + 1])
}
const framework = (args.find((a) => (FRAMEWORKS as readonly string[]).includes(a)) ?? 'fastify') as Framework
const sessions = option('--sessions', 4)
const count = option('--servers', 6)
// A full run measures two rounds a session; more rounds show whether a cost of the start position lasts.
const rounds = option('--rounds', count)
const oneByOne = args.includes('--one-by-one')
const variant = { framework, scenario: 's0', crypto: 'default' } as const
const load = { connections: 20 }

/** Each start position's cost in one session, relative to the session's median process. */
async function session(firstRound: number): Promise<number[]> {
  const servers: ServerChild[] = []
  try {
    if (oneByOne) {
      for (let i = 0; i < count; i++) servers.push(await startServer(variant))
    } else {
      const settled = await Promise.allSettled(Array.from({ length: count }, () => startServer(variant)))
      for (const s of settled) if (s.status === 'fulfilled') servers.push(s.value)
      const failed = settled.find((s) => s.status === 'rejected')
      if (failed) throw failed.reason
    }
    for (const server of servers) await checkServer(server)
    for (const server of servers) await measure(server, undefined, { ...load, duration: 2 })
    const cpu: number[][] = servers.map(() => [])
    for (let round = 0; round < rounds; round++) {
      // The rotation continues over the sessions, as in a full run: each position is measured first in turn.
      for (const i of measuringOrder(count, firstRound + round)) {
        cpu[i]!.push((await measure(servers[i]!, undefined, { ...load, duration: 1 })).cpuMicrosPerRequest)
      }
    }
    const perProcess = cpu.map(median)
    const middle = median(perProcess)
    return perProcess.map((c) => c / middle)
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
  }
}

const bySession: number[][] = []
for (let s = 0; s < sessions; s++) bySession.push(await session(s * rounds))
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
