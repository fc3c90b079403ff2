/**
 * @module
 * The plan of a run: which servers are measured together (a group is interleaved round by
 * round, so machine drift hits all its members alike), which ratios are computed, and their
 * targets (issue 19).
 */

import { type CryptoChoice, type Framework, type Scenario, type Variant, variantKey } from './scenarios.js'
import { CALIBRATION_WORK_MICROS } from './servers/calibrated-work.js'

export interface Group {
  readonly name: string
  readonly variants: readonly Variant[]
}

/** A ratio with no target (see `contextComparisonsFor`). */
export interface ContextComparison {
  /** e.g. `S1/S0`. */
  readonly name: string
  readonly framework: Framework
  /** The crypto of the @flash side (Hono is measured with both). */
  readonly crypto: CryptoChoice
  readonly subject: string
  readonly limit: string
}

export interface Comparison extends ContextComparison {
  /** The ratio subject/limit must be at least this. */
  readonly target: number
}

const v = (framework: Framework, scenario: Scenario, crypto: CryptoChoice = 'default'): Variant => ({
  framework,
  scenario,
  crypto,
})

/** The key of a scenario on `framework`, e.g. `keyOn('hono')('s3', 'node')` is `hono:s3:node`. */
const keyOn =
  (framework: Framework) =>
  (scenario: Scenario, crypto: CryptoChoice = 'default'): string =>
    variantKey(v(framework, scenario, crypto))

/** Every adapter's default is node:crypto on Node now (Hono's by export condition): one crypto each. */
function cryptos(_framework: Framework): CryptoChoice[] {
  return ['default']
}

/** Whether the Redis scenarios run: the bench started a redis-server (it sets `REDIS_URL`). */
function withRedis(): boolean {
  return Boolean(process.env['REDIS_URL'])
}

export function groupsFor(frameworks: readonly Framework[]): Group[] {
  return frameworks.flatMap((fw) => [
    {
      name: `${fw}: S0 S1 S2`,
      // The Redis rows sit in the groups of what they are compared with, measured round by round alike.
      variants: [
        v(fw, 's0'),
        v(fw, 's0-control'),
        v(fw, 's0-floor'),
        v(fw, 's1'),
        v(fw, 's2'),
        ...(withRedis() ? [v(fw, 's1-redis')] : []),
      ],
    },
    {
      name: `${fw}: S3`,
      variants: [
        ...cryptos(fw).map((c) => v(fw, 's3', c)),
        v(fw, 's3-baseline'),
        v(fw, 's3-signed'),
        v(fw, 's3-django'),
        v(fw, 's3-django-work'),
        v(fw, 's3-peer'),
        ...(withRedis() ? [v(fw, 's3-redis')] : []),
      ],
    },
    { name: `${fw}: S4`, variants: [...cryptos(fw).map((c) => v(fw, 's4', c)), v(fw, 's4-django')] },
  ])
}

/** S3 against the hand-signed cookie (issue 19): what @flash may cost beyond signing. */
const S3_SIGNED_TARGETS: Record<Framework, number> = { fastify: 0.97, koa: 0.95, hono: 0.9, express: 0.95 }
/** Most CPU µs per S4 request (issue 19). */
export const S4_CPU_TARGETS: Record<Framework, number> = { fastify: 300, koa: 400, hono: 400, express: 400 }

/**
 * The targets of issue 19. S1 and S2 are judged against S0 on Fastify, Koa and Express, and
 * against the floor (one no-op middleware) on Hono, where any middleware leaves its handler-only
 * fast path. Issue 19 names no Express targets (Express came later): it is held to Koa's, the
 * other middleware-chain framework on node:crypto.
 */
export function comparisonsFor(frameworks: readonly Framework[]): Comparison[] {
  return frameworks.flatMap((fw) => {
    const key = keyOn(fw)
    const base = { framework: fw, crypto: 'default' as const }
    const limit = fw === 'hono' ? key('s0-floor') : key('s0')
    const over = fw === 'hono' ? 'floor' : 'S0'
    return [
      { ...base, name: `S1/${over}`, subject: key('s1'), limit, target: 0.97 },
      { ...base, name: `S2/${over}`, subject: key('s2'), limit, target: 0.97 },
      ...cryptos(fw).map((crypto) => ({
        framework: fw,
        crypto,
        name: 'S3/signed by hand',
        subject: key('s3', crypto),
        limit: key('s3-signed'),
        target: S3_SIGNED_TARGETS[fw],
      })),
    ]
  })
}

/** The noise of a run: a second process of S0 against S0, printed beside the verdicts. */
export function noiseControlFor(framework: Framework): ContextComparison {
  const key = keyOn(framework)
  return {
    framework,
    crypto: 'default',
    name: 'control/S0',
    subject: key('s0-control'),
    limit: key('s0'),
  }
}

