/**
 * @module
 * One benchmark server: `tsx src/servers/entry.ts <framework> <scenario> [node]` listens on
 * 127.0.0.1, prints `PORT=<port>` (`PORT=<port>,<port>` for scenarios joined with `+`, one
 * process serving each on its own port), and (when forked) answers the parent's `cpu`, `memory` and
 * `stop` messages. It exits with its parent, so an interrupted run leaves no server behind.
 */
import { GCProfiler, getHeapStatistics } from 'node:v8'
import { type Framework, isFramework, isScenario } from '../scenarios.js'
import { connectRedisFor } from './redis.js'
import type { RunningServer, StartServer } from './running.js'

/** Only the framework under test is loaded: the others would weigh on startup time and on RSS. */
const STARTERS: Record<Framework, () => Promise<StartServer>> = {
  fastify: async () => (await import('./fastify.js')).startFastify,
  koa: async () => (await import('./koa.js')).startKoa,
  hono: async () => (await import('./hono.js')).startHono,
  express: async () => (await import('./express.js')).startExpress,
}

export type ParentMessage =
  | { type: 'cpu' }
  | { type: 'memory'; gc?: boolean }
  | { type: 'allocated'; from: 'now' | 'start' }
  | { type: 'stop' }
export type ChildMessage =
  | { type: 'cpu'; micros: number; userMicros: number }
  | { type: 'memory'; rss: number; heapUsed: number }
  | { type: 'allocated'; bytes: number }

const [framework, scenarioArg = '', crypto] = process.argv.slice(2)
// Several scenarios joined with `+` share this process (bench/src/ab.ts --same-process).
const scenarios = scenarioArg.split('+')
if (!isFramework(framework) || !scenarios.every(isScenario) || (crypto !== undefined && crypto !== 'node')) {
  console.error(
    'usage: entry.ts <fastify|koa|hono|express> <s0|s0-control|s0-floor|s1|s2|s3|s3-baseline|s3-signed|s3-django|s3-django-work|s3-peer|s4|s4-django|s1-redis|s3-redis>[+<scenario>...] [node]',
  )
  process.exit(2)
}

await connectRedisFor(scenarios)
const start = await STARTERS[framework]()
// Every server waits this long between loading its framework's modules and building its app. A
// Fastify process that served its first requests at once ran about 15% costlier for its whole
// life than one that did anything for some tens of ms first (kept 4 MB, compiled functions, loaded
// @fastify/cookie in a context with no route, or slept), so bare Fastify, the quickest to start,
// was measured in a costlier state than every row that loads more: with this wait, a second S0
// process read 1.000 of S0 (0.91-1.01) and the floor, which runs 2.5% more instructions, 1.05 of
// S0's CPU, where it had cost 0.89 (bench/HISTORY.md, round 37). The cause is not found.
const SETTLE_AFTER_LOAD_MS = 300
await new Promise((resolve) => setTimeout(resolve, SETTLE_AFTER_LOAD_MS))
const servers: RunningServer[] = []
for (const scenario of scenarios) servers.push(await start(scenario, crypto === 'node' ? 'node' : 'default'))
console.log(`PORT=${servers.map((server) => server.port).join(',')}`)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  // A normal exit, so `--cpu-prof` writes its profile. Keep-alive sockets may hold close() open.
  setTimeout(() => process.exit(0), 1000).unref()
  await Promise.all(servers.map((server) => server.close()))
  process.exit(0)
}

process.on('SIGINT', stop)
process.on('SIGTERM', stop)
process.on('disconnect', stop)
process.on('message', (message: ParentMessage) => {
  if (message.type === 'stop') void stop()
  else if (message.type === 'cpu') {
    const usage = process.cpuUsage()
    reply({ type: 'cpu', micros: usage.user + usage.system, userMicros: usage.user })
  } else if (message.type === 'allocated') {
    reply({ type: 'allocated', bytes: allocated(message.from) })
  } else if (message.type === 'memory') {
    if (message.gc && typeof globalThis.gc === 'function') globalThis.gc()
    const memory = process.memoryUsage()
    reply({ type: 'memory', rss: memory.rss, heapUsed: memory.heapUsed })
  }
})

/**
 * Heap bytes allocated since `from: 'now'` started counting (0 then): what the collections in
 * between freed (V8's own figures, through `v8.GCProfiler`), plus how much the heap grew.
 */
let counting: { profiler: GCProfiler; usedAtStart: number } | undefined
function allocated(from: 'now' | 'start'): number {
  if (from === 'now') {
    counting?.profiler.stop()
    counting = { profiler: new GCProfiler(), usedAtStart: getHeapStatistics().used_heap_size }
    counting.profiler.start()
    return 0
  }
  if (counting === undefined) return Number.NaN
  const { statistics } = counting.profiler.stop() ?? { statistics: [] }
  let freed = 0
  for (const gc of statistics)
    freed += gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize
  const grown = getHeapStatistics().used_heap_size - counting.usedAtStart
  counting = undefined
  return freed + grown
}

function reply(message: ChildMessage): void {
  process.send?.(message)
}
