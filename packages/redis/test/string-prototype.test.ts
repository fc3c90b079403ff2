/**
 * node-redis 5's `class VerbatimString extends String` leaves `String.prototype` in V8's dictionary
 * mode, which makes every string method call of the process take a generic lookup; `redisStorage()`
 * undoes it when it takes a node-redis client. V8's own report of the object's mode is read in a
 * process of its own (the probe), with each major loaded fresh.
 */
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const PROBE = fileURLToPath(new URL('./string-prototype-probe.ts', import.meta.url))

function probe(major: '5' | '6'): { loaded: boolean; taken: boolean } {
  const out = execFileSync(process.execPath, ['--allow-natives-syntax', '--import', 'tsx', PROBE], {
    env: { ...process.env, CLIENT: major },
    encoding: 'utf8',
  })
  return JSON.parse(out) as { loaded: boolean; taken: boolean }
}

describe('String.prototype stays fast with node-redis', () => {
  it('node-redis 5 leaves it slow on load, and redisStorage() taking its client makes it fast again', () => {
    expect(probe('5')).toEqual({ loaded: false, taken: true })
  })

  it('node-redis 6 leaves it fast, and redisStorage() keeps it so', () => {
    expect(probe('6')).toEqual({ loaded: true, taken: true })
  })
})
