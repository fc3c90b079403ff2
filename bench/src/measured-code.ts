/**
 * @module
 * Which code a run measured, recorded in `results.json` so that runs can be pooled
 * (`pool-sessions.ts`) on evidence rather than on the caller's word.
 *
 * The fingerprint hashes the files as they are on disk when the run starts, not the commit's:
 * a run is often started on uncommitted changes, and the commit alone would then name code that
 * was not measured. It covers what decides the figures: every package's source and manifest
 * (export conditions choose the crypto), and the harness that starts, loads and reads the servers.
 * `bench/src/report/` is left out: it only formats figures already measured, so a change to a
 * table's wording does not split runs that measured the same thing. So are the tools for working
 * beside the runs ({@link ANALYSIS_TOOLS}): a full run never loads them, and a new option of
 * `instructions.ts` measures nothing a run records.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export interface MeasuredCode {
  /** `git rev-parse HEAD` when the run started. */
  readonly commit: string
  /** Whether any fingerprinted file differed from that commit. */
  readonly uncommitted: boolean
  /** sha256 over the path and content of every fingerprinted file, in path order. */
  readonly fingerprint: string
}

const FINGERPRINTED = [
  ':(glob)packages/*/src/**',
  ':(glob)packages/*/package.json',
  'bench/src',
  'bench/package.json',
]

/**
 * The scripts of bench/src that a run never loads: each is run by hand (`tsx bench/src/<name>`),
 * and only these import one another (`callgrind-functions.ts` by `instructions.ts`), which
 * bench/test/measured-code.test.ts checks against the sources.
 */
export const ANALYSIS_TOOLS = [
  'ab.ts',
  'allocations.ts',
  'callgrind-functions.ts',
  'hmac-keys.ts',
  'instructions.ts',
  'perf-compare.ts',
  'pool-sessions.ts',
  'profile.ts',
  'report-again.ts',
  'start-position.ts',
] as const

const NOT_FINGERPRINTED = [
  ':(exclude)bench/src/report',
  ...ANALYSIS_TOOLS.map((name) => `:(exclude)bench/src/${name}`),
]

/** The code in the checkout at `root`, or `undefined` outside a git checkout (a copied tarball). */
export function measuredCode(root: string): MeasuredCode | undefined {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
  try {
    // Untracked files too (not ignored ones): a new module not yet added is measured all the same.
    const paths = git(
      'ls-files',
      '-z',
      '--cached',
      '--others',
      '--exclude-standard',
      '--',
      ...FINGERPRINTED,
      ...NOT_FINGERPRINTED,
    )
      .split('\0')
      .filter(Boolean)
      .sort()
    const hash = createHash('sha256')
    // Path and length before each content, so that moving bytes between files changes the hash.
    for (const path of paths) {
      const content = readFileSync(join(root, path))
      hash.update(`${path}\0${content.length}\0`).update(content)
    }
    return {
      commit: git('rev-parse', 'HEAD').trim(),
      uncommitted: git('status', '--porcelain', '--', ...FINGERPRINTED, ...NOT_FINGERPRINTED).trim() !== '',
      fingerprint: hash.digest('hex'),
    }
  } catch {
    return undefined
  }
}
