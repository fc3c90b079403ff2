/**
 * @module
 * `tsx bench/src/instructions.ts <framework> <scenario>... [--warm N] [--requests N] [--repeat N]`:
 * the machine instructions each request runs in the server, counted by valgrind's callgrind. A
 * tool for working, not a result, and the steadiest reading this machine gives: two processes of
 * the same server mostly agree within 2% here, where their CPU time differs by 5-20% for their
 * whole life, though a process's JIT state can still move one by up to 15% (Koa's S0 read 142
 * and 168 k): read the median of `--repeat` processes. It counts user-space instructions only (the kernel's socket work is the same for
 * every server of a scenario) and V8's own work with them: garbage collection, inline-cache misses,
 * hidden-class changes. A plain count does not weigh cache misses or memory layout (`--cache`
 * below counts the misses, in simulated caches), so it says what code costs, not what a request
 * takes on a given machine: read it beside the timed rounds.
 *
 * Each server runs alone under `valgrind --tool=callgrind` (about 50 times slower), takes `--warm`
 * requests uncounted, then `--requests` counted (`callgrind_control -i on/off`), four at a time
 * on keep-alive connections carrying the scenario's cookie. Needs valgrind (`apt-get install -y
 * valgrind`). Two servers run at once, one per core.
 *
 * `--cache` also simulates the caches (callgrind's `--cache-sim=yes`, two to three times as slow) and
 * prints each request's misses of the first-level caches (instruction fetches, data reads and
 * writes together) and of the last level: what a count of instructions does not weigh. Two
 * servers that run as many instructions can differ in misses, and a miss the next level answers
 * takes a dozen cycles or more where an instruction takes one or less. The simulated caches are
 * the host's sizes without its prefetchers, so read the misses beside the count, not added to it.
 *
 * `--by-function` also names where the instructions go (`callgrind-functions.ts`): the top
 * functions of the first process of each scenario by their own instructions per request, and for
 * every later scenario the functions that differ most from the first one's. `--callers <name>`
 * (which implies it) adds which functions call the functions whose name contains `<name>` (say
 * `Builtin:LoadIC`), with how many instructions and calls per request. Its totals run higher than a plain count's (V8 writes
 * its perf map as it compiles): read its differences, and take totals from a plain run. With
 * `--cache`, it names where the first-level misses go instead.
 */
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { dumpEvents, type FunctionCosts, functionCosts, headerFields } from './callgrind-functions.js'
import { checkServer } from './check.js'
import { isFramework, isScenario, type Scenario, type Variant, variantKey } from './scenarios.js'
import { median } from './stats.js'

const ENTRY = fileURLToPath(new URL('./servers/entry.ts', import.meta.url))
const TSX = import.meta.resolve('tsx')
const CLIENTS = 4
const run = promisify(execFile)

const args = process.argv.slice(2)
const option = (name: string, fallback: number) => {
  const at = args.indexOf(name)
  return at === -1 ? fallback : Number(args.splice(at, 2)[1])
}
const warm = option('--warm', 8000)
const requests = option('--requests', 8000)
const repeat = option('--repeat', 1)
const flag = (name: string) => {
  const at = args.indexOf(name)
  return at !== -1 && args.splice(at, 1).length === 1
}
const cache = flag('--cache')
const callersAt = args.indexOf('--callers')
const callersOf = callersAt === -1 ? undefined : args.splice(callersAt, 2)[1]
// `--callers` reads the same per-function dump: alone it would count and print nothing of it.
const byFunction = flag('--by-function') || callersOf !== undefined
const TOP = 30
const [framework, ...scenarios] = args
if (!isFramework(framework) || scenarios.length === 0 || !scenarios.every(isScenario)) {
  console.error(
    'usage: tsx bench/src/instructions.ts <framework> <scenario>... [--warm N] [--requests N] [--repeat N] [--cache] [--by-function] [--callers <name>]',
  )
  process.exit(2)
}

