import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'hono',
    include: ['test/**/*.test.{ts,tsx}'],
    // The edge-runtime test is its own project (vitest.edge.config.ts): it resolves as an edge bundler.
    exclude: ['test/edge.test.ts'],
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
})
