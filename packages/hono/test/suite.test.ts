import { runAdapterSuite } from '@flash/adapter-suite'
import { honoHarness, honoServerHarness } from './harness.js'

runAdapterSuite(honoHarness('hono'))
runAdapterSuite(honoServerHarness)