/** A server under callgrind, counting nothing until `count()` turns it on. */
async function countedServer(variant: Variant, dir: string) {
  const out = join(dir, `${variantKey(variant).replace(/:/g, '-')}.${Math.random().toString(36).slice(2)}`)
  const child = spawn(
    'valgrind',
    [
      '--tool=callgrind',
      '--instr-atstart=no',
      ...(cache ? ['--cache-sim=yes'] : []),
      // V8 writes and rewrites machine code: valgrind must notice code that changed.
      '--smc-check=all-non-file',
      // Costs by instruction address, so generated code can be named through V8's perf map.
      ...(byFunction ? ['--dump-instr=yes'] : []),
      `--callgrind-out-file=${out}`,
      process.execPath,
      ...(byFunction
        ? ['--perf-basic-prof', `--logfile=${join(dir, 'v8.log')}`, '--no-logfile-per-isolate']
        : []),
      '--import',
      TSX,
      ENTRY,
      variant.framework,
      variant.scenario,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } },
  )
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString()
  })
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      const found = /PORT=(\d+)/.exec(chunk.toString())
      if (found) resolve(Number(found[1]))
    })
    child.once('exit', () => reject(new Error(`${variantKey(variant)} exited: ${stderr.slice(-2000)}`)))
    child.once('error', reject)
  })
  // valgrind runs node in its own process: its pid is the one callgrind_control addresses.
  const control = (...flags: string[]) => run('callgrind_control', [...flags, String(child.pid)])
  return {
    url: `http://127.0.0.1:${port}/`,
    /** Instructions (and misses) over the requests `load()` makes, from callgrind's dump, and by function. */
    async count(load: () => Promise<void>): Promise<{ total: Totals; functions?: FunctionCosts }> {
      await control('-i', 'on')
      await load()
      await control('-i', 'off')
      await control('-d')
      const dumps = readdirSync(dir)
        .filter((name) => join(dir, name).startsWith(`${out}.`))
        .map((name) => readFileSync(join(dir, name), 'utf8'))
      const total = dumps.map(totalsOf).reduce(addTotals, NO_TOTALS)
      const perfMap = `/tmp/perf-${child.pid}.map`
      if (!byFunction || !existsSync(perfMap) || dumps.length !== 1) return { total }
      const events = cache ? FIRST_LEVEL_MISSES : ['Ir']
      return { total, functions: functionCosts(dumps[0]!, readFileSync(perfMap, 'utf8'), callersOf, events) }
    },
    stop: () => {
      child.kill('SIGKILL')
      rmSync(`/tmp/perf-${child.pid}.map`, { force: true })
    },
  }
}

/** Instructions, and with `--cache` the first- and last-level cache misses. */
interface Totals {
  readonly instructions: number
  readonly firstLevelMisses: number
  readonly lastLevelMisses: number
}

const NO_TOTALS: Totals = { instructions: 0, firstLevelMisses: 0, lastLevelMisses: 0 }
/** Callgrind's names for the misses of instruction fetches, data reads and data writes. */
const FIRST_LEVEL_MISSES = ['I1mr', 'D1mr', 'D1mw']
const LAST_LEVEL_MISSES = ['ILmr', 'DLmr', 'DLmw']

function totalsOf(dump: string): Totals {
  const names = dumpEvents(dump)
  const values = headerFields(dump, 'totals')?.map(Number) ?? []
  const sum = (events: readonly string[]) =>
    events.reduce((total, event) => total + (values[names.indexOf(event)] ?? 0), 0)
  return {
    instructions: sum(['Ir']),
    firstLevelMisses: sum(FIRST_LEVEL_MISSES),
    lastLevelMisses: sum(LAST_LEVEL_MISSES),
  }
}

function addTotals(a: Totals, b: Totals): Totals {
  return {
    instructions: a.instructions + b.instructions,
    firstLevelMisses: a.firstLevelMisses + b.firstLevelMisses,
    lastLevelMisses: a.lastLevelMisses + b.lastLevelMisses,
  }
}

/** `amount` GETs of `url`, `CLIENTS` at a time on keep-alive connections, each carrying `cookie`. */
async function load(url: string, cookie: string | undefined, amount: number): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS })
  let left = amount
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.get(url, { agent, headers: cookie ? { cookie } : {} }, (response) => {
        if (response.statusCode !== 200) reject(new Error(`${url}: status ${response.statusCode}`))
        response.resume()
        response.once('end', resolve)
      })
      request.once('error', reject)
    })
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (left-- > 0) await one()
    }),
  )
  agent.destroy()
}

