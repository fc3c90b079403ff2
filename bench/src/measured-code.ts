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
 * `instructions.ts` measures nothing a run records; and so is this file, which only names the code.
 *
 * Source files are hashed without their comments and layout (as TypeScript's printer writes their
 * syntax tree): a corrected comment changes no instruction a server runs, and used to start a new
 * pool of runs of the same code. A run started on a clean checkout can be fingerprinted again
 * from its commit ({@link fingerprintAt}), under the rule of the day, and per framework: a
 * framework's servers load only its own adapter (`bench/src/servers/entry.ts`), so a change to
 * another adapter does not change what a run measured of this one.
 */
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { extname, join } from 'node:path'
import ts from 'typescript'
import { FRAMEWORKS, type Framework, isFramework } from './scenarios.js'

export interface MeasuredCode {
  /** `git rev-parse HEAD` when the run started. */
  readonly commit: string
  /** Whether any fingerprinted file differed from that commit. */
  readonly uncommitted: boolean
  /** sha256 over the path and content of every fingerprinted file, in path order. */
  readonly fingerprint: string
}

/**
 * The scripts of bench/src that a run never loads: each is run by hand (`tsx bench/src/<name>`),
 * and only these import one another (`callgrind-functions.ts` by `instructions.ts`), which
 * bench/test/measured-code.test.ts checks against the sources.
 */
export const ANALYSIS_TOOLS = [
  'ab.ts',
  'allocations.ts',
  'callgrind-functions.ts',
  'heap-spaces.ts',
  'hmac-keys.ts',
  'instructions.ts',
  'perf-compare.ts',
  'perf-owners.ts',
  'pool-sessions.ts',
  'profile.ts',
  'report-again.ts',
  'start-position.ts',
] as const

const NOT_MEASURED = new Set<string>([...ANALYSIS_TOOLS, 'measured-code.ts'])

/** The server module of each framework in bench/src/servers, and what only it imports. */
const SERVER_FILES: Record<Framework, readonly string[]> = {
  fastify: ['fastify.ts'],
  koa: ['koa.ts', 'koa-convert.ts'],
  hono: ['hono.ts'],
  express: ['express.ts'],
}

/**
 * Whether the file at `path` (from the repository's root, `/`-separated) decides a run's figures:
 * of every framework, or, given `framework`, of that framework's servers (another adapter's
 * package and server module are never loaded by them).
 */
export function isMeasured(path: string, framework?: Framework): boolean {
  const parts = path.split('/')
  const [top, name, kind] = parts
  if (top === 'packages' && name !== undefined) {
    if (framework !== undefined && name !== framework && isFramework(name)) return false
    return kind === 'src' || (kind === 'package.json' && parts.length === 3)
  }
  if (top !== 'bench') return false
  if (path === 'bench/package.json') return true
  if (name !== 'src') return false
  const inSrc = path.slice('bench/src/'.length)
  if (inSrc.startsWith('report/') || NOT_MEASURED.has(inSrc)) return false
  if (framework !== undefined && inSrc.startsWith('servers/')) {
    const server = inSrc.slice('servers/'.length)
    return !FRAMEWORKS.some((other) => other !== framework && SERVER_FILES[other].includes(server))
  }
  return true
}

/** The code in the checkout at `root`, or `undefined` outside a git checkout (a copied tarball). */
export function measuredCode(root: string): MeasuredCode | undefined {
  const git = (...args: string[]) => gitIn(root, args).toString('utf8')
  try {
    // Untracked files too (not ignored ones): a new module not yet added is measured all the same.
    const paths = git('ls-files', '-z', '--cached', '--others', '--exclude-standard')
      .split('\0')
      .filter((path) => path !== '' && isMeasured(path))
    const fingerprint = fingerprintOf(paths, (path) => codeOf(path, readFileSync(join(root, path))))
    // `XY path` per entry; without renames, no entry carries a second path of its own.
    const changed = git('status', '--porcelain', '-z', '--no-renames', '--untracked-files=all')
      .split('\0')
      .filter((entry) => entry.length > 3 && isMeasured(entry.slice(3)))
    return { commit: git('rev-parse', 'HEAD').trim(), uncommitted: changed.length > 0, fingerprint }
  } catch {
    return undefined
  }
}

