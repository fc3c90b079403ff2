import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import type { RunResults } from '../src/results.js'
import { cpuSessionRatios } from '../src/sessions.js'
import { tempRepo } from './temp-repo.js'

const run = promisify(execFile)
const TOOL = fileURLToPath(new URL('../src/pool-sessions.ts', import.meta.url))
const TSX = fileURLToPath(import.meta.resolve('tsx/cli'))
// The last full run's own file: the tool is read on what the harness really writes.
const LAST_RUN = fileURLToPath(new URL('../results/results.json', import.meta.url))
const lastRun = JSON.parse(readFileSync(LAST_RUN, 'utf8')) as RunResults

const dir = mkdtempSync(join(tmpdir(), 'pool-sessions-'))
/** The last run changed by `change`, written as `name`. */
const write = (name: string, change: (r: RunResults) => object) => {
  const path = join(dir, name)
  writeFileSync(path, JSON.stringify(change(lastRun)))
  return path
}
// Each case starts the tool in its own tsx process, about half a second each here.
const TIMEOUT = 30_000

const pool = (...paths: string[]) => run(process.execPath, [TSX, TOOL, ...paths])
const failure = (...paths: string[]) =>
  pool(...paths).then(
    () => expect.fail('the tool accepted what it must refuse'),
    (error: { code: number; stderr: string }) => error,
  )

