import { runHttpSuite } from '@flash/demo-kit/testing'
import { harness } from './harness.js'

runHttpSuite(harness)
