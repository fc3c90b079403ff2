import { runBrowserSuite } from '@flash/demo-kit/testing'
import { harness } from './harness.js'

runBrowserSuite(harness)
