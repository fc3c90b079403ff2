import { execFileSync } from 'node:child_process'
import { defineProject } from 'vitest/config'

/** The tests need a real redis-server (`.ci/run` installs it); without one they are skipped loudly, except under CI. */
function hasRedisServer(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

const skip = !hasRedisServer() && process.env['CI'] !== 'true'
if (skip) {
  console.warn(
    `\n${'!'.repeat(78)}\n!!! SKIPPING the @flash/redis tests: redis-server is not installed.\n` +
      `!!! Install it (apt-get install -y redis-server). Under CI=true this fails.\n${'!'.repeat(78)}\n`,
  )
}

export default defineProject({
  test: {
    name: 'redis',
    include: skip ? [] : ['test/**/*.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    // Every test file starts its own redis-server; the kill and outage tests wait on real timers.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
