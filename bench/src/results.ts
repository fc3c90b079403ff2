/**
 * @module
 * The shape of `results.json`: everything measured, and the machine it was measured on.
 */
import type { Sample } from './load.js'
import type { MeasuredCode } from './measured-code.js'
import type { Variant } from './scenarios.js'

export interface VariantResult {
  readonly key: string
  readonly variant: Variant
  readonly label: string
  /** The variant this one's ratio is computed against, if any. */
  readonly limit: string | undefined
  /** What the correctness check verified before any measurement. */
  readonly verified: string
  readonly rounds: readonly Sample[]
  readonly median: { rps: number; p99: number; cpuMicrosPerRequest: number; serverBusy: number }
}

export interface RatioResult {
  readonly name: string
  readonly framework: string
  readonly crypto: string
  readonly subject: string
  readonly limit: string
  /** Median req/s of the subject over median req/s of the limit. */
  readonly ratio: number
  /** The same ratio computed from server CPU time per request (limit / subject). */
  readonly cpuRatio: number
  /** The same from user CPU time alone (without the kernel's socket work): a reading, not a verdict. */
  readonly userCpuRatio: number
  readonly target: number
  /** Judged on req/s, as issue 8 states the targets. */
  readonly met: boolean
  /** Judged on the CPU ratio: the verdict to trust when the server was not saturated. */
  readonly cpuMet: boolean
}

/** A ratio with no target (see `contextComparisonsFor`). */
export interface ContextResult {
  readonly name: string
  readonly framework: string
  readonly crypto: string
  readonly subject: string
  readonly limit: string
  readonly ratio: number
  readonly cpuRatio: number
  readonly userCpuRatio: number
}

/** The calibration row's reading (see `harnessCostFor`); CPU figures are µs per request, medians over the rounds. */
export interface HarnessCostResult {
  readonly framework: string
  /** The µs of handler work the calibration row adds. */
  readonly workMicros: number
  /** Server CPU µs per request that one µs of handler work added (round by round, then the median). */
  readonly cpuPerWorkMicro: number
  /** Whether the calibration moved CPU per request by more than the run's noise (else no conversion). */
  readonly calibrationAboveNoise: boolean
  /** Server CPU µs per request of @flash's S3 over Django's format by hand (round by round, then the median). */
  readonly flashOverDjango: number
  /** The same, in µs of handler code: `flashOverDjango / cpuPerWorkMicro`. */
  readonly flashOverDjangoInCode: number
  /** What the S3 target allows over Django's format by hand, in µs of handler code at this run's rate. */
  readonly targetAllowsInCode: number
}

export interface MemoryResult {
  readonly key: string
  readonly requests: number
  /** Bytes, after the warm-up. */
  readonly rssBefore: number
  readonly rssAfter: number
  readonly growth: number
  /** The growth after each quarter of the requests: a leak keeps growing, a step stops. */
  readonly growthByQuarter?: readonly number[]
  /** Bytes of live heap after a full GC, before and after: a leak shows here first. */
  readonly heapBefore: number
  readonly heapAfter: number
  readonly failures: number
  /** Whether the row is held to the target (@flash's S3); the row by hand beside it is not. */
  readonly target?: boolean
  readonly met: boolean
}

/** S4's CPU per request against its ceiling (issue 19). */
export interface CpuTargetResult {
  readonly framework: string
  readonly subject: string
  /** Median over the rounds of the server's CPU µs per request. */
  readonly cpuMicrosPerRequest: number
  readonly target: number
  readonly met: boolean
  /**
   * The same overflow in Django's format by hand (`s4-django`): the median CPU µs per request of
   * the work an exact result cannot skip, and @flash's S4 over it, the median of the paired rounds.
   */
  readonly byHandMicrosPerRequest?: number | undefined
  readonly overByHandMicros?: number | undefined
}

export interface MicroResult {
  readonly name: string
  readonly crypto: 'web' | 'node'
  readonly messages: number
  readonly operation: 'encode+sign' | 'verify+decode'
  /** Microseconds per operation (mean) and operations per second. */
  readonly meanMicros: number
  readonly opsPerSecond: number
  readonly samples: number
}

export interface RunResults {
  readonly date: string
  readonly quick: boolean
  readonly node: string
  readonly machine: {
    readonly cpu: string
    readonly cores: number
    readonly memoryBytes: number
    readonly platform: string
    /** 1-minute load average when the run started: above ~0.5 the figures are noisy. */
    readonly loadAverageAtStart: number
  }
  readonly settings: {
    readonly connections: number
    readonly warmupSeconds: number
    readonly roundSeconds: number
    /** Fresh server processes per group; the rounds are shared between them. */
    readonly sessions: number
    readonly rounds: number
    readonly memoryRequests: number
  }
  readonly packages: Record<string, string>
  /** The code measured (since round 22; absent in earlier runs and outside a git checkout). */
  readonly code?: MeasuredCode | undefined
  readonly variants: readonly VariantResult[]
  readonly ratios: readonly RatioResult[]
  readonly context: readonly ContextResult[]
  readonly harness: readonly HarnessCostResult[]
  readonly cpuTargets: readonly CpuTargetResult[]
  readonly memory: readonly MemoryResult[]
  readonly micro: readonly MicroResult[]
  readonly notes: readonly string[]
  readonly seconds: number
}
