#!/usr/bin/env node
/**
 * Runs every test project once (unit, type, adapter and browser tests) with coverage, then the
 * packed check (scripts/packed/check.mjs: the packed tarballs installed with npm into fresh apps at
 * the lowest and highest peer versions, every README example type-checked and run there), then
 * prints the closing line `N passed, N failed[, N skipped]` over both, so a run that executed no
 * test shows. Extra arguments go to vitest and skip the packed check (e.g.
 * `node scripts/test.mjs --project core`).
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
const started = Date.now()
const run = spawnSync('npx', [...args, ...process.argv.slice(2)], { cwd: root, stdio: 'inherit' })
// Vitest's own "Duration" leaves out its start and the coverage report: the whole step, as CI waits for it.
console.log(`vitest with coverage: ${Math.round((Date.now() - started) / 1000)}s`)

let passed = 0
let failed = 0
let skipped = 0
if (existsSync(results)) {
  const report = JSON.parse(readFileSync(results, 'utf8'))
  rmSync(results, { force: true }) // left behind, biome would lint it on the next `pnpm test`
  passed = report.numPassedTests ?? 0
  failed = (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0)
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
} else {
  failed = 1
}

// The packed check, on full runs only: a vitest subset is a developer's quick loop.
let packedOk = true
if (process.argv.length === 2) {
  const packedResults = `${root}.packed-results.json`
  rmSync(packedResults, { force: true })
  const packed = spawnSync(process.execPath, ['scripts/packed/check.mjs', '--json', packedResults], {
    cwd: root,
    stdio: 'inherit',
  })
  const counts = existsSync(packedResults)
    ? JSON.parse(readFileSync(packedResults, 'utf8'))
    : { passed: 0, failed: 1 }
  rmSync(packedResults, { force: true })
  passed += counts.passed
  failed += counts.failed
  packedOk = packed.status === 0
}

const exitCode = run.status === 0 && packedOk && failed === 0 && passed > 0 ? 0 : 1
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(exitCode)