/** Instructions (and misses) per request of one server process, and by function with `--by-function`. */
async function measureOnce(variant: Variant): Promise<{ perRequest: Totals; functions?: FunctionCosts }> {
  const dir = mkdtempSync(join(tmpdir(), 'flash-instructions-'))
  const server = await countedServer(variant, dir)
  try {
    const { cookie } = await checkServer({ variant, url: server.url })
    await load(server.url, cookie, warm)
    const { total, functions } = await server.count(() => load(server.url, cookie, requests))
    return {
      perRequest: {
        instructions: total.instructions / requests,
        firstLevelMisses: total.firstLevelMisses / requests,
        lastLevelMisses: total.lastLevelMisses / requests,
      },
      functions,
    }
  } finally {
    server.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const variants = (scenarios as Scenario[]).map((scenario) => ({
  framework,
  scenario,
  crypto: 'default' as const,
}))
const jobs = variants.flatMap((variant) => Array.from({ length: repeat }, () => variant))
const counts = new Map<string, Totals[]>()
/** The first process's costs by function, per variant (`--by-function`). */
const byVariant = new Map<string, FunctionCosts>()
// Two at a time, one per core: instructions do not depend on the neighbour.
for (let i = 0; i < jobs.length; i += 2) {
  const pair = jobs.slice(i, i + 2)
  const done = await Promise.all(pair.map((variant) => measureOnce(variant)))
  for (const [k, variant] of pair.entries()) {
    const key = variantKey(variant)
    counts.set(key, [...(counts.get(key) ?? []), done[k]!.perRequest])
    const functions = done[k]!.functions
    if (functions && !byVariant.has(key)) byVariant.set(key, functions)
  }
}
const medianOf = (variant: Variant, read: (totals: Totals) => number) =>
  median(counts.get(variantKey(variant))!.map(read))
const instructionsOf = (totals: Totals) => totals.instructions
const firstLevelOf = (totals: Totals) => totals.firstLevelMisses
const first = medianOf(variants[0]!, instructionsOf)
const firstMisses = medianOf(variants[0]!, firstLevelOf)
for (const variant of variants) {
  const each = counts.get(variantKey(variant))!
  const perRequest = medianOf(variant, instructionsOf)
  console.log(
    variantKey(variant).padEnd(22),
    `${(perRequest / 1000).toFixed(1).padStart(7)} k instructions/request`,
    `ratio ${(first / perRequest).toFixed(3)}`,
    `(+${((perRequest - first) / 1000).toFixed(1)} k)`,
    each.length > 1 ? `processes: ${each.map((n) => (n.instructions / 1000).toFixed(1)).join(', ')}` : '',
  )
  if (!cache) continue
  const misses = medianOf(variant, firstLevelOf)
  console.log(
    ''.padEnd(22),
    `${(misses / 1000).toFixed(2).padStart(7)} k first-level misses/request`,
    `ratio ${(firstMisses / misses).toFixed(3)}`,
    `(+${((misses - firstMisses) / 1000).toFixed(2)} k)`,
    `last level ${medianOf(variant, (totals) => totals.lastLevelMisses).toFixed(0)}`,
    each.length > 1 ? `processes: ${each.map((n) => (n.firstLevelMisses / 1000).toFixed(2)).join(', ')}` : '',
  )
}

if (byFunction) printByFunction()

/** Per request, from one process each: the top functions of each variant, then what differs. */
function printByFunction(): void {
  const perRequest = (n: number) => `${(n / requests / 1000).toFixed(2).padStart(7)} k`
  const first = byVariant.get(variantKey(variants[0]!))
  for (const variant of variants) {
    const costs = byVariant.get(variantKey(variant))
    if (!costs) {
      console.log(`\n${variantKey(variant)}: no costs by function (no perf map, or several dumps)`)
      continue
    }
    const what = cache ? 'first-level misses' : 'instructions'
    console.log(`\n${variantKey(variant)}: ${what} by function, per request (one process)`)
    const top = [...costs.self].sort((a, b) => b[1] - a[1]).slice(0, TOP)
    for (const [name, n] of top) console.log(perRequest(n), ' ', name.slice(0, 140))
    if (callersOf !== undefined) {
      console.log(`  calls into functions named like "${callersOf}", by caller:`)
      const callers = [...costs.callers].sort((a, b) => b[1].cost - a[1].cost).slice(0, TOP)
      for (const [name, { cost, calls }] of callers) {
        console.log(
          perRequest(cost),
          `${(calls / requests).toFixed(1).padStart(6)} calls`,
          name.slice(0, 120),
        )
      }
    }
    if (first && costs !== first) {
      console.log(`  ${variantKey(variant)} minus ${variantKey(variants[0]!)}, largest differences:`)
      const names = new Set([...first.self.keys(), ...costs.self.keys()])
      const diffs = [...names].map(
        (name) => [name, (costs.self.get(name) ?? 0) - (first.self.get(name) ?? 0)] as const,
      )
      diffs.sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
      for (const [name, n] of diffs.slice(0, TOP)) {
        console.log(
          `${n >= 0 ? '+' : '-'}${perRequest(Math.abs(n)).trim().padStart(8)}`,
          ' ',
          name.slice(0, 140),
        )
      }
    }
  }
}
