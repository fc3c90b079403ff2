#!/usr/bin/env node
/**
 * The packed check: what a registry user gets works as the READMEs say.
 *
 * 1. Packs every published workspace package (`pnpm pack`) and checks each tarball (tarballs.mjs).
 * 2. For each package, for the lowest and the highest version of every peer it declares (its
 *    peer-version matrix; a package without peers gets one app with the latest versions), npm
 *    installs into a fresh scratch app: the tarballs, the peers at that bound, what its README's
 *    install lines name, and what the README programs import.
 * 3. In each app: every README program that belongs to the package (from its own README and from
 *    the root README, by the @flash package it imports) is type-checked under `strict`, run, and,
 *    when marked `cycle`, served and driven through POST/redirect/GET.
 * 4. In each app, the package's format apps (formats/<folder>/: `cjs.cts` and `esm.ts`, using the
 *    augmented properties with the core's functions) are type-checked under node16 with the
 *    declaration files themselves: the `.cts` alone (a CommonJS project), then both together (a
 *    project with `.ts` and `.cts` files). A package without a folder gets a namespace import of
 *    itself from each format.
 *
 * Markers and their meaning: readme-blocks.mjs. Prints one line per check and `N passed, N failed`;
 * `--json <file>` writes the counts for scripts/test.mjs; `--keep` keeps the scratch folders;
 * `--jobs N` checks N packages at once (2); `--formats` installs the apps but checks only the format
 * apps, not the README programs; `--readmes` only joins the README programs and reports what is
 * wrong with them as text (a block that belongs to no package, a continued program that imports a
 * name twice), in a second, without packing or installing.
 *
 * @example node scripts/packed/check.mjs --only @flash/koa
 * @example node scripts/packed/check.mjs --formats
 * @example node scripts/packed/check.mjs --readmes
 */
import { spawn } from 'node:child_process'
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join, relative } from 'node:path'
import { versionBounds } from './peer-versions.mjs'
import {
  importedBindings,
  importsOf,
  installedBy,
  isProgram,
  packageNameOf,
  readmeBlocks,
} from './readme-blocks.mjs'
import { installedVersion, installScratchApp, run, typecheck } from './scratch-app.mjs'
import { packAll, problemsOf } from './tarballs.mjs'
import { publicPackages, ROOT } from './workspace.mjs'

/** The file a program is written to, by the fence's language. */
const EXTENSIONS = {
  tsx: '.tsx',
  js: '.mjs',
  javascript: '.mjs',
  mjs: '.mjs',
  cjs: '.cjs',
  cts: '.cts',
  mts: '.mts',
}

const args = process.argv.slice(2)
const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined)
const only = option('--only')
const jsonOut = option('--json')
const keep = args.includes('--keep')
const formatsOnly = args.includes('--formats')

/** Each package's format apps, in a folder named as the package's (`packages/koa` -> `formats/koa`). */
const FORMAT_APPS = join(import.meta.dirname, 'formats')

const results = { passed: 0, failed: 0 }
function report(ok, name, detail = '') {
  results[ok ? 'passed' : 'failed']++
  console.log(`${ok ? '✓' : '✗'} ${name}`)
  if (!ok && detail) console.log(indent(detail))
}
const indent = (text) =>
  text
    .split('\n')
    .slice(0, 40)
    .map((line) => `    ${line}`)
    .join('\n')

const packages = publicPackages()
const byName = new Map(packages.map((pkg) => [pkg.name, pkg]))
const worker = option('--worker')
const started = Date.now()
if (worker) {
  // One package's scratch apps, in a child process of the main run (below), which packed already.
  const work = option('--work')
  const tarballs = new Map(packages.map((pkg) => [pkg.name, join(work, 'tarballs', tarballName(pkg))]))
  checkPackage(
    byName.get(worker),
    tarballs,
    readmePrograms({ quiet: true }).get(worker) ?? { programs: [], setup: [] },
    work,
  )
} else if (args.includes('--readmes')) {
  for (const [owner, { programs }] of readmePrograms({ quiet: false })) {
    for (const program of programs) console.log(`  ${program.name}: ${owner}`)
  }
  console.log(`${results.passed} passed, ${results.failed} failed`)
} else {
  const work = mkdtempSync(join(tmpdir(), 'flash-packed-'))
  try {
    const tarballs = packAll(packages, join(work, 'tarballs'))
    for (const [name, tarball] of tarballs) {
      const problems = problemsOf(tarball)
      report(problems.length === 0, `${name}: the packed tarball is publishable`, problems.join('\n'))
    }
    readmePrograms({ quiet: false })
    await inWorkers(
      packages.filter((pkg) => !only || pkg.name === only),
      work,
    )
  } finally {
    if (keep) console.log(`scratch apps kept in ${work}`)
    else rmSync(work, { recursive: true, force: true })
  }
  console.log(`packed check: ${Math.round((Date.now() - started) / 1000)}s`)
  console.log(`${results.passed} passed, ${results.failed} failed`)
}
if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results))
process.exit(results.failed ? 1 : 0)

