// @vitest-environment edge-runtime
/**
 * The same adapter code in vitest's edge-runtime environment (the Vercel Edge / workers globals:
 * Web Crypto, CompressionStream, fetch API, no Node built-ins): the adapter's own cycle tests and
 * the whole scenario suite through `app.request`, with packages resolved under the edge export
 * conditions (vitest.edge.config.ts), so the adapter's default crypto is Web Crypto here.
 */
import { runAdapterSuite } from '@flash/adapter-suite'
import { runtimeCrypto } from '@flash/core/crypto'
import { expect, test } from 'vitest'
import { cycleTests } from './cycle.js'
import { honoHarness } from './harness.js'

test('runs in the edge runtime', () => {
  expect((globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe('edge-runtime')
})

test('resolves the Web Crypto build of @flash/core/crypto, as an edge bundler does', () => {
  expect(runtimeCrypto.name).toBe('web')
})

cycleTests('edge-runtime')
runAdapterSuite(honoHarness('hono (edge-runtime)'))
