import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Most test files wait on something else (Chromium, redis-server, Python's Django, HTTP round
    // trips), so two workers keep a 2-core machine busy where vitest's default (one fewer than the
    // cores) leaves it one: the full suite took 531 s instead of 629-674 s here, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      'packages/*/vitest.config.ts',
      'packages/hono/vitest.edge.config.ts',
      'internal/*/vitest.config.ts',
      'apps/*/vitest.config.ts',
      'examples/*/vitest.config.ts',
      'scripts/vitest.config.ts',
      'bench/vitest.config.ts',
    ],
    coverage: {
      provider: 'v8',
      include: ['packages/*/src/**/*.{ts,tsx}'],
      exclude: ['**/*.d.ts'],
      reporter: ['text-summary', 'json-summary'],
      thresholds: {
        'packages/core/src/**': { lines: 95 },
      },
    },
  },
})