/**
 * Ratios without a target that say what a missed target is made of: S1 and S2 against the floor
 * any flash plugin stands on, signing by hand against the unsigned baseline, @flash against the
 * unsigned baseline and the peer.
 */
export function contextComparisonsFor(frameworks: readonly Framework[]): ContextComparison[] {
  return frameworks.flatMap((fw) => {
    const key = keyOn(fw)
    const base = { framework: fw, crypto: 'default' as const }
    return [
      noiseControlFor(fw),
      { ...base, name: 'floor/S0', subject: key('s0-floor'), limit: key('s0') },
      ...(fw === 'hono'
        ? []
        : [
            { ...base, name: 'S1/floor', subject: key('s1'), limit: key('s0-floor') },
            { ...base, name: 'S2/floor', subject: key('s2'), limit: key('s0-floor') },
          ]),
      { ...base, name: 'signed by hand/baseline', subject: key('s3-signed'), limit: key('s3-baseline') },
      // What the target's miss is made of: Django's format (by hand) against a plain signed
      // cookie, and @flash against Django's format by hand.
      {
        ...base,
        name: "Django's format by hand/signed by hand",
        subject: key('s3-django'),
        limit: key('s3-signed'),
      },
      // The calibration: the same row with 10 µs of handler work (see harnessCostFor).
      {
        ...base,
        name: "Django's format by hand + 10 µs of work/Django's format by hand",
        subject: key('s3-django-work'),
        limit: key('s3-django'),
      },
      ...(withRedis()
        ? [
            { ...base, name: 'S3 Redis/S3 cookie', subject: key('s3-redis'), limit: key('s3') },
            { ...base, name: 'S1 Redis/floor', subject: key('s1-redis'), limit: key('s0-floor') },
          ]
        : []),
      ...cryptos(fw).flatMap((crypto) => [
        { framework: fw, crypto, name: 'S3/baseline', subject: key('s3', crypto), limit: key('s3-baseline') },
        { framework: fw, crypto, name: 'S3/peer', subject: key('s3', crypto), limit: key('s3-peer') },
        {
          framework: fw,
          crypto,
          name: "S3/Django's format by hand",
          subject: key('s3', crypto),
          limit: key('s3-django'),
        },
      ]),
    ]
  })
}

/** Which variant each row of the table is compared with ("its limit"), if any. */
export function limitOf(variant: Variant): string | undefined {
  switch (variant.scenario) {
    case 's0-control':
    case 's0-floor':
    case 's1':
    case 's2':
      return variantKey(v(variant.framework, 's0'))
    case 's4':
      return variantKey(v(variant.framework, 's4-django'))
    case 's3':
    case 's3-signed':
    case 's3-django':
    case 's3-peer':
      return variantKey(v(variant.framework, 's3-baseline'))
    case 's3-django-work':
      return variantKey(v(variant.framework, 's3-django'))
    default:
      return undefined
  }
}

/** RSS growth over the memory run must stay under this fraction. */
export const RSS_GROWTH_TARGET = 0.1

/**
 * What the memory phase runs: S3 with each adapter's default, and beside it the same cycle signed
 * by hand, which carries no target. A Node server's RSS grows in steps for a while after its
 * warm-up whatever it runs (Koa's S3 and its row by hand both grew about 12 MiB over 250,000
 * requests, then stayed there), so @flash's growth reads against that of a server with no library.
 */
export function memoryVariants(frameworks: readonly Framework[]): Variant[] {
  return frameworks.flatMap((fw) => [v(fw, 's3'), v(fw, 's3-signed')])
}

/** Whether a memory row is held to {@link RSS_GROWTH_TARGET}: @flash's, not the row by hand. */
export function hasMemoryTarget(variant: Variant): boolean {
  return variant.scenario === 's3'
}

/**
 * What the calibration row measures: the server CPU that {@link CALIBRATION_WORK_MICROS} µs of
 * handler code adds per request in this harness, and @flash's S3 against Django's format by hand
 * (which differ only in what the library does) both as measured and in µs of handler code.
 */
export interface HarnessCostPlan {
  readonly framework: Framework
  readonly django: string
  readonly djangoWithWork: string
  readonly flash: string
  readonly workMicros: number
}

export function harnessCostFor(frameworks: readonly Framework[]): HarnessCostPlan[] {
  return frameworks.map((fw) => {
    const key = keyOn(fw)
    return {
      framework: fw,
      django: key('s3-django'),
      djangoWithWork: key('s3-django-work'),
      flash: key('s3'),
      workMicros: CALIBRATION_WORK_MICROS,
    }
  })
}
