/**
 * @module
 * `tsx bench/src/report-again.ts [DIR]`: write `results.md` and `ratios.svg` again from the
 * `results.json` of a finished run (DIR: `bench/results/` by default), after the report changed.
 * The measurements are the run's own; only how they are presented is new.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderMarkdown } from './report/markdown.js'
import { renderSvg } from './report/svg.js'
import type { RunResults } from './results.js'

const dir = process.argv[2] ?? fileURLToPath(new URL('../results/', import.meta.url))
const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as RunResults
writeFileSync(join(dir, 'results.md'), renderMarkdown(results))
if (results.ratios.length > 0) {
  const title = `@flash: ratios per framework${results.quick ? ' (quick run)' : ''}`
  writeFileSync(join(dir, 'ratios.svg'), renderSvg(results.ratios, title))
}
console.log(`written: ${join(dir, 'results.md')}`)
