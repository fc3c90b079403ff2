/**
 * @module
 * `tsx bench/src/allocations.ts <framework> <scenario>... [--requests N]`: the heap memory each
 * request allocates, in KB, from V8's own accounting in the server (what the garbage collections
 * during the measured requests freed, through `v8.GCProfiler`, plus how much the heap grew).
 * Unlike CPU time it hardly depends on the machine's noise (repeated runs of the same code agree
 * within a few percent), so it shows a change in what a request costs that a rotated CPU
 * comparison cannot tell from noise. A tool for working, not a result.
 */
import { checkServer } from './check.js'
import { startServer } from './child.js'
import { measure } from './load.js'
import { isFramework, isScenario, type Scenario } from './scenarios.js'

const args = process.argv.slice(2)
const at = args.indexOf('--requests')
const requests = at === -1 ? 100_000 : Number(args.splice(at, 2)[1])
const [framework, ...scenarios] = args
if (!isFramework(framework) || scenarios.length === 0 || !scenarios.every(isScenario)) {
  console.error('usage: tsx bench/src/allocations.ts <framework> <scenario>... [--requests N]')
  process.exit(2)
}

for (const scenario of scenarios as Scenario[]) {
  const server = await startServer({ framework, scenario, crypto: 'default' })
  try {
    const { cookie } = await checkServer(server)
    // Warmed up first: what the JIT and the first requests allocate once is not counted.
    await measure(server, cookie, { connections: 20, amount: 20_000 })
    await server.allocated('now')
    const sample = await measure(server, cookie, { connections: 20, amount: requests })
    const bytes = await server.allocated('start')
    console.log(
      `${framework}:${scenario}`.padEnd(22),
      `${(bytes / 1024 / sample.requests).toFixed(2).padStart(7)} KB/request`,
      `over ${sample.requests} requests`,
    )
  } finally {
    await server.stop()
  }
}