describe('pool-sessions.ts', () => {
  it("reads every run's sessions as one: each comparison's interval and verdict over all of them", async () => {
    // A run pooled with itself: every session twice, so twelve readings whose 3rd lowest and
    // 3rd highest are the run's 2nd lowest and 2nd highest.
    const { stdout } = await pool(LAST_RUN, LAST_RUN)
    // The harness records the code it measured (since round 22), and the tool names it.
    // Fingerprinted again from its commit, framework by framework (or as recorded, in a clone without it).
    for (const name of ['Fastify', 'Koa', 'Hono', 'Express'])
      expect(stdout).toMatch(new RegExp(`${name}: the same code in every run: fingerprint [0-9a-f]{12}`))
    const rows = stdout.split('\n').filter((line) => /^\| S\d/.test(line))
    expect(rows).toHaveLength(lastRun.ratios.length)
    const rounds = (key: string) => lastRun.variants.find((v) => v.key === key)!.rounds
    const sorted = (limit: string, subject: string) =>
      cpuSessionRatios(rounds(limit), rounds(subject), lastRun.settings).sort((a, b) => a - b)
    // Six sorted sessions counted twice: the twelve's 3rd lowest and 3rd highest are the six's 2nd.
    const twice = (six: number[]) => `${six[1]!.toFixed(2)}-${six[six.length - 2]!.toFixed(2)} (96.1%)`
    for (const [i, r] of lastRun.ratios.entries()) {
      const sessions = sorted(r.limit, r.subject)
      const [low, high] = [sessions[1]!, sessions[sessions.length - 2]!]
      const verdict = low >= r.target ? 'met' : high < r.target ? '**missed**' : '**unresolved**'
      // Twelve readings, each of the six twice: their median is the six's.
      const middle = (sessions[2]! + sessions[3]!) / 2
      const noise = sorted(`${r.framework}:s0`, `${r.framework}:s0-control`)
      expect(rows[i]).toBe(
        `| ${r.name} | ${r.framework} | >= ${r.target} | 12 | ${middle.toFixed(2)} | ` +
          `${twice(sessions)} | ${verdict} | ${twice(noise)} |`,
      )
    }
  })

  it(
    'refuses runs that differ in settings, Node or packages, naming what differs',
    async () => {
      const fewerRounds = write('rounds.json', (r) => ({ ...r, settings: { ...r.settings, rounds: 6 } }))
      const otherNode = write('node.json', (r) => ({ ...r, node: 'v22.0.0' }))
      const otherKoa = write('koa.json', (r) => ({ ...r, packages: { ...r.packages, koa: '0.0.1' } }))
      const quick = write('quick.json', (r) => ({ ...r, quick: true }))
      expect((await failure(LAST_RUN, fewerRounds)).stderr).toMatch(/settings differ/)
      expect((await failure(LAST_RUN, otherNode)).stderr).toMatch(/Node differs \(v22\.0\.0/)
      expect((await failure(LAST_RUN, otherKoa)).stderr).toMatch(/package versions differ/)
      expect((await failure(LAST_RUN, quick)).stderr).toMatch(/quick run/)
      const alone = await failure(LAST_RUN)
      expect([alone.code, alone.stderr]).toEqual([2, expect.stringMatching(/^usage: .*two or more runs/)])
    },
    TIMEOUT,
  )

  it(
    'refuses runs of other code, naming both commits, and names the code it pools',
    async () => {
      const code = { commit: 'a'.repeat(40), uncommitted: false, fingerprint: 'b'.repeat(64) }
      const recorded = write('code.json', (r) => ({ ...r, code }))
      const otherCode = write('other-code.json', (r) => ({
        ...r,
        code: { commit: 'c'.repeat(40), uncommitted: true, fingerprint: 'd'.repeat(64) },
      }))
      expect((await failure(recorded, otherCode)).stderr).toMatch(
        /measured code differs \(.* at ccccccc against .* at aaaaaaa; a run on uncommitted changes/,
      )
      // A run from before round 22, with no record of its code.
      const unrecorded = write('unrecorded.json', ({ code: _, ...r }) => r)
      expect((await failure(unrecorded, recorded)).stderr).toMatch(
        /one run records its code and the other does not/,
      )
      // The same fingerprint is pooled, and named; runs from before the fingerprint are the caller's word.
      expect((await pool(recorded, recorded)).stdout).toMatch(
        /Koa: the same code in every run: fingerprint bbbbbbbbbbbb as recorded \(aaaaaaa\)/,
      )
      expect((await pool(unrecorded, unrecorded)).stdout).toMatch(
        /record no fingerprint of their code .*your word/,
      )
    },
    TIMEOUT,
  )

  it(
    "pools a framework's rows over runs whose other adapters differ, fingerprinted again from their commits",
    async () => {
      const { root: repo, commit } = tempRepo('pool-sessions-repo-')
      const first = commit({
        'packages/core/src/index.ts': 'export const core = 1\n',
        'packages/koa/src/index.ts': 'export const koa = 1\n',
        'packages/hono/src/index.ts': 'export const hono = 1\n',
      })
      const honoChanged = commit({ 'packages/hono/src/index.ts': 'export const hono = 2\n' })
      const koaCommented = commit({ 'packages/koa/src/index.ts': '/** One. */\nexport const koa = 1\n' })
      const koaChanged = commit({ 'packages/koa/src/index.ts': 'export const koa = 2\n' })
      const at = (name: string, commit: string, uncommitted = false) =>
        write(name, (r) => ({ ...r, code: { commit, uncommitted, fingerprint: 'e'.repeat(64) } }))
      const [one, two, three, four] = [
        at('first.json', first),
        at('hono-changed.json', honoChanged),
        at('koa-commented.json', koaCommented),
        at('koa-changed.json', koaChanged),
      ]
      const inRepo = ['--repo', repo]
      expect((await failure(one, two, ...inRepo)).stderr).toMatch(
        /measured code of Hono's servers differs \(.* at [0-9a-f]{7} against .* at [0-9a-f]{7}\)/,
      )
      const koaOnly = await pool(one, two, three, '--framework', 'koa', ...inRepo)
      expect(koaOnly.stdout).toMatch(
        /^Koa: the same code in every run: fingerprint [0-9a-f]{12} \(its servers' code/m,
      )
      const rows = koaOnly.stdout.split('\n').filter((line) => /^\| S\d/.test(line))
      expect(rows.map((row) => row.split(' | ')[1])).toEqual(['koa', 'koa', 'koa'])
      expect(rows[0]).toMatch(/\| 18 \|/)
      expect((await failure(one, four, '--framework', 'koa', ...inRepo)).stderr).toMatch(
        /measured code of Koa's servers differs/,
      )
      // Uncommitted changes cannot be fingerprinted again: the recorded fingerprint, whole, decides.
      const dirty = at('dirty.json', honoChanged, true)
      expect((await pool(one, dirty, '--framework', 'koa', ...inRepo)).stdout).toMatch(/as recorded/)
      expect((await failure(one, '--framework', 'elm', two)).stderr).toMatch(/no framework "elm"/)
    },
    TIMEOUT,
  )
})
