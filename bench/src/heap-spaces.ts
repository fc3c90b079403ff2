/**
 * @module
 * `tsx bench/src/heap-spaces.ts <framework>:<scenario>... [--requests N] [--max-semi-space-size MB]`:
 * the memory phase of a full run (`memory.ts`: warm-up, then RSS after a full collection before and
 * after each quarter of 100,000 requests, or N), with V8's heap spaces read beside RSS at every
 * reading, so a step in RSS can be named: the young generation growing (new space), old objects (a
 * leak), or code. `--max-semi-space-size` passes V8's flag to the servers, to see a reading without
 * the young generation's growth. A tool for working, not a result (round 39 in HISTORY.md).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runMemory } from './memory.js'
import { isFramework, isScenario } from './scenarios.js'
import { parseSettings } from './settings.js'

const USAGE =
  'usage: tsx bench/src/heap-spaces.ts <framework>:<scenario>... [--requests N] [--max-semi-space-size MB]'

/**
 * Loaded into each server with `--import`: after the harness's own answer to a memory reading
 * (which collects first), one line of V8's spaces and the process's memory, to a file per process.
 * A data URL, so the servers load nothing of this tool's from disk and the harness is unchanged.
 */
const HOOK = `
import { appendFileSync } from 'node:fs'
import v8 from 'node:v8'
process.on('message', (message) => {
  if (message?.type !== 'memory') return
  setImmediate(() => {
    const spaces = {}
    for (const s of v8.getHeapSpaceStatistics()) spaces[s.space_name] = { size: s.space_size, physical: s.physical_space_size }
    const { rss, heapUsed } = process.memoryUsage()
    appendFileSync(process.env.HEAP_SPACES_DIR + '/' + process.pid + '.jsonl', JSON.stringify({ rss, heapUsed, spaces }) + '\\n')
  })
})
`

interface Reading {
  rss: number
  heapUsed: number
  spaces: Record<string, { size: number; physical: number }>
}

const args = process.argv.slice(2)
/** The value after `name`, taken out of `args`: a positive number, or `undefined` when not given. */
const option = (name: string): number | undefined => {
  const at = args.indexOf(name)
  if (at === -1) return undefined
  const value = Number(args.splice(at, 2)[1])
  if (!(value > 0)) throw new Error(`${name} needs a positive number\n${USAGE}`)
  return value
}
const semiSpace = option('--max-semi-space-size')
const requests = option('--requests')
const variants = args.map((arg) => {
  const [framework, scenario] = arg.split(':')
  if (!isFramework(framework) || !isScenario(scenario)) throw new Error(`${arg}?\n${USAGE}`)
  return { framework, scenario, crypto: 'default' as const }
})
if (variants.length === 0) throw new Error(USAGE)

const dir = mkdtempSync(join(tmpdir(), 'heap-spaces-'))
process.env.NODE_OPTIONS = [
  process.env.NODE_OPTIONS ?? '',
  `--import=data:text/javascript,${encodeURIComponent(HOOK)}`,
  semiSpace === undefined ? '' : `--max-semi-space-size=${semiSpace}`,
].join(' ')

const mb = (bytes: number) => (bytes / 1e6).toFixed(1).padStart(6)
const full = parseSettings([])
const settings = requests === undefined ? full : { ...full, memoryRequests: requests }
try {
  for (const [index, variant] of variants.entries()) {
    // One directory per server, which is the one process that writes into it.
    const serverDir = join(dir, String(index))
    mkdirSync(serverDir)
    process.env.HEAP_SPACES_DIR = serverDir
    const result = await runMemory(variant, settings)
    const [file] = readdirSync(serverDir)
    if (file === undefined) throw new Error(`${result.key}: the server recorded no reading`)
    const readings = readFileSync(join(serverDir, file), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Reading)
    console.log(
      `${result.key}: RSS ${(result.growth * 100).toFixed(1)}% over ${result.requests} requests` +
        (semiSpace === undefined ? '' : ` (--max-semi-space-size=${semiSpace})`),
    )
    console.log('  reading       RSS  heap used  new space (backed)  old space  code space  (MB)')
    readings.forEach((r, i) => {
      const space = (name: string) => r.spaces[name] ?? { size: 0, physical: 0 }
      console.log(
        `  ${(i === 0 ? 'before' : `quarter ${i}`).padEnd(10)}${mb(r.rss)}  ${mb(r.heapUsed)}     ` +
          `${mb(space('new_space').size)} (${mb(space('new_space').physical)})  ${mb(space('old_space').size)}` +
          `     ${mb(space('code_space').size)}`,
      )
    })
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}
