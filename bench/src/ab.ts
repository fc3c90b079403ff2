/**
 * @module
 * `tsx bench/src/ab.ts <framework> <scenario>... [--rounds N] [--seconds S] [--same-process]`: a
 * quick comparison while working, not a result: the given scenarios of one framework in rotated
 * rounds, printing the median server CPU µs per request and req/s of each, and each one's CPU
 * ratio to the first, and the same from user CPU alone (steadier here: see
 * `userCpuMicrosPerRequest` in load.ts). `--same-process` serves all of them from one process, one
 * port each, and loads one at a time: that takes out the 5-20% by which two processes of the same
 * code differ on this machine, at the price of shared JIT feedback and heap (both servers run the
 * framework's code, so its call sites see both apps).
 * The full run (`run.ts`) is what the README reports.
 */
import { checkServer } from './check.js'
import { startServer, startServers } from './child.js'
import { measure } from './load.js'
import { isFramework, isScenario, type Scenario } from './scenarios.js'
import { median } from './stats.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name)
  return at === -1 ? fallback : Number(args.splice(at, 2)[1])
}
const flag = (name: string) => {
  const at = args.indexOf(name)
  if (at !== -1) args.splice(at, 1)
  return at !== -1
}
const rounds = option('--rounds', 8)
const sameProcess = flag('--same-process')
const seconds = option('--seconds', 1)
const [framework, ...scenarios] = args
if (!isFramework(framework) || scenarios.length === 0 || !scenarios.every(isScenario)) {
  console.error(
    'usage: tsx bench/src/ab.ts <framework> <scenario>... [--rounds N] [--seconds S] [--same-process]',
  )
  process.exit(2)
}
const variants = (scenarios as Scenario[]).map((scenario) => ({
  framework,
  scenario,
  crypto: 'default' as const,
}))
const servers = sameProcess
  ? await startServers(variants)
  : await Promise.all(variants.map((variant) => startServer(variant)))
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
