import { runAdapterSuite } from '@flash/adapter-suite'
import { koaHarness } from './harness.js'

runAdapterSuite(koaHarness)
