import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'redis',
    include: ['test/**/*.test.ts'],
    // Every test file starts its own redis-server; the kill and outage tests wait on real timers.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
