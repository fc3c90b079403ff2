import { defineProject } from 'vitest/config'

export default defineProject({
  test: { name: 'adapter-suite', include: ['src/**/*.test.ts'], passWithNoTests: true },
})
