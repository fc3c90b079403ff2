/**
 * @module
 * Where a run happened: the machine, Node, and the exact versions of what was measured.
 */
import { readFileSync } from 'node:fs'
import os from 'node:os'
import type { RunResults } from './results.js'

const MEASURED = [
  'fastify',
  '@fastify/cookie',
  '@fastify/flash',
  '@fastify/secure-session',
  '@fastify/session',
  'koa',
  'koa-session',
  'koa-flash',
  'hono',
  '@hono/node-server',
  'hono-sessions',
  'express',
  'express-session',
  'connect-flash',
  'autocannon',
  'tinybench',
  '@flash/core',
]

export function machine(): RunResults['machine'] {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryBytes: os.totalmem(),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg()[0]!,
  }
}

export function packageVersions(): Record<string, string> {
  const versions: Record<string, string> = {}
  for (const name of MEASURED) {
    // Read from bench's own node_modules: not every package exports its package.json.
    const file = new URL(`../node_modules/${name}/package.json`, import.meta.url)
    try {
      versions[name] = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version
    } catch {
      versions[name] = 'unknown'
    }
  }
  return versions
}
