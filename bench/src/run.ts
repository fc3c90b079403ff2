/**
 * @module
 * `pnpm bench` (`tsx bench/src/run.ts`): what @flash costs per request, against the bare
 * frameworks, a hand-written cookie and the peers. Phases: core micro-benchmarks, then per
 * group of servers the checked, warmed-up, interleaved load rounds, then memory. Writes
 * results.md, results.json and ratios.svg. `--quick` is a smoke run written to results/tmp.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Sample } from './load.js'
import { machine, packageVersions } from './machine.js'
import { measuredCode } from './measured-code.js'
import { runMemory } from './memory.js'
import { runMicro } from './micro.js'
import {
  type ContextComparison,
  comparisonsFor,
  contextComparisonsFor,
  groupsFor,
  harnessCostFor,
  memoryVariants,
  noiseControlFor,
  S4_CPU_TARGETS,
} from './plan.js'
import { startBenchRedis } from './redis-server.js'
import { renderMarkdown } from './report/markdown.js'
import { renderSvg } from './report/svg.js'
import type {
  ContextResult,
  CpuTargetResult,
  HarnessCostResult,
  MemoryResult,
  MicroResult,
  RatioResult,
  RunResults,
  VariantResult,
} from './results.js'
import { runGroup } from './rounds.js'
import { variantKey } from './scenarios.js'
import { cpuSessionRange, judgeSessions } from './sessions.js'
import { parseSettings } from './settings.js'
import { median, medianRatio } from './stats.js'

const settings = parseSettings(process.argv.slice(2))
// The Redis rows (@flash/redis) need a redis-server: one on a free loopback port, without
// persistence, for the whole run; the server children inherit REDIS_URL. Without one they are left out.
const redis = await startBenchRedis()
const started = Date.now()
const log = (line: string) => console.log(line)
const elapsed = () => `${Math.round((Date.now() - started) / 1000)} s`

const host = machine()
// Read before the first server starts: what is on disk now is what every server will load.
const code = measuredCode(fileURLToPath(new URL('../..', import.meta.url)))
if (host.loadAverageAtStart > host.cores / 2) {
  log(
    `warning: load average ${host.loadAverageAtStart.toFixed(2)} on ${host.cores} cores; figures will be noisy`,
  )
}

let micro: MicroResult[] = []
if (!settings.skip.has('micro')) {
  log('core micro-benchmarks')
  micro = await runMicro(settings.microTime)
  for (const m of micro) log(`  ${m.name.padEnd(24)} ${m.meanMicros.toFixed(1).padStart(8)} µs`)
}

const variants: VariantResult[] = []
if (!settings.skip.has('load')) {
  for (const group of groupsFor(settings.frameworks)) {
    log(`${group.name} (${elapsed()})`)
    variants.push(...(await runGroup(group, settings, log)))
  }
}

const memory: MemoryResult[] = []
if (!settings.skip.has('memory')) {
  for (const variant of memoryVariants(settings.frameworks)) {
    log(`memory: ${variantKey(variant)}, ${settings.memoryRequests} requests (${elapsed()})`)
    const m = await runMemory(variant, settings)
    memory.push(m)
    log(
      `  RSS ${(m.rssBefore / 2 ** 20).toFixed(1)} -> ${(m.rssAfter / 2 ** 20).toFixed(1)} MiB (${(m.growth * 100).toFixed(1)}%)`,
    )
  }
}

const byKey = new Map(variants.map((v) => [v.key, v]))
/**
 * req/s of subject over limit, and CPU and user CPU per request of limit over subject (less is
 * better), round by round (same group).
 */
