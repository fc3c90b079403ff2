/**
 * @module
 * `tsx bench/src/pool-sessions.ts RUN.json RUN.json [...] [--framework NAME]... [--repo DIR]`: the
 * session verdicts of several full runs of the same code, read as one.
 *
 * A run's six sessions hold the median session's ratio with 96.9% confidence only over their whole
 * range, and two processes of identical code land 5-20% apart here, so a 3% target mostly falls
 * inside that range: unresolved, which issue 19 counts as unmet and asks to run again. Running
 * again gives six more sessions, each a fresh pair of processes and as independent of the first
 * run's as of each other; pooled, twelve sessions hold the median between their third lowest and
 * third highest (96.1%), eighteen between their fifth (96.9%), so the range narrows as runs are
 * added where one run's range never does. A run's own median is not pooled: it is one draw of the
 * sessions' spread (runs 17 and 18 read Koa's S1 at 1.02 and 0.92 on the same code).
 *
 * Only runs of the same code may be pooled: runs whose settings, Node version, package versions or
 * measured code differ are refused. The code is judged per framework: a framework's servers load
 * only its own adapter, so its rows may pool runs that differ in another adapter
 * (`--framework koa` keeps only Koa's rows, for runs whose Hono differs). Each run that recorded a
 * clean checkout is fingerprinted again from its commit, by today's rule (`fingerprintAt` in
 * `measured-code.ts`: comments, analysis tools and other adapters left out), in the repository the
 * tool is in, or `--repo DIR`. A run started on uncommitted changes, or whose commit the repository
 * lacks, is held to the fingerprint it recorded, whole; runs 1-19 recorded none, and for them it is
 * the caller's word, said so in the output. A finished run's file is in git
 * (`git show <commit>:bench/results/results.json > run.json`).
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { fingerprintAt } from './measured-code.js'
import type { RunResults } from './results.js'
import { FRAMEWORK_NAMES, FRAMEWORKS, type Framework, isFramework } from './scenarios.js'
import { cpuSessionRatios, judgeSessions, type MedianInterval, medianInterval } from './sessions.js'
import { median } from './stats.js'

const USAGE =
  'usage: tsx bench/src/pool-sessions.ts RUN.json RUN.json [...] [--framework NAME]... [--repo DIR] (two or more runs of the same code)'
const args = process.argv.slice(2)
const frameworks = new Set<Framework>()
let repo = fileURLToPath(new URL('../..', import.meta.url))
const paths: string[] = []
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!
  if (arg === '--framework' || arg === '--repo') {
    const value = args[++i]
    if (value === undefined) fail(USAGE)
    if (arg === '--repo') repo = value
    else if (isFramework(value)) frameworks.add(value)
    else fail(`pool-sessions: no framework "${value}" (${FRAMEWORKS.join(', ')})`)
  } else paths.push(arg)
}
if (paths.length < 2) fail(USAGE)
const runs = paths.map((path) => JSON.parse(readFileSync(path, 'utf8')) as RunResults)
const rows = runs[0]!.ratios.filter((r) => frameworks.size === 0 || frameworks.has(r.framework as Framework))
const refusal = whyNotPooled(runs)
const sameCode = refusal ? undefined : codeOfEachFramework(runs)
if (refusal || typeof sameCode === 'string') fail(`pool-sessions: ${refusal ?? sameCode}`)

function fail(text: string): never {
  console.error(text)
  process.exit(2)
}

/** Each run's session ratios of `limit / subject`, one after the other. */
function pooledRatios(limit: string, subject: string): number[] {
  return runs.flatMap((run) => {
    const rounds = (key: string) => run.variants.find((v) => v.key === key)?.rounds
    const [l, s] = [rounds(limit), rounds(subject)]
    return l && s ? cpuSessionRatios(l, s, run.settings) : []
  })
}

const fixed = (x: number) => x.toFixed(2)
const interval = (i: MedianInterval | undefined) =>
  i ? `${fixed(i.low)}-${fixed(i.high)} (${i.confidence.toFixed(1)}%)` : 'n/a'
const VERDICTS = { met: 'met', missed: '**missed**', unresolved: '**unresolved**' } as const

