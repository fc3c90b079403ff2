// @vitest-environment edge-runtime
/**
 * The same adapter code in vitest's edge-runtime environment (the Vercel Edge / workers globals:
 * Web Crypto, CompressionStream, fetch API, no Node built-ins): the adapter's own cycle tests and
 * the whole scenario suite through `app.request`.
 */
import { runAdapterSuite } from '@flash/adapter-suite'
import { expect, test } from 'vitest'
import { cycleTests } from './cycle.js'
import { honoHarness } from './harness.js'

test('runs in the edge runtime', () => {
  expect((globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('edge-runtime')
})

cycleTests('edge-runtime')
runAdapterSuite(honoHarness('hono (edge-runtime)'))
