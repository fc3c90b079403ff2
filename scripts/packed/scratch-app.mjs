/**
 * @module
 * A scratch app: a fresh folder outside the repository where npm installs the packed tarballs
 * and the framework at one version, as a user's app would, and where README programs are
 * type-checked (`tsc`, strict) and run (`tsx`), both taken from the monorepo's own toolchain.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './workspace.mjs'

const TSC = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc')
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx')

/** Secrets the README programs read from the environment, as a deployed app would have them. */
export const PROGRAM_ENV = {
  FLASH_SECRET: 'a-flash-secret-for-the-readme-check-0123456789',
  SESSION_SECRET: 'a-session-secret-for-the-readme-check-0123456789',
  SESSION_KEY: 'a-session-key-for-the-readme-check-0123456789ab',
}

/**
 * Create `dir` with a package.json (plus `extraManifest`, e.g. a README's `overrides`) and a
 * strict tsconfig, then `npm install` the given specs.
 * @returns {{ ok: boolean, output: string }}
 */
export function installScratchApp(dir, specs, { extraManifest = {}, compilerOptions = {} } = {}) {
  mkdirSync(dir, { recursive: true })
  const manifest = { name: 'flash-readme-scratch', private: true, type: 'module', ...extraManifest }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  const tsconfig = {
    compilerOptions: {
      strict: true,
      target: 'es2022',
      lib: ['es2023'],
      module: 'nodenext',
      moduleResolution: 'nodenext',
      types: ['node'],
      skipLibCheck: true,
      allowJs: true,
      checkJs: true,
      noEmit: true,
      ...compilerOptions,
    },
    include: ['**/*.ts', '**/*.tsx', '**/*.mts', '**/*.cts', '**/*.js', '**/*.mjs', '**/*.cjs'],
    exclude: ['node_modules', 'cycle-driver.mjs', 'formats'],
  }
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`)
  // The format apps are checked with the declaration files themselves (skipLibCheck off), as a
  // project that type-checks its dependencies would: that is where colliding augmentations show.
  // node16, attw's profile: unlike nodenext, it lets no CommonJS file require an ES module.
  const formats = {
    extends: './tsconfig.json',
    compilerOptions: { module: 'node16', moduleResolution: 'node16', skipLibCheck: false },
    include: ['formats'],
    exclude: [],
  }
  writeFileSync(join(dir, 'tsconfig.formats.json'), `${JSON.stringify(formats, null, 2)}\n`)
  const commonjs = { ...formats, include: ['formats/**/*.cts'] }
  writeFileSync(join(dir, 'tsconfig.formats-cjs.json'), `${JSON.stringify(commonjs, null, 2)}\n`)
  const npm = spawnSync(
    'npm',
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error', ...specs],
    {
      cwd: dir,
      encoding: 'utf8',
    },
  )
  return { ok: npm.status === 0, output: `${npm.stdout}${npm.stderr}`.trim() }
}

/**
 * Type-check every program in the scratch app at once.
 * @returns {Map<string, string[]>} file (relative to `dir`) -> its error lines; `''` for errors without a file
 */
export function typecheck(dir, project = 'tsconfig.json') {
  const tsc = spawnSync(process.execPath, [TSC, '-p', project, '--pretty', 'false'], {
    cwd: dir,
    encoding: 'utf8',
  })
  const errors = new Map()
  for (const line of `${tsc.stdout}${tsc.stderr}`.split('\n')) {
    if (!line.trim() || line.startsWith(' ')) continue
    const file = /^(.+?)\(\d+,\d+\): error/.exec(line)?.[1] ?? ''
    errors.set(file, [...(errors.get(file) ?? []), line])
  }
  return errors
}

/**
 * Run one file with tsx in the scratch app (its imports resolve to the app's node_modules).
 * @returns {{ ok: boolean, output: string }}
 */
export function run(dir, file, args = [], timeoutMs = 30_000) {
  const child = spawnSync(TSX, [file, ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: timeoutMs,
    env: { ...process.env, ...PROGRAM_ENV, NODE_ENV: 'production' },
  })
  const timedOut = child.error?.code === 'ETIMEDOUT' ? `timed out after ${timeoutMs / 1000}s\n` : ''
  return { ok: child.status === 0, output: `${timedOut}${child.stdout ?? ''}${child.stderr ?? ''}`.trim() }
}

/** The version npm actually installed in the scratch app, or `'absent'`. */
export function installedVersion(dir, name) {
  const manifest = join(dir, 'node_modules', name, 'package.json')
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : 'absent'
}
