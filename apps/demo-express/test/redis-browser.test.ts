import { runRedisBrowserSuite } from '@flash/demo-kit/testing'
import { harness } from './harness.js'

runRedisBrowserSuite(harness)
