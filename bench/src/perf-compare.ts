/**
 * @module
 * `tsx bench/src/perf-compare.ts <framework> <scenario A> <scenario B> [--rounds N] [--seconds S]`:
 * where two servers' CPU goes, read by Linux `perf` over the same time window, not a verdict.
 *
 * Both servers run in their own process under `--perf-basic-prof` (so `perf` can name the JIT's
 * code), one `perf record` samples both (software clock, 4 kHz, call stacks) while they are loaded
 * one at a time in rotated rounds. Every sample is charged to its nearest JavaScript frame: the
 * function itself plus the V8 and Node native work it called (inline-cache misses, the runtime,
 * HMAC's C++), which the V8 profiler of `profile.ts` folds into its callers or cannot see. Printed
 * per request: each server's total, split into JavaScript, native with no JavaScript frame,
 * garbage collection and kernel; then split by whose code it is (`perf-owners.ts`: @flash, the
 * server module, the framework, Node...), with what the second server's own code adds to the
 * first's and the ratio that alone makes; then the functions whose cost differs most.
 *
 * Why beside the full run: two processes of identical code differ here by 5-20% for their whole
 * life, much of it in kernel time charged to whichever process ran when the loopback's network
 * work did. A function's own share inside one process does not depend on that lottery, so what a
 * library adds can be read by function even when the totals of two processes cannot be compared.
 *
 * Needs `perf` (Debian: `apt-get install -y linux-perf`) and permission to sample other processes
 * (root, or `kernel.perf_event_paranoid` <= 1).
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { checkServer } from './check.js'
import { type ServerChild, startServer } from './child.js'
import { measure } from './load.js'
import {
  byCodeGroup,
  CODE_GROUPS,
  latestMapEntries,
  NATIVE_OWNER,
  ownCodeReading,
  ownerOf,
} from './perf-owners.js'
import { isFramework, isScenario } from './scenarios.js'

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name)
  return at === -1 ? fallback : Number(args.splice(at, 2)[1])
}
const rounds = option('--rounds', 10)
const seconds = option('--seconds', 1)
const [framework, a, b] = args
if (!isFramework(framework) || !isScenario(a) || !isScenario(b) || a === b) {
  console.error(
    'usage: tsx bench/src/perf-compare.ts <fastify|koa|hono|express> <scenario A> <scenario B> [--rounds N] [--seconds S]',
  )
  process.exit(2)
}
if (spawnSync('perf', ['--version']).error) {
  console.error('perf-compare needs Linux perf: apt-get install -y linux-perf')
  process.exit(2)
}

const SAMPLE_HZ = 4000
const dir = fileURLToPath(new URL(`../results/tmp/perf/${framework}-${a}-${b}/`, import.meta.url))
mkdirSync(dir, { recursive: true })
const data = `${dir}perf.data`

// The V8 log --perf-basic-prof also writes goes beside the data, not into the working directory.
const execArgv = ['--perf-basic-prof', `--logfile=${dir}v8-%p.log`, '--no-logfile-per-isolate']
const servers = await Promise.all(
  [a, b].map((scenario) => startServer({ framework, scenario, crypto: 'default' }, { execArgv })),
)
try {
  const cookies = await Promise.all(servers.map(async (server) => (await checkServer(server)).cookie))
  for (const [i, server] of servers.entries())
    await measure(server, cookies[i], { connections: 20, duration: 2 })

  const recorder = spawn('perf', [
    'record',
    '-g',
    '-e',
    'cpu-clock',
    '-F',
    String(SAMPLE_HZ),
    '-p',
    servers.map((s) => s.pid).join(','),
    '-o',
    data,
  ])
  const recorded = new Promise<void>((resolve) => recorder.once('exit', () => resolve()))
  await new Promise((resolve) => setTimeout(resolve, 500))
  const requests = [0, 0]
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < servers.length; k++) {
      const i = (round + k) % servers.length
      requests[i]! += (
        await measure(servers[i]!, cookies[i], { connections: 20, duration: seconds })
      ).requests
    }
  }
  recorder.kill('SIGINT')
  await recorded
  // Stopped before their perf maps are read: a running V8 may still append to them.
  for (const server of servers) await server.stop()
  for (const server of servers) {
    const map = `/tmp/perf-${server.pid}.map`
    writeFileSync(map, latestMapEntries(readFileSync(map, 'utf8')))
  }

  const costs = await chargeSamples(servers)
  report(servers, costs, requests)
} finally {
  // Stopping twice is harmless: a stopped server's `stop` resolves at once.
  for (const server of servers) await server.stop()
}

type Category = 'JavaScript' | 'native, no JS frame' | 'garbage collection' | 'kernel'
interface ProcessCost {
  /** µs of samples per owner (the nearest JavaScript frame). */
  readonly owners: Map<string, number>
  readonly categories: Map<Category, number>
}

