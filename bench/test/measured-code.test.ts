import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ANALYSIS_TOOLS, fingerprintAt, isMeasured, measuredCode } from '../src/measured-code.js'
import { FRAMEWORKS } from '../src/scenarios.js'
import { tempRepo } from './temp-repo.js'

/** A real git checkout shaped like this repository, with one commit. */
function checkout(): {
  root: string
  write: (path: string, text: string) => void
  head: () => string
  commit: () => string
} {
  const { root, git, write, commit } = tempRepo('measured-code-')
  write('packages/core/src/index.ts', 'export const a = 1\n')
  write('packages/core/package.json', '{"name":"@flash/core"}\n')
  write('packages/core/test/a.test.ts', '// a test\n')
  write('packages/koa/src/index.ts', 'export const koa = 1\n')
  write('packages/hono/src/index.ts', 'export const hono = 1\n')
  write('bench/src/rounds.ts', 'export const rounds = 12\n')
  write('bench/src/servers/koa.ts', "import '@flash/koa'\n")
  write('bench/src/servers/hono.ts', "import '@flash/hono'\n")
  write('bench/src/report/markdown.ts', 'export const title = "results"\n')
  write('README.md', '# readme\n')
  commit()
  return { root, write, head: () => git('rev-parse', 'HEAD'), commit: () => commit() }
}