const measured = (c: ContextComparison): ContextResult[] => {
  const subject = byKey.get(c.subject)
  const limit = byKey.get(c.limit)
  if (!subject || !limit) return []
  const perRound = (over: VariantResult, under: VariantResult, figure: (s: Sample) => number) =>
    medianRatio(over.rounds.map(figure), under.rounds.map(figure))
  return [
    {
      ...c,
      ratio: perRound(subject, limit, (s) => s.rps),
      cpuRatio: perRound(limit, subject, (s) => s.cpuMicrosPerRequest),
      userCpuRatio: perRound(limit, subject, (s) => s.userCpuMicrosPerRequest),
    },
  ]
}
const ratios: RatioResult[] = comparisonsFor(settings.frameworks).flatMap((c) =>
  measured(c).map((r) => ({ ...c, ...r, met: r.ratio >= c.target, cpuMet: r.cpuRatio >= c.target })),
)
const context: ContextResult[] = contextComparisonsFor(settings.frameworks).flatMap(measured)
const cpuTargets: CpuTargetResult[] = settings.frameworks.flatMap((framework) => {
  const s4 = byKey.get(`${framework}:s4`)
  if (!s4) return []
  const target = S4_CPU_TARGETS[framework]
  const cpu = s4.median.cpuMicrosPerRequest
  const byHand = byKey.get(`${framework}:s4-django`)
  const over = byHand
    ? median(byHand.rounds.map((r, round) => s4.rounds[round]!.cpuMicrosPerRequest - r.cpuMicrosPerRequest))
    : undefined
  return [
    {
      framework,
      subject: s4.key,
      cpuMicrosPerRequest: cpu,
      target,
      met: cpu <= target,
      byHandMicrosPerRequest: byHand?.median.cpuMicrosPerRequest,
      overByHandMicros: over,
    },
  ]
})
/** The noise of each framework's run: its control row against S0, by req/s, CPU and user CPU. */
const noise = new Map(settings.frameworks.flatMap((fw) => measured(noiseControlFor(fw)).map((r) => [fw, r])))
/** What a µs of handler code costs here, and @flash's S3 over Django's format by hand in those µs. */
const harness: HarnessCostResult[] = harnessCostFor(settings.frameworks).flatMap((plan) => {
  const [django, withWork, flash] = [plan.django, plan.djangoWithWork, plan.flash].map((key) =>
    byKey.get(key),
  )
  if (!django || !withWork || !flash) return []
  const cpu = (v: VariantResult, round: number) => v.rounds[round]!.cpuMicrosPerRequest
  const rounds = django.rounds.map((_, round) => round)
  const cpuPerWorkMicro = median(rounds.map((r) => (cpu(withWork, r) - cpu(django, r)) / plan.workMicros))
  const flashOverDjango = median(rounds.map((r) => cpu(flash, r) - cpu(django, r)))
  const target = comparisonsFor([plan.framework]).find((c) => c.name === 'S3/signed by hand')!.target
  const allowed = django.median.cpuMicrosPerRequest * (1 / target - 1)
  // Two processes of the same code landed this far apart in this run (the control row): a
  // calibration that moved less than that says nothing, and is not used to convert.
  const control = noise.get(plan.framework)
  const noiseMicros = control ? Math.abs(1 - control.cpuRatio) * django.median.cpuMicrosPerRequest : 0
  const readable = cpuPerWorkMicro * plan.workMicros > noiseMicros
  return [
    {
      framework: plan.framework,
      workMicros: plan.workMicros,
      cpuPerWorkMicro,
      calibrationAboveNoise: readable,
      flashOverDjango,
      flashOverDjangoInCode: readable ? flashOverDjango / cpuPerWorkMicro : Number.NaN,
      targetAllowsInCode: readable ? allowed / cpuPerWorkMicro : Number.NaN,
    },
  ]
})

const notes = [
  'koa-flash 1.0.0 is a Koa 1 generator middleware: Koa 3 accepts it but never runs it (no error, no flash). ' +
    'It is measured through a koa-convert-equivalent shim (bench/src/servers/koa-convert.ts), which is how its ' +
    'users run it on Koa 2 and 3; no Koa 3-native flash package in wide use was found.',
  '@flash/fastify needs @fastify/cookie, so Fastify S1, S2 and S3 include its onRequest hook; S0 has no plugin at all.',
  'S3 adds a numbered message on every request, so every variant (peers included) writes a new cookie each time.',
  'S4: fallback storage; 30 messages of 300 characters overflow the 2048-character cookie into an in-memory session ' +
    '(@fastify/session MemoryStore; koa-session with a Map store; hono-sessions MemoryStore without encryptionKey; express-session MemoryStore).',
  'Every adapter signs with node:crypto by default on Node (Hono through the node export condition of @flash/core/crypto).',
  'S0 control is a second process of the S0 server: its ratio to S0 is the noise of the run, shown beside each verdict; a result within that noise of its target is not a clear verdict.',
]
if (settings.quick)
  notes.unshift('Quick run: 1-second rounds on a shared machine; ratios are indicative only.')
