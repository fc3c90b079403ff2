#!/usr/bin/env node
/**
 * Runs every test project once (unit, type, adapter and browser tests) with coverage, then prints
 * the closing line `N passed, N failed[, N skipped]`, so a run that executed no test shows.
 * Extra arguments go to vitest (e.g. `node scripts/test.mjs --project core`).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const results = `${root}.vitest-results.json`
rmSync(results, { force: true })

const args = [
  'vitest',
  'run',
  '--coverage',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${results}`,
]
const run = spawnSync('npx', [...args, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })

let passed = 0
let failed = 0
let skipped = 0
if (existsSync(results)) {
  const report = JSON.parse(readFileSync(results, 'utf8'))
  passed = report.numPassedTests ?? 0
  failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0)
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
} else {
  failed = 1
}
const exitCode = run.status === 0 && failed === 0 && passed > 0 ? 0 : 1
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(exitCode)