describe('measuredCode', () => {
  it('names the commit and fingerprints the packages and the harness as they are on disk', () => {
    const { root, write, head } = checkout()
    const committed = measuredCode(root)!
    expect(committed).toEqual({
      commit: head(),
      uncommitted: false,
      fingerprint: expect.stringMatching(/^[0-9a-f]{64}$/),
    })

    write('packages/core/src/index.ts', 'export const a = 2\n')
    const changedProduct = measuredCode(root)!
    expect(changedProduct.uncommitted).toBe(true)
    expect(changedProduct.fingerprint).not.toBe(committed.fingerprint)

    write('packages/core/src/index.ts', 'export const a = 1\n')
    write('bench/src/rounds.ts', 'export const rounds = 24\n')
    expect(measuredCode(root)!.fingerprint).not.toBe(committed.fingerprint)
    write('bench/src/rounds.ts', 'export const rounds = 12\n')
    write('packages/core/package.json', '{"name":"@flash/core","exports":{}}\n')
    expect(measuredCode(root)!.fingerprint).not.toBe(committed.fingerprint)
    write('packages/core/package.json', '{"name":"@flash/core"}\n')
    expect(measuredCode(root)).toEqual(committed)
  })

  it('counts a module not yet added to git, and leaves out what git ignores', () => {
    const { root, write } = checkout()
    const committed = measuredCode(root)!
    write('.gitignore', 'packages/*/src/*.generated.ts\n')
    write('packages/core/src/cache.generated.ts', 'export const ignored = true\n')
    expect(measuredCode(root)!.fingerprint).toBe(committed.fingerprint)
    write('packages/core/src/new-module.ts', 'export const b = 2\n')
    expect(measuredCode(root)).toEqual({
      ...committed,
      uncommitted: true,
      fingerprint: expect.not.stringMatching(committed.fingerprint),
    })
  })

  it('leaves out what cannot change a figure: the report, tests, docs', () => {
    const { root, write } = checkout()
    const before = measuredCode(root)!
    write('bench/src/report/markdown.ts', 'export const title = "the results"\n')
    write('packages/core/test/a.test.ts', '// another test\n')
    write('README.md', '# the readme\n')
    write('bench/src/instructions.ts', '// a tool run by hand, never by a run\n')
    write('bench/src/measured-code.ts', '// names the code, measures none of it\n')
    expect(measuredCode(root)).toEqual(before)
  })

  it("leaves out a source file's comments and layout, not its code", () => {
    const { root, write } = checkout()
    const before = measuredCode(root)!
    write('packages/core/src/index.ts', '/** Why a is 1. */\nexport const a =\n  1 // one\n')
    expect(measuredCode(root)).toEqual({ ...before, uncommitted: true })
    // A comment's text inside a template is code (the source built here, so this file holds no placeholder).
    const template = (text: string) => `export const a = 1\nexport const b = \`$\{a}${text}\`\n`
    write('packages/core/src/index.ts', template('// not a comment'))
    const withTemplate = measuredCode(root)!.fingerprint
    write('packages/core/src/index.ts', template('// another text'))
    expect(measuredCode(root)!.fingerprint).not.toBe(withTemplate)
    write('packages/core/src/index.ts', 'export const a = 2\n')
    expect(measuredCode(root)!.fingerprint).not.toBe(before.fingerprint)
  })

  it("fingerprints a commit's code by today's rule, whole or as one framework's servers load it", () => {
    const { root, write, commit, head } = checkout()
    const first = head()
    expect(fingerprintAt(root, first)).toBe(measuredCode(root)!.fingerprint)
    // Another adapter and its server module: Koa's servers load neither.
    write('packages/hono/src/index.ts', 'export const hono = 2\n')
    write('bench/src/servers/hono.ts', "import '@flash/hono'\nexport const port = 0\n")
    const honoChanged = commit()
    expect(fingerprintAt(root, honoChanged, 'koa')).toBe(fingerprintAt(root, first, 'koa'))
    expect(fingerprintAt(root, honoChanged, 'hono')).not.toBe(fingerprintAt(root, first, 'hono'))
    expect(fingerprintAt(root, honoChanged)).not.toBe(fingerprintAt(root, first))
    // What every server loads: the core and the harness.
    write('bench/src/rounds.ts', 'export const rounds = 24\n')
    const harnessChanged = commit()
    expect(fingerprintAt(root, harnessChanged, 'koa')).not.toBe(fingerprintAt(root, first, 'koa'))
    expect(fingerprintAt(root, 'f'.repeat(40))).toBeUndefined()
  })

  it('names the files of each framework', () => {
    expect(isMeasured('packages/koa/src/middleware.ts', 'koa')).toBe(true)
    expect(isMeasured('packages/koa/src/middleware.ts', 'hono')).toBe(false)
    expect(isMeasured('packages/core/src/api.ts', 'hono')).toBe(true)
    expect(isMeasured('packages/redis/package.json', 'express')).toBe(true)
    expect(isMeasured('packages/redis/test/redis.test.ts')).toBe(false)
    expect(isMeasured('bench/src/servers/koa-convert.ts', 'koa')).toBe(true)
    expect(isMeasured('bench/src/servers/koa-convert.ts', 'fastify')).toBe(false)
    expect(isMeasured('bench/src/servers/page.ts', 'fastify')).toBe(true)
    expect(isMeasured('bench/src/report/markdown.ts')).toBe(false)
    expect(isMeasured('bench/results/results.json')).toBe(false)
  })

  it('leaves out only tools that nothing a run loads imports', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url))
    const sources = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((path) =>
      path.endsWith('.ts'),
    )
    const tools = new Set<string>(ANALYSIS_TOOLS)
    for (const tool of tools) expect(sources).toContain(tool)
    for (const path of sources.filter((path) => !tools.has(path))) {
      const text = readFileSync(join(src, path), 'utf8')
      // Every relative import, static or dynamic, and every path a child process is started with.
      for (const [, target] of text.matchAll(/['"](\.{1,2}\/[^'"]+)['"]/g)) {
        const imported = relative(src, join(src, dirname(path), target!)).replace(/\.js$/, '.ts')
        expect(tools.has(imported), `${path} loads ${imported}`).toBe(false)
      }
    }
  })

  it("keeps in each framework's fingerprint whatever its measured files import", () => {
    const repo = fileURLToPath(new URL('../../', import.meta.url))
    const tracked = execFileSync('git', ['ls-files', '-z', 'packages', 'bench/src'], {
      cwd: repo,
      encoding: 'utf8',
    })
      .split('\0')
      .filter((path) => /\.tsx?$/.test(path) && isMeasured(path))
    let imports = 0
    for (const path of tracked) {
      for (const line of readFileSync(join(repo, path), 'utf8').split('\n')) {
        // Relative modules, and the workspace's packages by name (`@flash/koa`, `@flash/core/node`).
        const targets = [
          ...[...line.matchAll(/from ['"](\.{1,2}\/[^'"]+)['"]|import\(['"](\.{1,2}\/[^'"]+)['"]\)/g)].map(
            ([, from, dynamic]) => join(dirname(path), (from ?? dynamic)!).replace(/\.js$/, '.ts'),
          ),
          ...[...line.matchAll(/(?:from |import\()['"]@flash\/([a-z-]+)[^'"]*['"]/g)].map(
            ([, name]) => `packages/${name}/src/index.ts`,
          ),
        ]
        // A line keyed by a framework (entry.ts's `koa: async () => (await import('./koa.js'))...`)
        // is run only for that framework's servers.
        const keyedBy = FRAMEWORKS.find((framework) => line.trimStart().startsWith(`${framework}:`))
        // What no run's figures depend on (measured-code.ts, the report) is left out of every fingerprint.
        for (const target of targets.filter((target) => isMeasured(target))) {
          imports++
          for (const framework of FRAMEWORKS) {
            if (isMeasured(path, framework) && (keyedBy === undefined || keyedBy === framework))
              expect(isMeasured(target, framework), `${path} (${framework}) loads ${target}`).toBe(true)
          }
        }
      }
    }
    expect(imports).toBeGreaterThan(100)
  })

  it('is undefined outside a git checkout', () => {
    const root = mkdtempSync(join(tmpdir(), 'measured-code-plain-'))
    writeFileSync(join(root, 'README.md'), '# no git here\n')
    expect(measuredCode(root)).toBeUndefined()
  })
})
