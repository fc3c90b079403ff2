import { defineProject } from 'vitest/config'

export default defineProject({ test: { name: 'example-basic', include: ['test/**/*.test.ts'] } })