if (host.loadAverageAtStart > host.cores / 2) {
  notes.unshift(
    `The machine was busy when the run started (load average ${host.loadAverageAtStart.toFixed(2)}).`,
  )
}
const starved = variants.filter((v) => v.median.serverBusy < 0.8).map((v) => v.key)
if (starved.length > 0) {
  notes.push(
    `Servers busy under 80% of the time (the load generator or other processes were the bottleneck, so their ` +
      `req/s understate them; compare CPU µs/req instead): ${starved.join(', ')}.`,
  )
}

const results: RunResults = {
  date: new Date().toISOString(),
  quick: settings.quick,
  node: process.versions.node,
  machine: host,
  settings: {
    connections: settings.connections,
    warmupSeconds: settings.warmup,
    roundSeconds: settings.duration,
    sessions: settings.sessions,
    rounds: settings.rounds,
    memoryRequests: settings.memoryRequests,
  },
  packages: packageVersions(),
  code,
  variants,
  ratios,
  context,
  harness,
  cpuTargets,
  memory,
  micro,
  notes,
  seconds: (Date.now() - started) / 1000,
}

mkdirSync(settings.out, { recursive: true })
writeFileSync(join(settings.out, 'results.json'), `${JSON.stringify(results, null, 2)}\n`)
writeFileSync(join(settings.out, 'results.md'), renderMarkdown(results))
if (ratios.length > 0) {
  const title = `@flash: ratios per framework${settings.quick ? ' (quick run)' : ''}`
  writeFileSync(join(settings.out, 'ratios.svg'), renderSvg(ratios, title))
}
log(`done in ${elapsed()}: ${settings.out}`)
for (const r of ratios) {
  const crypto = r.crypto === 'node' ? ' (nodeCrypto)' : ''
  const sessions = cpuSessionRange(byKey.get(r.limit)!.rounds, byKey.get(r.subject)!.rounds, settings)
  const bySession = sessions
    ? `; CPU by session ${sessions.low.toFixed(2)}-${sessions.high.toFixed(2)} ${judgeSessions(sessions, r.target).toUpperCase()}`
    : ''
  log(
    `  ${r.framework}${crypto} ${r.name} = ${r.ratio.toFixed(2)} (target ${r.target}) ${r.met ? 'met' : 'MISSED'}; ` +
      `CPU ratio ${r.cpuRatio.toFixed(2)} ${r.cpuMet ? 'met' : 'MISSED'}${bySession}; user CPU ratio ${r.userCpuRatio.toFixed(2)}`,
  )
}
for (const t of cpuTargets) {
  log(
    `  ${t.framework} S4 CPU ${t.cpuMicrosPerRequest.toFixed(1)} µs/request (target <= ${t.target}) ${t.met ? 'met' : 'MISSED'}`,
  )
}
for (const [fw, n] of noise)
  log(
    `  ${fw} noise: control/S0 = ${n.ratio.toFixed(2)}, CPU ${n.cpuRatio.toFixed(2)}, user CPU ${n.userCpuRatio.toFixed(2)}`,
  )
for (const r of context) {
  const crypto = r.crypto === 'node' ? ' (nodeCrypto)' : ''
  log(
    `  ${r.framework}${crypto} ${r.name} = ${r.ratio.toFixed(2)}; CPU ratio ${r.cpuRatio.toFixed(2)}; ` +
      `user CPU ratio ${r.userCpuRatio.toFixed(2)} (no target)`,
  )
}
for (const h of harness) {
  log(
    `  ${h.framework} harness: 1 µs of handler code = ${h.cpuPerWorkMicro.toFixed(2)} µs CPU/req; ` +
      `S3 over Django's format by hand ${h.flashOverDjango.toFixed(1)} µs CPU/req = ${h.flashOverDjangoInCode.toFixed(1)} µs of code ` +
      `(the target allows ${h.targetAllowsInCode.toFixed(1)})${h.calibrationAboveNoise ? '' : '; the calibration was within the noise'}`,
  )
}
await redis?.stop?.()
