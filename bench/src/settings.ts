/**
 * @module
 * The command line: `--quick` (a smoke run under 2 minutes, written to results/tmp), `--out DIR`,
 * `--only fastify,koa`, `--rounds N`, `--skip micro,memory,load`.
 */
import { fileURLToPath } from 'node:url'
import { FRAMEWORKS, type Framework, isFramework } from './scenarios.js'

export interface Settings {
  readonly quick: boolean
  readonly out: string
  readonly frameworks: readonly Framework[]
  /** Concurrent connections of the load generator: enough to keep one server core busy. */
  readonly connections: number
  /** Seconds of load per server before its first round (JIT, caches, pools); multiples of 0.25. */
  readonly warmup: number
  /** Seconds per measured round; multiples of 0.25 (autocannon's sample interval here). */
  readonly duration: number
  readonly rounds: number
  /** Fresh server processes per group, sharing the rounds between them. */
  readonly sessions: number
  /** Requests of the memory run, and of its warm-up. */
  readonly memoryRequests: number
  readonly memoryWarmup: number
  /** Milliseconds per micro-benchmark task. */
  readonly microTime: number
  readonly skip: ReadonlySet<'micro' | 'memory' | 'load'>
}

const RESULTS = fileURLToPath(new URL('../results/', import.meta.url))

const USAGE =
  'usage: tsx bench/src/run.ts [--quick] [--out DIR] [--only fastify,koa,hono,express] [--rounds N] [--sessions N] [--skip micro,memory,load]'

export function parseSettings(argv: readonly string[]): Settings {
  const args = [...argv]
  let quick = false
  let out: string | undefined
  let frameworks: Framework[] = [...FRAMEWORKS]
  let rounds: number | undefined
  let sessions: number | undefined
  const skip = new Set<'micro' | 'memory' | 'load'>()
  while (args.length > 0) {
    const arg = args.shift()!
    const value = () => {
      const next = args.shift()
      if (next === undefined) throw new Error(`${arg} needs a value\n${USAGE}`)
      return next
    }
    if (arg === '--quick') quick = true
    else if (arg === '--out') out = value()
    else if (arg === '--only') {
      const names = value().split(',')
      const bad = names.find((n) => !isFramework(n))
      if (bad !== undefined) throw new Error(`unknown framework "${bad}"\n${USAGE}`)
      frameworks = names as Framework[]
    } else if (arg === '--rounds') {
      rounds = Number(value())
      if (!Number.isInteger(rounds) || rounds < 1)
        throw new Error(`--rounds must be a positive integer\n${USAGE}`)
    } else if (arg === '--sessions') {
      sessions = Number(value())
      if (!Number.isInteger(sessions) || sessions < 1)
        throw new Error(`--sessions must be a positive integer\n${USAGE}`)
    } else if (arg === '--skip') {
      for (const phase of value().split(',')) {
        if (phase !== 'micro' && phase !== 'memory' && phase !== 'load')
          throw new Error(`unknown phase "${phase}"\n${USAGE}`)
        skip.add(phase)
      }
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else throw new Error(`unknown argument "${arg}"\n${USAGE}`)
  }
  // Sized for 2 cores: one for the server, one for autocannon. 26 servers x (warm-up + rounds).
  return quick
    ? {
        quick,
        out: out ?? `${RESULTS}tmp`,
        frameworks,
        connections: 20,
        warmup: 0.5,
        duration: 0.75,
        rounds: rounds ?? 3,
        sessions: sessions ?? 1,
        memoryRequests: 10_000,
        memoryWarmup: 5_000,
        microTime: 100,
        skip,
      }
    : {
        quick,
        out: out ?? RESULTS,
        frameworks,
        connections: 20,
        warmup: 2,
        // Many one-second rounds: on a shared 2-core VM the noise comes in bursts of seconds, and
        // ratios are taken round by round (both servers in the same stretch of noise), then the median.
        duration: 1,
        rounds: rounds ?? 12,
        // Two processes of the same code differ by 5-20% here for their whole life: six pairs of
        // processes per ratio, two rounds each, where two pairs let one unlucky process decide.
        sessions: sessions ?? 6,
        memoryRequests: 100_000,
        memoryWarmup: 20_000,
        microTime: 500,
        skip,
      }
}
