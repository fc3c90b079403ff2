/**
 * @module
 * Packing the published packages with `pnpm pack` (which rewrites `workspace:` ranges to real
 * versions, as `pnpm publish` does) and checking what a registry user would receive.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies', 'devDependencies']
const METADATA_FIELDS = ['license', 'repository', 'homepage', 'bugs', 'description']

/**
 * Pack each package into `outDir`.
 * @returns {Map<string, string>} package name -> tarball path
 */
export function packAll(packages, outDir) {
  mkdirSync(outDir, { recursive: true })
  const tarballs = new Map()
  for (const pkg of packages) {
    const before = new Set(readdirSync(outDir))
    pnpm(['pack', '--pack-destination', outDir], { cwd: pkg.path, stdio: 'pipe' })
    const made = readdirSync(outDir).filter((file) => file.endsWith('.tgz') && !before.has(file))
    if (made.length !== 1) throw new Error(`pnpm pack in ${pkg.dir} made ${made.length} tarballs`)
    tarballs.set(pkg.name, join(outDir, made[0]))
  }
  return tarballs
}

/**
 * Run pnpm: the one running this script when there is one (`npx pnpm@10 test` on a bare CI
 * machine puts no `pnpm` on PATH, but names itself in `npm_execpath`), else `pnpm` from PATH.
 */
function pnpm(args, options) {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm for the scripts it runs; no turbo task's output depends on it
  const self = process.env.npm_execpath
  if (self && /pnpm[^/\\]*$/.test(self) && /\.c?js$/.test(self)) {
    return execFileSync(process.execPath, [self, ...args], options)
  }
  return execFileSync('pnpm', args, options)
}

/**
 * What is wrong with one tarball, as sentences (empty when it is fine): a `workspace:` range that
 * would break every install, a missing LICENSE/README/CHANGELOG, missing registry metadata, or an
 * `exports` target that is not in the tarball.
 * @example problemsOf('/tmp/flash-core-0.1.0.tgz') // []
 */
export function problemsOf(tarball) {
  const files = new Set(
    execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((file) => file.replace(/^package\//, '')),
  )
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  )
  const problems = []
  for (const field of DEPENDENCY_FIELDS) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (/^(workspace|link|file|catalog):/.test(range)) problems.push(`${field}.${name} is "${range}"`)
    }
  }
  for (const file of ['LICENSE', 'README.md', 'CHANGELOG.md']) {
    if (!files.has(file)) problems.push(`${file} is missing`)
  }
  for (const field of METADATA_FIELDS) {
    if (!manifest[field]) problems.push(`the "${field}" field is missing`)
  }
  for (const target of exportTargets(manifest.exports)) {
    if (!files.has(target.replace(/^\.\//, '')))
      problems.push(`exports target ${target} is not in the tarball`)
  }
  return problems
}

function exportTargets(exports) {
  if (typeof exports === 'string') return [exports]
  if (!exports || typeof exports !== 'object') return []
  return Object.values(exports).flatMap(exportTargets)
}
