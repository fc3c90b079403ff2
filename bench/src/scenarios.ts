/**
 * @module
 * What is measured: the frameworks, the scenarios, and the variants (a scenario on a framework,
 * with a crypto choice), shared by the parent and the server children.
 */

export const FRAMEWORKS = ['fastify', 'koa', 'hono', 'express'] as const
export type Framework = (typeof FRAMEWORKS)[number]

export const SCENARIOS = [
  's0',
  's0-control',
  's0-floor',
  's1',
  's2',
  's3',
  's3-baseline',
  's3-signed',
  's3-django',
  's3-django-work',
  's3-peer',
  's4',
  's4-django',
  's1-redis',
  's3-redis',
] as const
export type Scenario = (typeof SCENARIOS)[number]

/**
 * `default` is what the adapter picks: node:crypto on Node for every adapter (Hono by its export
 * condition). `node` passes `crypto: nodeCrypto` explicitly (kept for profiling by hand).
 */
export type CryptoChoice = 'default' | 'node'

export interface Variant {
  readonly framework: Framework
  readonly scenario: Scenario
  readonly crypto: CryptoChoice
}

export const FRAMEWORK_NAMES: Record<Framework, string> = {
  fastify: 'Fastify',
  koa: 'Koa',
  hono: 'Hono',
  express: 'Express',
}

export const SCENARIO_NAMES: Record<Scenario, string> = {
  s0: 'S0 bare',
  's0-control': 'S0 control (a second process of S0 bare: the noise of the run)',
  's0-floor': 'S0 floor',
  s1: 'S1 untouched',
  s2: 'S2 empty read',
  s3: 'S3 cycle (@flash)',
  's3-baseline': 'S3 baseline (unsigned JSON cookie)',
  's3-signed': 'S3 signed by hand (HMAC-signed JSON cookie, node:crypto, no library)',
  's3-django':
    "S3 in Django's format by hand (Django's signed cookie and JSON, node:crypto, and @flash's no-store; no library)",
  's3-django-work':
    "S3 in Django's format by hand + 10 µs of calibrated handler work (what 10 µs of code costs in this harness)",
  's3-peer': 'S3 peer',
  s4: 'S4 overflow (fallback + memory session)',
  's4-django':
    "S4 in Django's format by hand (the same cookie and session, with only the two deflates an exact result needs; no library)",
  's1-redis': 'S1 untouched, Redis storage configured (@flash/redis)',
  's3-redis': 'S3 cycle on Redis (@flash/redis, node-redis, local redis-server)',
}

/** The scenarios that need a redis-server (measured only when one is installed). */
export const REDIS_SCENARIOS: readonly Scenario[] = ['s1-redis', 's3-redis']

/** The peer a user of each framework would pick today, and how it runs here. */
export const PEER_NAMES: Record<Framework, string> = {
  fastify: '@fastify/flash 6 + @fastify/secure-session 8',
  koa: 'koa-flash 1 (through a koa-convert shim) + koa-session 7',
  hono: 'hono-sessions 0.8 flash (CookieStore)',
  express: 'connect-flash 0.1 + express-session 1 (MemoryStore)',
}

/**
 * What any flash plugin needs before it does anything: the floor under S1 and S2. Fastify's
 * adapter requires @fastify/cookie; on Koa, Hono and Express any plugin is one middleware.
 */
export const FLOOR_NAMES: Record<Framework, string> = {
  fastify: 'bare + @fastify/cookie (required by @flash/fastify)',
  koa: 'bare + one no-op middleware',
  hono: 'bare + one no-op middleware',
  express: 'bare + one no-op middleware',
}

/** A stable id such as `hono:s3:node`, used as the key of every figure. */
export function variantKey(v: Variant): string {
  return v.crypto === 'default' ? `${v.framework}:${v.scenario}` : `${v.framework}:${v.scenario}:${v.crypto}`
}

export function variantLabel(v: Variant): string {
  const scenario =
    v.scenario === 's3-peer'
      ? `S3 peer: ${PEER_NAMES[v.framework]}`
      : v.scenario === 's0-floor'
        ? `S0 floor: ${FLOOR_NAMES[v.framework]}`
        : SCENARIO_NAMES[v.scenario]
  return v.crypto === 'node' ? `${scenario}, crypto: nodeCrypto` : scenario
}

export function isFramework(value: string | undefined): value is Framework {
  return (FRAMEWORKS as readonly string[]).includes(value ?? '')
}

export function isScenario(value: string | undefined): value is Scenario {
  return (SCENARIOS as readonly string[]).includes(value ?? '')
}