/** `pnpm pack`'s file name: `@flash/koa` 0.1.0 -> `flash-koa-0.1.0.tgz`. */
function tarballName(pkg) {
  return `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`
}

/**
 * Check each package in a child process, `--jobs` (default 2) at a time: most of the
 * time is npm and tsc waiting on each other. Each child's output is printed whole when it ends.
 */
async function inWorkers(queue, work) {
  const jobs = Math.max(1, Number(option('--jobs')) || 2)
  const pending = [...queue]
  const next = async () => {
    for (let pkg = pending.shift(); pkg; pkg = pending.shift()) {
      const counts = join(work, `${tarballName(pkg)}.json`)
      const child = spawn(
        process.execPath,
        [
          import.meta.filename,
          '--worker',
          pkg.name,
          '--work',
          work,
          '--json',
          counts,
          ...(formatsOnly ? ['--formats'] : []),
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      )
      let output = ''
      child.stdout.on('data', (chunk) => (output += chunk))
      child.stderr.on('data', (chunk) => (output += chunk))
      const status = await new Promise((resolve) => child.on('close', resolve))
      process.stdout.write(output)
      const { passed, failed } = existsSync(counts)
        ? JSON.parse(readFileSync(counts, 'utf8'))
        : { passed: 0, failed: 1 }
      results.passed += passed
      results.failed += failed + (status !== 0 && failed === 0 ? 1 : 0)
    }
  }
  await Promise.all(Array.from({ length: jobs }, next))
}

/**
 * Every program of every README (the root one and each package's), grouped by the package whose
 * scratch app runs it: the first non-core @flash package it imports, else @flash/core, else the
 * package whose README it is in. `continues` blocks are appended to the program before them.
 */
function readmePrograms({ quiet }) {
  const grouped = new Map()
  const readmes = [{ file: join(ROOT, 'README.md'), pkg: undefined }].concat(
    packages.map((pkg) => ({ file: join(pkg.path, 'README.md'), pkg })),
  )
  for (const { file, pkg } of readmes) {
    if (!existsSync(file)) continue
    const where = relative(ROOT, file)
    let previous
    let previousRunnable
    for (const block of readmeBlocks(readFileSync(file, 'utf8'))) {
      const name = `${where}:${block.line}`
      if (block.marker.packageJson || installedBy(block).length) {
        const owner = pkg?.name
        if (owner) groupOf(grouped, owner).setup.push(block)
        continue
      }
      if (!isProgram(block)) continue
      if (block.marker.skip) {
        if (!quiet) console.log(`- ${name}: skipped (${block.marker.skip})`)
        continue
      }
      // A runnable block continues the last runnable program: no-run fragments in between are asides.
      const base = block.marker.noRun ? previous : previousRunnable
      const program =
        block.marker.continues && base ? continueProgram(base, block) : newProgram(block, name, pkg)
      if (!program.owner) {
        report(
          false,
          `${name}: belongs to a package`,
          'it imports no @flash package: import one, or add a readme-check marker',
        )
        continue
      }
      if (block.marker.continues && base && !quiet) reportRepeatedImports(base, block, name)
      const programs = groupOf(grouped, program.owner).programs
      if (block.marker.continues && base) programs.splice(programs.indexOf(base), 1)
      programs.push(program)
      previous = program
      if (!program.noRun) previousRunnable = program
    }
  }
  return grouped
}

function groupOf(grouped, owner) {
  if (!grouped.has(owner)) grouped.set(owner, { programs: [], setup: [] })
  return grouped.get(owner)
}

function ownerOf(code, readmePackage) {
  const flash = importsOf(code)
    .map(packageNameOf)
    .filter((name) => byName.has(name))
  return flash.find((name) => name !== '@flash/core') ?? flash[0] ?? readmePackage?.name
}

function newProgram(block, name, readmePackage) {
  const context = block.marker.context.join('\n')
  const code = context ? `${context}\n${block.code}` : block.code
  return {
    name,
    language: block.language,
    code,
    owner: ownerOf(block.code, readmePackage),
    noRun: block.marker.noRun,
    cycle: block.marker.cycle,
  }
}

/**
 * The previous program followed by this block, as a reader pastes them into one file: nothing is
 * dropped, so a name both import is the reader's duplicate identifier here too.
 */
function continueProgram(previous, block) {
  const context = block.marker.context.join('\n')
  return {
    ...previous,
    name: `${previous.name}+${block.line}`,
    language: block.language === 'tsx' ? 'tsx' : previous.language,
    code: `${previous.code}${context ? `${context}\n` : ''}${block.code}`,
    noRun: block.marker.noRun ?? previous.noRun,
    cycle: block.marker.cycle || previous.cycle,
  }
}

/**
 * A continuing block that imports a name its program already imports is one program that does not
 * compile (TS2300; a SyntaxError in Node). Reported once, by the main run, naming the name; tsc then
 * fails the program as well. Repeating a side-effect import (`import 'x'`) binds nothing: allowed.
 */
function reportRepeatedImports(program, block, name) {
  const before = new Set(importedBindings(program.code))
  const repeated = importedBindings(block.code).filter((binding) => before.has(binding))
  report(
    repeated.length === 0,
    `${name}: imports no name the program it continues (${program.name}) imports`,
    `it imports ${repeated.map((binding) => `"${binding}"`).join(', ')} again: a reader who pastes ` +
      'the blocks into one file gets a duplicate identifier; drop the repeated import',
  )
}

function checkPackage(pkg, tarballs, { programs, setup }, work) {
  const peers = Object.entries(pkg.manifest.peerDependencies ?? {})
  const bounds = new Map()
  for (const [peer, range] of peers) {
    try {
      bounds.set(peer, versionBounds(peer, range))
    } catch (error) {
      report(
        false,
        `${pkg.name}: peer ${peer}@${range} has published versions`,
        String(error.message ?? error),
      )
      return
    }
  }
  for (const bound of peers.length ? ['lowest', 'highest'] : ['latest']) {
    const label = `${pkg.name} [${bound} peers]`
    const dir = join(work, `${pkg.dir.replaceAll('/', '-')}-${bound}`)
    const pinned = new Map([...bounds].map(([peer, versions]) => [peer, versions[bound]]))
    const specs = installSpecs(pkg, tarballs, pinned, setup, programs)
    const extraManifest = Object.assign(
      {},
      ...setup.filter((b) => b.marker.packageJson).map((b) => JSON.parse(b.code)),
    )
    const install = installScratchApp(dir, specs, { extraManifest, compilerOptions: jsxOptionsOf(pkg) })
    const versions = [...pinned].map(([peer]) => `${peer}@${installedVersion(dir, peer)}`).join(', ')
    report(install.ok, `${label}: npm install ${versions || '(no peers)'}`, install.output)
    if (!install.ok) continue
    const mismatched = [...pinned].filter(([peer, version]) => installedVersion(dir, peer) !== version)
    report(
      mismatched.length === 0,
      `${label}: npm installed the pinned peer versions`,
      mismatched
        .map(([peer, version]) => `${peer}: wanted ${version}, got ${installedVersion(dir, peer)}`)
        .join('\n'),
    )
    checkPrograms(label, dir, pkg, programs)
  }
}

/** npm specs: tarballs for @flash packages, pinned peers, then the rest at the package's dev range or latest. */
function installSpecs(pkg, tarballs, pinned, setup, programs) {
  const wanted = new Set(['@types/node@20'])
  const names = new Set([
    pkg.name,
    ...workspaceDependencies(pkg),
    ...setup.flatMap(installedBy).map(packageNameOrSpec),
    ...programs.flatMap((p) => importsOf(p.code)).map(packageNameOf),
    ...formatApps(pkg)
      .flatMap((file) => importsOf(readFileSync(file, 'utf8')))
      .map(packageNameOf),
  ])
  for (const name of names) {
    if (byName.has(name)) {
      for (const dependency of [name, ...workspaceDependencies(byName.get(name))])
        wanted.add(tarballs.get(dependency))
    } else if (pinned.has(name)) continue
    else {
      const range = pkg.manifest.devDependencies?.[name]
      wanted.add(range ? `${name}@${range}` : name)
    }
  }
  for (const [peer, version] of pinned) wanted.add(`${peer}@${version}`)
  return [...wanted]
}

function packageNameOrSpec(spec) {
  return spec.startsWith('@') ? `@${spec.slice(1).split('@')[0]}` : spec.split('@')[0]
}

function workspaceDependencies(pkg) {
  return Object.entries(pkg.manifest.dependencies ?? {})
    .filter(([, range]) => range.startsWith('workspace:'))
    .flatMap(([name]) => [name, ...workspaceDependencies(byName.get(name))])
}

function jsxOptionsOf(pkg) {
  const file = join(pkg.path, 'tsconfig.json')
  if (!existsSync(file)) return {}
  const { compilerOptions = {} } = JSON.parse(readFileSync(file, 'utf8'))
  return Object.fromEntries(Object.entries(compilerOptions).filter(([key]) => key.startsWith('jsx')))
}

/** The files of the package's format apps in this folder (empty when it has none). */
function formatApps(pkg) {
  const folder = join(FORMAT_APPS, basename(pkg.dir))
  return existsSync(folder) ? readdirSync(folder).map((file) => join(folder, file)) : []
}

/**
 * The package used from a CommonJS file alone, then from ES module and CommonJS files in one
 * program: the adapters' augmentations (`req.messages`) name the core's classes, which must be the
 * ones both formats import, and the two builds' declarations must not collide.
 */
function checkFormats(label, dir, pkg) {
  const apps = formatApps(pkg)
  mkdirSync(join(dir, 'formats'))
  for (const file of apps) copyFileSync(file, join(dir, 'formats', basename(file)))
  if (!apps.length) {
    writeFileSync(
      join(dir, 'formats/esm.ts'),
      `import * as flash from '${pkg.name}'\nexport const esm = flash\n`,
    )
    writeFileSync(
      join(dir, 'formats/cjs.cts'),
      `import flash = require('${pkg.name}')\nexport const cjs = flash\n`,
    )
  }
  const folder = apps.length ? `scripts/packed/formats/${basename(pkg.dir)}: ` : ''
  // Errors in other libraries' declarations are theirs; ours and the format apps are what count.
  const ours = (errors) =>
    [...errors]
      .filter(
        ([file]) => file.startsWith('formats/') || file.startsWith('node_modules/@flash/') || file === '',
      )
      .flatMap(([, lines]) => lines)
  const cjs = ours(typecheck(dir, 'tsconfig.formats-cjs.json'))
  report(
    cjs.length === 0,
    `${label}: ${folder}a CommonJS app (.cts) using ${pkg.name} type-checks`,
    cjs.join('\n'),
  )
  const mixed = ours(typecheck(dir, 'tsconfig.formats.json'))
  report(
    mixed.length === 0,
    `${label}: ${folder}ESM (.ts) and CJS (.cts) apps using ${pkg.name} type-check together`,
    mixed.join('\n'),
  )
}

function checkPrograms(label, dir, pkg, programs) {
  checkFormats(label, dir, pkg)
  if (formatsOnly) return
  mkdirSync(join(dir, 'blocks'))
  const files = programs.map((program) => {
    const file = `blocks/${program.name.replace(/[^\w]+/g, '-')}${EXTENSIONS[program.language] ?? '.ts'}`
    const exportApp = program.cycle ? '\nexport { app }\n' : ''
    writeFileSync(join(dir, file), `${program.code}${exportApp}`)
    return file
  })
  copyFileSync(join(import.meta.dirname, 'cycle-driver.mjs'), join(dir, 'cycle-driver.mjs'))

  // tsc refuses a project with no input files: a package whose README has no program of its own
  // (its examples import an adapter and are checked there) is checked through its format apps only.
  const errors = programs.length > 0 ? typecheck(dir) : new Map()
  // Errors outside the programs (a bad tsconfig, a broken declaration file) fail every program.
  const elsewhere = [...errors].filter(([file]) => !files.includes(file)).flatMap(([, lines]) => lines)
  if (elsewhere.length)
    report(false, `${label}: the scratch app type-checks outside the README programs`, elsewhere.join('\n'))
  programs.forEach((program, i) => {
    const typeErrors = errors.get(files[i]) ?? []
    report(typeErrors.length === 0, `${label}: ${program.name} type-checks (strict)`, typeErrors.join('\n'))
    if (program.noRun) return
    const ran = program.cycle ? run(dir, 'cycle-driver.mjs', [files[i]]) : run(dir, files[i])
    report(
      ran.ok,
      `${label}: ${program.name} runs${program.cycle ? ' a POST/redirect/GET cycle' : ''}`,
      ran.output,
    )
  })
}
