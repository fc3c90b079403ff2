import { defineProject } from 'vitest/config'

// The edge-runtime test resolves packages as an edge bundler does (Vercel Edge: edge-light,
// worker, browser), so @flash/core/crypto is its Web Crypto build there, as in production.
const EDGE_CONDITIONS = ['edge-light', 'worker', 'browser', 'import', 'module', 'default']

export default defineProject({
  resolve: { conditions: EDGE_CONDITIONS },
  ssr: { resolve: { conditions: EDGE_CONDITIONS, externalConditions: EDGE_CONDITIONS } },
  test: {
    name: 'hono-edge',
    include: ['test/edge.test.ts'],
  },
})
