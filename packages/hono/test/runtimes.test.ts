/**
 * The adapter on the other runtimes the README names: `runtimes/cycles.ts` (cycles over every
 * storage through the built package) run by Bun and by Deno, from their npm packages (`.ci/run`
 * installs them with pnpm and puts them on PATH). Skipped where a runtime is missing, except under
 * CI, where a missing runtime fails.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const script = fileURLToPath(new URL('./runtimes/cycles.ts', import.meta.url))
const cwd = fileURLToPath(new URL('..', import.meta.url))

function found(binary: string): boolean {
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).status === 0
}

describe.each([
  { runtime: 'bun', args: ['run', script] },
  { runtime: 'deno', args: ['run', '--allow-read', '--allow-env', script] },
])('on $runtime', ({ runtime, args }) => {
  const present = found(runtime)
  it.skipIf(!present && !process.env.CI)(
    'cycles over every storage pass, signing with node:crypto',
    () => {
      expect(present, `${runtime} is not on PATH (.ci/run installs it with pnpm)`).toBe(true)
      const run = spawnSync(runtime, args, { cwd, encoding: 'utf8', timeout: 60_000 })
      expect(run.stderr + run.stdout).toContain(`${runtime}: 5 cycles passed (crypto: node)`)
      expect(run.status).toBe(0)
    },
    90_000,
  )
})
