import { fileURLToPath } from 'node:url'
import type { DemoHarness } from '@flash/demo-kit'
import { startDemo } from '../src/app.js'

export const harness: DemoHarness = {
  name: 'express',
  artifactsDir: fileURLToPath(new URL('../artifacts/', import.meta.url)),
  start: (options) => startDemo({ ...options, port: 0 }),
}
