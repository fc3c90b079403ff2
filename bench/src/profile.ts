/**
 * @module
 * `tsx bench/src/profile.ts <framework> <scenario> [node] [--seconds N]`: load one server
 * under `node --cpu-prof` and print where its CPU time went (self time per function, and the
 * total time spent under the @flash packages). The `.cpuprofile` stays in results/tmp/profiles
 * for Chrome DevTools or speedscope.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { checkServer } from './check.js'
import { startServer } from './child.js'
import { measure } from './load.js'
import { type CryptoChoice, isFramework, isScenario, variantKey } from './scenarios.js'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const args = process.argv.slice(2)
const secondsAt = args.indexOf('--seconds')
const seconds = secondsAt === -1 ? 5 : Number(args.splice(secondsAt, 2)[1])
const [framework, scenario, crypto] = args
if (!isFramework(framework) || !isScenario(scenario) || !(crypto === undefined || crypto === 'node')) {
  console.error('usage: tsx bench/src/profile.ts <fastify|koa|hono|express> <scenario> [node] [--seconds N]')
  process.exit(2)
}

const variant = { framework, scenario, crypto: (crypto ?? 'default') as CryptoChoice }
const dir = fileURLToPath(
  new URL(`../results/tmp/profiles/${variantKey(variant).replace(/:/g, '-')}/`, import.meta.url),
)
const server = await startServer(variant, { execArgv: ['--cpu-prof', '--cpu-prof-dir', dir] })
let sample: Awaited<ReturnType<typeof measure>>
try {
  const { cookie } = await checkServer(server)
  await measure(server, cookie, { connections: 20, duration: 1 })
  sample = await measure(server, cookie, { connections: 20, duration: seconds })
} finally {
  await server.stop()
}

// Thread 0 of the server process: tsx's module-loader thread writes a profile of its own.
const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile') && f.includes(`.${server.pid}.0.`))!
const profile = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CpuProfile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const selfMicros = new Map<number, number>()
profile.samples.forEach((id, i) => {
  selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
})
const total = [...selfMicros.values()].reduce((a, b) => a + b, 0)

// Self time per function, and the time spent by @flash: in its own code, or in Node internals
// and natives it called directly (HMAC, zlib, TextEncoder). Not whatever ran in a continuation
// of its promise, such as Fastify writing the response after onSend.
const perFunction = new Map<string, number>()
const parent = new Map<number, number>()
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
let underFlash = 0
const inFlash = new Map<string, number>()
for (const [id, micros] of selfMicros) {
  const frame = byId.get(id)!.callFrame
  const where = frame.url.replace(/^.*\/node_modules\//, '').replace(/^.*\/packages\//, '@flash:')
  const name = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`
  perFunction.set(name, (perFunction.get(name) ?? 0) + micros)
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const url = byId.get(at)!.callFrame.url
    if (url === '' || url.startsWith('node:')) continue
    if (/\/packages\/(core|fastify|koa|hono|express)\/dist\//.test(url)) {
      underFlash += micros
      inFlash.set(name, (inFlash.get(name) ?? 0) + micros)
    }
    break
  }
}

const perRequest = (micros: number) => (micros / sample.requests).toFixed(1)
console.log(`${variantKey(variant)}: ${Math.round(sample.rps)} req/s, ${sample.requests} requests profiled`)
console.log(
  `CPU sampled: ${perRequest(total)} µs/request; in @flash (own code and the Node internals it calls): ${perRequest(underFlash)} µs/request`,
)
console.log('top self time (µs per request):')
for (const [name, micros] of [...perFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
  console.log(`  ${perRequest(micros).padStart(7)}  ${name}`)
}
console.log('top self time attributed to @flash (µs per request):')
for (const [name, micros] of [...inFlash].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`  ${perRequest(micros).padStart(7)}  ${name}`)
}
console.log(`profile: ${join(dir, file)}`)