/**
 * The fingerprint of the code at `commit` in the repository at `root`, by today's rule, of every
 * framework or of `framework`'s servers only; `undefined` when the repository has no such commit.
 * For a run that recorded a clean checkout (`uncommitted: false`), this is the code it measured.
 */
export function fingerprintAt(root: string, commit: string, framework?: Framework): string | undefined {
  try {
    const files = measuredFilesAt(root, commit).filter(({ path }) => isMeasured(path, framework))
    // The same object is printed again only under another kind of source (its extension).
    const keyOf = (file: { path: string; object: string }) => `${file.object} ${extname(file.path)}`
    const unread = files.filter((file) => !CODE_OF_OBJECT.has(keyOf(file)))
    if (unread.length > 0) {
      const contents = blobs(
        gitIn(root, ['cat-file', '--batch'], unread.map((file) => `${file.object}\n`).join('')),
      )
      for (const [i, file] of unread.entries())
        CODE_OF_OBJECT.set(keyOf(file), codeOf(file.path, contents[i]!))
    }
    return fingerprintOf(
      files.map((file) => file.path),
      (_, index) => CODE_OF_OBJECT.get(keyOf(files[index]!))!,
    )
  } catch {
    return undefined
  }
}

/**
 * Every measured file of `commit` (by the rule for all frameworks) with its git object, listed
 * once per commit: pooling reads each run's commit once for each framework, and runs share commits.
 */
function measuredFilesAt(root: string, commit: string): readonly { path: string; object: string }[] {
  const key = `${root}\0${commit}`
  let files = FILES_AT.get(key)
  if (files === undefined) {
    // `<mode> <type> <object>\t<path>` for every file of the commit.
    files = gitIn(root, ['ls-tree', '-r', '-z', commit])
      .toString('utf8')
      .split('\0')
      .map((entry) => {
        const tab = entry.indexOf('\t')
        return { path: entry.slice(tab + 1), object: entry.slice(0, tab).split(' ')[2]! }
      })
      .filter(({ path }) => path !== '' && isMeasured(path))
    FILES_AT.set(key, files)
  }
  return files
}

const FILES_AT = new Map<string, readonly { path: string; object: string }[]>()

/**
 * The code of the git objects already read and printed, by object id and extension: pooling a
 * dozen runs fingerprints most files a dozen times, once for each framework, and they are mostly
 * the same objects.
 */
const CODE_OF_OBJECT = new Map<string, Buffer>()

/** What `git <args>` prints in `root`, fed `input`; throws when git fails (its messages are not shown). */
function gitIn(root: string, args: readonly string[], input?: string): Buffer {
  return execFileSync('git', args, {
    cwd: root,
    input,
    maxBuffer: 1 << 28,
    stdio: ['pipe', 'pipe', 'ignore'],
  })
}

/** The contents `git cat-file --batch` printed, in the order asked: `<id> blob <size>\n<bytes>\n` each. */
function blobs(output: Buffer): Buffer[] {
  const found: Buffer[] = []
  let at = 0
  while (at < output.length) {
    const lineEnd = output.indexOf(10, at)
    const header = output.subarray(at, lineEnd).toString('utf8').split(' ')
    if (header[1] !== 'blob') throw new Error(`git cat-file: ${header.join(' ')}`)
    const size = Number(header[2])
    found.push(output.subarray(lineEnd + 1, lineEnd + 1 + size))
    at = lineEnd + 1 + size + 1
  }
  return found
}

/** sha256 over each path (sorted) and its code, as {@link codeOf} gives it. */
function fingerprintOf(paths: readonly string[], code: (path: string, index: number) => Buffer): string {
  const order = paths.map((path, index) => ({ path, index })).sort((a, b) => (a.path < b.path ? -1 : 1))
  const hash = createHash('sha256')
  for (const { path, index } of order) {
    const content = code(path, index)
    // Path and length before each content, so that moving bytes between files changes the hash.
    hash.update(`${path}\0${content.length}\0`).update(content)
  }
  return hash.digest('hex')
}

const SOURCE = /\.(?:[cm]?[jt]s|tsx)$/
const printer = ts.createPrinter({ removeComments: true })

/** A source file's syntax without its comments or layout, as TypeScript prints it; other files as they are. */
function codeOf(path: string, content: Buffer): Buffer {
  if (!SOURCE.test(path)) return content
  const source = ts.createSourceFile(path, content.toString('utf8'), ts.ScriptTarget.Latest, false)
  return Buffer.from(printer.printFile(source))
}
