/**
 * @module
 * `tsx bench/src/ab.ts <framework> <scenario>... [--rounds N] [--seconds S]`: a quick comparison
 * while working, not a result: the given scenarios of one framework in rotated rounds, printing
 * the median server CPU µs per request and req/s of each, and each one's CPU ratio to the first,
 * and the same from user CPU alone (steadier here: see `userCpuMicrosPerRequest` in load.ts).
 * The full run (`run.ts`) is what the README reports.
 */
import { checkServer } from './check.js'
import { startServer } from './child.js'
import { measure } from './load.js'
import { isFramework, isScenario, type Scenario } from './scenarios.js'
import { median } from './stats.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name)
  return at === -1 ? fallback : Number(args.splice(at, 2)[1])
}
const rounds = option('--rounds', 8)
const seconds = option('--seconds', 1)
const [framework, ...scenarios] = args
if (!isFramework(framework) || scenarios.length === 0 || !scenarios.every(isScenario)) {
  console.error('usage: tsx bench/src/ab.ts <framework> <scenario>... [--rounds N] [--seconds S]')
  process.exit(2)
}
const servers = await Promise.all(
  (scenarios as Scenario[]).map((scenario) => startServer({ framework, scenario, crypto: 'default' })),
)
try {
  const cookies = await Promise.all(servers.map(async (server) => (await checkServer(server)).cookie))
  for (const [i, server] of servers.entries())
    await measure(server, cookies[i], { connections: 20, duration: 2 })
  const cpu: number[][] = servers.map(() => [])
  const userCpu: number[][] = servers.map(() => [])
  const rps: number[][] = servers.map(() => [])
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < servers.length; k++) {
      const i = (round + k) % servers.length
      const sample = await measure(servers[i]!, cookies[i], { connections: 20, duration: seconds })
      cpu[i]!.push(sample.cpuMicrosPerRequest)
      userCpu[i]!.push(sample.userCpuMicrosPerRequest)
      rps[i]!.push(sample.rps)
    }
  }
  const first = median(cpu[0]!)
  const firstUser = median(userCpu[0]!)
  for (const [i, scenario] of scenarios.entries()) {
    const c = median(cpu[i]!)
    const u = median(userCpu[i]!)
    console.log(
      `${framework}:${scenario}`.padEnd(22),
      `${c.toFixed(1).padStart(7)} µs CPU/req`,
      `${Math.round(median(rps[i]!)).toString().padStart(7)} req/s`,
      `CPU ratio ${(first / c).toFixed(2)}`,
      `| user ${u.toFixed(1).padStart(6)} µs/req, ratio ${(firstUser / u).toFixed(2)}`,
    )
  }
} finally {
  await Promise.all(servers.map((server) => server.stop()))
}