/** Read `perf script` and charge every sample of each server to its owner and its category. */
async function chargeSamples(children: readonly ServerChild[]): Promise<Map<number, ProcessCost>> {
  const costs = new Map<number, ProcessCost>(
    children.map((c) => [c.pid, { owners: new Map(), categories: new Map() }]),
  )
  const script = spawn('perf', ['script', '-i', data, '-F', 'pid,ip,sym,dso'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  })
  const microsPerSample = 1e6 / SAMPLE_HZ
  let pid: number | undefined
  let frames: string[] = []
  const flush = () => {
    const cost = pid === undefined ? undefined : costs.get(pid)
    if (cost && frames.length > 0) {
      const owner = ownerOf(frames)
      add(cost.owners, owner, microsPerSample)
      add(cost.categories, categoryOf(frames[0]!, owner), microsPerSample)
    }
    pid = undefined
    frames = []
  }
  for await (const line of createInterface({ input: script.stdout })) {
    // A sample is a line with its pid (right-aligned: it may start with spaces), then one
    // tab-indented line per frame, then a blank line.
    if (line.trim() === '') flush()
    else if (line.startsWith('\t')) frames.push(line.trim())
    else pid = Number.parseInt(line, 10)
  }
  flush()
  return costs
}

function add<K>(map: Map<K, number>, key: K, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value)
}

function categoryOf(leaf: string, owner: string): Category {
  if (leaf.includes('[kernel')) return 'kernel'
  if (/Scaveng|Marking|Sweep|MarkCompact|heap::/.test(leaf)) return 'garbage collection'
  return owner === NATIVE_OWNER ? 'native, no JS frame' : 'JavaScript'
}

function report(children: readonly ServerChild[], costs: Map<number, ProcessCost>, requests: number[]): void {
  const [first, second] = children.map((c, i) => {
    const cost = costs.get(c.pid)!
    const per = (v: number) => v / Math.max(1, requests[i]!)
    return {
      name: c.variant.scenario,
      total: per([...cost.categories.values()].reduce((x, y) => x + y, 0)),
      categories: new Map([...cost.categories].map(([k, v]) => [k, per(v)])),
      owners: new Map([...cost.owners].map(([k, v]) => [k, per(v)])),
    }
  })
  const cell = (v: number) => v.toFixed(2).padStart(7)
  const delta = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(2)}`.padStart(7)
  console.log(`${framework}: µs of CPU per request (perf, ${rounds} rotated rounds of ${seconds} s each)`)
  console.log(`${first!.name.padStart(7)} ${second!.name.padStart(7)}   difference`)
  console.log(`${cell(first!.total)} ${cell(second!.total)} ${delta(first!.total - second!.total)}  total`)
  const categories: Category[] = ['JavaScript', 'native, no JS frame', 'garbage collection', 'kernel']
  for (const c of categories) {
    const x = first!.categories.get(c) ?? 0
    const y = second!.categories.get(c) ?? 0
    console.log(`${cell(x)} ${cell(y)} ${delta(x - y)}  ${c}`)
  }
  console.log('by whose code it is (the JavaScript frame, with the native work under it):')
  const firstGroups = byCodeGroup(first!.owners)
  const secondGroups = byCodeGroup(second!.owners)
  for (const g of CODE_GROUPS) {
    const x = firstGroups.get(g)!
    const y = secondGroups.get(g)!
    console.log(`${cell(x)} ${cell(y)} ${delta(x - y)}  ${g}`)
  }
  const own = ownCodeReading({ total: first!.total, groups: firstGroups }, { groups: secondGroups })
  console.log(
    `${second!.name}'s own code (@flash and its server module) adds ${own.added.toFixed(2)} µs to ` +
      `${first!.name}'s: ${own.ratio.toFixed(3)} of ${first!.name} if the rest cost the same in both processes`,
  )
  console.log('by function, largest differences first:')
  const names = new Set([...first!.owners.keys(), ...second!.owners.keys()])
  const rows = [...names].map((n) => {
    const x = first!.owners.get(n) ?? 0
    const y = second!.owners.get(n) ?? 0
    return { n, x, y, d: x - y }
  })
  rows.sort((p, q) => q.d - p.d)
  const shown = [...rows.slice(0, 15), ...rows.slice(-15)].filter((r, i, all) => all.indexOf(r) === i)
  for (const r of shown)
    if (Math.abs(r.d) >= 0.05) console.log(`${cell(r.x)} ${cell(r.y)} ${delta(r.d)}  ${r.n}`)
  console.log(`perf data: ${data}`)
}
