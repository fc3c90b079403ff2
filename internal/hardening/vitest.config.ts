import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    name: 'hardening',
    include: ['test/**/*.test.ts'],
    // Property runs are long by design; one file at a time keeps the 2-core CI machine usable.
    testTimeout: 120_000,
    hookTimeout: 30_000,
    fileParallelism: false,
  },
})
