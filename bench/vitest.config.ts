import { defineProject } from 'vitest/config'

// The harness's own logic (how a verdict is read), not its measurements: those are `bench/src/run.ts`'s.
export default defineProject({
  test: { name: 'bench', include: ['test/**/*.test.ts'] },
})
