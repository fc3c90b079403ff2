import { runLiveBrowserSuite } from '@flash/demo-kit/testing'
import { harness } from './harness.js'

runLiveBrowserSuite(harness)
