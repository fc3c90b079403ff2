/**
 * The shared scenario suite, once through `fastify.inject` and once through a real listening
 * server with `fetch`.
 */
import { runAdapterSuite } from '@flash/adapter-suite'
import { httpHarness, injectHarness } from './harness.js'

runAdapterSuite(injectHarness)
runAdapterSuite(httpHarness)