const sessionCount = runs.reduce((n, r) => n + r.settings.sessions, 0)
console.log(
  [
    `${runs.length} runs (${runs.map((r) => r.date).join(', ')}), ${sessionCount} sessions a comparison.`,
    ...(sameCode as string[]),
    'Each session is the median of its rounds (CPU ratio, limit over subject); the interval is the narrowest',
    "range of their order statistics that holds the median session's ratio with at least 95% confidence",
    '(the sign test); the noise is the same interval for a second process of S0 against S0.',
    '',
  ].join('\n'),
)
console.log(
  '| ratio | framework | target | sessions | median session | interval (confidence) | verdict | noise interval |',
)
console.log('|---|---|--:|--:|--:|--:|---|--:|')
for (const r of rows) {
  const ratios = pooledRatios(r.limit, r.subject)
  const pooled = medianInterval(ratios)
  const noise = medianInterval(pooledRatios(`${r.framework}:s0`, `${r.framework}:s0-control`))
  const middle = pooled ? median(ratios) : undefined
  console.log(
    `| ${r.name} | ${r.framework} | >= ${r.target} | ${ratios.length} | ${middle === undefined ? 'n/a' : fixed(middle)} | ` +
      `${interval(pooled)} | ${pooled ? VERDICTS[judgeSessions(pooled, r.target)] : 'n/a'} | ${interval(noise)} |`,
  )
}

/** Why these runs cannot be read as one (their settings, Node, packages or code differ), or `undefined`. */
function whyNotPooled(all: readonly RunResults[]): string | undefined {
  const [first, ...rest] = all as [RunResults, ...RunResults[]]
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)
  for (const run of rest) {
    if (run.quick || first.quick) return 'a quick run has too few rounds to pool: pool full runs only'
    if (!same(run.settings, first.settings)) return `settings differ (${run.date} against ${first.date})`
    if (run.node !== first.node) return `Node differs (${run.node} against ${first.node})`
    if (!same(run.packages, first.packages))
      return `package versions differ (${run.date} against ${first.date})`
    if (!same(keysOf(run), keysOf(first)))
      return `the compared ratios differ (${run.date} against ${first.date})`
    if ((run.code === undefined) !== (first.code === undefined))
      return `one run records its code and the other does not (${run.date} against ${first.date}): pool runs of one harness only`
  }
  return undefined
}

/**
 * For each framework of the rows read, the line that names the code its runs share, or why they
 * do not share it: the fingerprint of its servers' code at each run's commit, when every run
 * recorded a clean checkout of a commit the repository has; otherwise the whole fingerprint each
 * run recorded.
 */
function codeOfEachFramework(all: readonly RunResults[]): string[] | string {
  const first = all[0]!
  if (first.code === undefined)
    return [
      'These runs record no fingerprint of their code (runs before round 22): that it is the same is your word.',
    ]
  const at = (run: RunResults) => `${run.date} at ${run.code!.commit.slice(0, 7)}`
  const lines: string[] = []
  for (const framework of new Set(rows.map((r) => r.framework as Framework))) {
    const name = FRAMEWORK_NAMES[framework]
    const prints = all.map((run) =>
      run.code!.uncommitted ? undefined : fingerprintAt(repo, run.code!.commit, framework),
    )
    if (prints.every((print) => print !== undefined)) {
      const other = prints.findIndex((print) => print !== prints[0])
      if (other !== -1)
        return `the measured code of ${name}'s servers differs (${at(all[other]!)} against ${at(first)})`
      lines.push(
        `${name}: the same code in every run: fingerprint ${prints[0]!.slice(0, 12)} (its servers' code at each run's commit, ${commitsOf(all)}).`,
      )
      continue
    }
    const other = all.findIndex((run) => run.code!.fingerprint !== first.code!.fingerprint)
    if (other !== -1)
      return `the measured code differs (${at(all[other]!)} against ${at(first)}; a run on uncommitted changes, or of a commit this repository lacks, is held to the fingerprint it recorded)`
    lines.push(
      `${name}: the same code in every run: fingerprint ${first.code.fingerprint.slice(0, 12)} as recorded (${commitsOf(all)}).`,
    )
  }
  return lines
}

/** The runs' commits, each once, in order (`with uncommitted changes` where a run says so). */
function commitsOf(all: readonly RunResults[]): string {
  const named = all.map(
    (run) => run.code!.commit.slice(0, 7) + (run.code!.uncommitted ? ' with uncommitted changes' : ''),
  )
  return [...new Set(named)].join(', ')
}

function keysOf(run: RunResults): string[] {
  return run.ratios.map((r) => `${r.name} ${r.framework} ${r.crypto} ${r.limit} ${r.subject} ${r.target}`)
}
