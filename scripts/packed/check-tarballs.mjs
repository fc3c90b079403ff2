#!/usr/bin/env node
/**
 * Packs every published package and refuses to go on if a tarball would break an install
 * (`workspace:` ranges, missing LICENSE/README/CHANGELOG or metadata, dangling exports).
 * `pnpm release` runs it before `changeset publish`; the packed check (check.mjs) runs it too.
 *
 * @example node scripts/packed/check-tarballs.mjs   # exit 1 and the problems, or one line per package
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packAll, problemsOf } from './tarballs.mjs'
import { publicPackages } from './workspace.mjs'

const outDir = mkdtempSync(join(tmpdir(), 'flash-tarballs-'))
let failed = 0
try {
  for (const [name, tarball] of packAll(publicPackages(), outDir)) {
    const problems = problemsOf(tarball)
    failed += problems.length ? 1 : 0
    console.log(problems.length ? `✗ ${name}: ${problems.join('; ')}` : `✓ ${name}`)
  }
} finally {
  rmSync(outDir, { recursive: true, force: true })
}
process.exit(failed ? 1 : 0)
