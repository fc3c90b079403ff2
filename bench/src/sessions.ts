/**
 * @module
 * A ratio read session by session, and the verdict that reading allows.
 *
 * Two processes of identical code keep a speed of their own here for their whole life (5-40%
 * apart, more when the host is busy), so the rounds of one session (one pair of processes) are
 * not independent readings: the sessions are. The median of the paired rounds is the run's
 * figure, and the sessions' spread says how far it can be trusted. Read by session, the range of
 * six sessions' ratios holds the median session ratio with 96.9% confidence, whatever their
 * distribution (the sign test: all six land on one side of it with probability 2/64). A target
 * inside that range is not resolved by the run: as issue 19 asks, that counts as unmet, to be
 * run again.
 */
import type { Sample } from './load.js'
import { median } from './stats.js'

/** The lowest and highest session ratio of a comparison. */
export interface SessionRange {
  readonly low: number
  readonly high: number
  /** How many sessions the range is made of. */
  readonly sessions: number
}

/** `met`: every session at or above the target; `missed`: every session below it; else `unresolved`. */
export type SessionVerdict = 'met' | 'missed' | 'unresolved'

/**
 * The lowest and highest CPU ratio (`limit / subject`: less CPU is better, so above 1 means the
 * subject costs less) of the run's sessions, each the median of its rounds' ratios. Rounds are
 * split into sessions as the run made them ({@link roundsPerSession}). `undefined` with fewer than
 * two sessions, which say nothing of the spread.
 *
 * @example
 * cpuSessionRange(s0.rounds, s1.rounds, results.settings) // { low: 0.78, high: 0.98, sessions: 6 }
 */
export function cpuSessionRange(
  limit: readonly Sample[],
  subject: readonly Sample[],
  run: { readonly rounds: number; readonly sessions: number },
): SessionRange | undefined {
  const ratios = cpuSessionRatios(limit, subject, run)
  if (ratios.length < 2) return undefined
  return { low: Math.min(...ratios), high: Math.max(...ratios), sessions: ratios.length }
}

/**
 * The CPU ratio of each session of a run (`limit / subject`), the median of its rounds' ratios:
 * what {@link cpuSessionRange} spans, and what `pool-sessions.ts` pools over runs of the same code.
 */
export function cpuSessionRatios(
  limit: readonly Sample[],
  subject: readonly Sample[],
  run: { readonly rounds: number; readonly sessions: number },
): number[] {
  return sessionRatios(limit, subject, roundsPerSession(run.rounds, run.sessions))
}

function sessionRatios(limit: readonly Sample[], subject: readonly Sample[], perSession: number): number[] {
  const ratios: number[] = []
  const rounds = Math.min(limit.length, subject.length)
  for (let start = 0; start < rounds; start += perSession) {
    const end = Math.min(start + perSession, rounds)
    const perRound: number[] = []
    for (let round = start; round < end; round++) {
      perRound.push(limit[round]!.cpuMicrosPerRequest / subject[round]!.cpuMicrosPerRequest)
    }
    ratios.push(median(perRound))
  }
  return ratios
}

/** Met only when every session met `target`, missed only when none did. */
export function judgeSessions(range: SessionRange, target: number): SessionVerdict {
  if (range.low >= target) return 'met'
  if (range.high < target) return 'missed'
  return 'unresolved'
}

/**
 * The confidence, in percent, with which the range of `sessions` readings holds their median: all
 * of them land on one side of it with probability 2 / 2^sessions.
 */
export function sessionConfidence(sessions: number): number {
  return (1 - 2 ** (1 - sessions)) * 100
}

/** How many consecutive rounds each session of a run had (as `runGroup` splits them). */
export function roundsPerSession(rounds: number, sessions: number): number {
  return Math.ceil(rounds / Math.max(1, sessions))
}

/** A range of order statistics of some readings, and how surely it holds their median. */
export interface MedianInterval extends SessionRange {
  /** The sign test's confidence, in percent, that the range holds the median of the readings' distribution. */
  readonly confidence: number
}

/**
 * The narrowest range of order statistics, from the k-th lowest reading to the k-th highest, that
 * holds the median of the readings' distribution with at least `atLeast` percent confidence (the
 * sign test, whatever the distribution): the readings outside it on either side are the noise a
 * verdict may ignore. Six readings give their whole range (96.9%), as {@link cpuSessionRange};
 * twelve drop the two lowest and the two highest (96.1%), eighteen four of each (96.9%). With too
 * few readings for `atLeast` it is their whole range, with the lower confidence it has.
 * `undefined` with fewer than two readings.
 *
 * @example
 * medianInterval([0.91, 0.93, 0.95, 0.96, 0.97, 0.98, 0.99, 1.0, 1.01, 1.02, 1.04, 1.2])
 * // { low: 0.95, high: 1.02, sessions: 12, confidence: 96.14... }
 */
export function medianInterval(readings: readonly number[], atLeast = 95): MedianInterval | undefined {
  const n = readings.length
  if (n < 2) return undefined
  const sorted = [...readings].sort((a, b) => a - b)
  // P(at most i of the n readings fall below the median) = sum C(n, 0..i) / 2^n.
  let k = 1
  let below = 1 // C(n, 0)
  let tail = below / 2 ** n
  for (let next = 1; ; next++) {
    const choose = (below * (n - next + 1)) / next
    const wider = tail + choose / 2 ** n
    // Taking one more reading off each side keeps the confidence 1 - 2 * wider.
    if (k + 1 > n - k || (1 - 2 * wider) * 100 < atLeast) break
    below = choose
    tail = wider
    k++
  }
  return { low: sorted[k - 1]!, high: sorted[n - k]!, sessions: n, confidence: (1 - 2 * tail) * 100 }
}
