/**
 * @module
 * Load and soak: N concurrent clients, each with its own cookie jar and keep-alive connection,
 * doing add -> redirect -> read cycles against each adapter's server (a separate process on
 * 127.0.0.1) for a fixed time. Every client numbers its messages and checks what it reads back:
 * 0 errors, 0 messages lost, 0 duplicated. The server's RSS is sampled (start, peak, end).
 *
 * Cycles (per client, in turn): add 1-3 short messages and read them after the redirect; every 5th
 * cycle adds without reading (the next read must show both cycles); every 7th adds 40 messages,
 * more than the cookie holds, so fallback storage spills into the session.
 *
 *   npx tsx internal/hardening/src/soak.ts [--seconds 60] [--clients 50] [--adapters fastify,koa,hono,express]
 *                                          [--storage fallback] [--record]
 *
 * `--record` writes bench/results/soak.json and soak.md; otherwise they go to a temp directory.
 * Exits 1 when any client saw an error, a lost or a duplicated message.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { ADAPTERS, type AdapterName, type ShownMessage } from './apps/index.js'
import { httpClient } from './apps/raw-http.js'
import { CookieJar } from './jar.js'

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    clients: { type: 'string', default: '50' },
    adapters: { type: 'string', default: ADAPTERS.join(',') },
    storage: { type: 'string', default: 'fallback' },
    record: { type: 'boolean', default: false },
  },
})
const SECONDS = Number(values.seconds)
const CLIENTS = Number(values.clients)
const STORAGE = values.storage as 'cookie' | 'session' | 'fallback'
const SELECTED = values.adapters.split(',') as AdapterName[]
if (!(SECONDS > 0 && SECONDS <= 600) || !(CLIENTS > 0 && CLIENTS <= 500)) {
  throw new Error('--seconds must be in (0, 600] and --clients in (0, 500]')
}
if (!['cookie', 'session', 'fallback'].includes(STORAGE))
  throw new Error('--storage: cookie, session or fallback')
if (STORAGE === 'cookie')
  console.warn('cookie storage drops the oldest when full: the 40-message cycles will report losses')
for (const a of SELECTED) if (!ADAPTERS.includes(a)) throw new Error(`unknown adapter ${a}`)

const HERE = dirname(fileURLToPath(import.meta.url))
const RSS_EVERY_MS = 500
const OVERFLOW_COUNT = 40

interface ClientResult {
  cycles: number
  requests: number
  added: number
  shown: number
  errors: number
  lost: number
  duplicated: number
  firstProblem?: string
}

interface ServerHandle {
  child: ChildProcess
  port: number
  stats(): Promise<{ rss: number; warnings: number; sessionWrites: number }>
  stop(): Promise<void>
}

function startServer(adapter: AdapterName): Promise<ServerHandle> {
  const child = fork(join(HERE, 'soak-server.ts'), [adapter, STORAGE], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${adapter} server did not start in 30 s`)), 30_000)
    child.once('error', reject)
    child.once('exit', (code) => reject(new Error(`${adapter} server exited with ${code}`)))
    child.once('message', (message: { type: string; port: number }) => {
      clearTimeout(timer)
      child.removeAllListeners('exit')
      resolve({
        child,
        port: message.port,
        stats: () =>
          new Promise((done) => {
            child.once('message', (m: { rss: number; warnings: number; sessionWrites: number }) => done(m))
            child.send({ type: 'rss' })
          }),
        stop: () =>
          new Promise((done) => {
            const kill = setTimeout(() => child.kill('SIGKILL'), 5_000)
            child.once('exit', () => {
              clearTimeout(kill)
              done()
            })
            child.send({ type: 'stop' })
          }),
      })
    })
  })
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
}

/** One client until `deadline`: its own jar and connection, uniquely numbered messages. */
async function runClient(
  id: number,
  port: number,
  deadline: number,
  latencies: number[],
): Promise<ClientResult> {
  const client = httpClient(port)
  const jar = new CookieJar()
  const result: ClientResult = {
    cycles: 0,
    requests: 0,
    added: 0,
    shown: 0,
    errors: 0,
    lost: 0,
    duplicated: 0,
  }
  const problem = (text: string) => {
    result.firstProblem ??= `client ${id}, cycle ${result.cycles}: ${text}`
  }
  let next = 0
  let pending: string[] = []
  const timed = async (path: string, init: Parameters<typeof client.send>[1]) => {
    const start = performance.now()
    const res = await client.send(path, { ...init, headers: { ...init?.headers, ...jar.headers() } })
    latencies.push(performance.now() - start)
    result.requests++
    jar.store(res.setCookies)
    return res
  }
  try {
    while (Date.now() < deadline) {
      const cycle = result.cycles++
      const count = cycle % 7 === 6 ? OVERFLOW_COUNT : 1 + (cycle % 3)
      // The 40-message batches carry random text, so compression cannot fit them in the cookie.
      const batch = Array.from({ length: count }, () =>
        count === OVERFLOW_COUNT
          ? `c${id}-m${next++} ${randomBytes(48).toString('base64')}`
          : `c${id}-m${next++}`,
      )
      try {
        const added = await timed('/add', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ messages: batch }),
        })
        if (added.status !== 302) throw new Error(`POST /add answered ${added.status}`)
        result.added += batch.length
        pending = [...pending, ...batch]
        if (cycle % 5 === 4) continue
        const shown = await timed('/show', {})
        if (shown.status !== 200) throw new Error(`GET /show answered ${shown.status}`)
        const texts = (JSON.parse(shown.body) as { shown: ShownMessage[] }).shown.map((m) => m.text)
        result.shown += texts.length
        const expected = new Set(pending)
        const seen = new Set<string>()
        for (const text of texts) {
          if (seen.has(text) || !expected.has(text)) {
            result.duplicated++
            problem(`shown twice or never added: ${text}`)
          }
          seen.add(text)
        }
        for (const text of pending) {
          if (!seen.has(text)) {
            result.lost++
            problem(`lost: ${text}`)
          }
        }
        if (texts.join('\n') !== pending.filter((t) => seen.has(t)).join('\n')) {
          result.errors++
          problem('shown out of order')
        }
        pending = []
      } catch (error) {
        result.errors++
        problem(String(error))
        pending = []
      }
    }
  } finally {
    client.close()
  }
  return result
}

interface AdapterReport {
  adapter: AdapterName
  storage: string
  seconds: number
  clients: number
  cycles: number
  requests: number
  requestsPerSecond: number
  latencyMs: { p50: number; p99: number; max: number }
  messagesAdded: number
  messagesShown: number
  errors: number
  lost: number
  duplicated: number
  unstoredReported: number
  sessionWrites: number
  rssMiB: { start: number; peak: number; end: number }
  problems: string[]
}

const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

async function soak(adapter: AdapterName): Promise<AdapterReport> {
  const server = await startServer(adapter)
  try {
    const start = await server.stats()
    let peak = start.rss
    const sampler = setInterval(() => {
      server.stats().then(
        (s) => {
          peak = Math.max(peak, s.rss)
        },
        () => {},
      )
    }, RSS_EVERY_MS)
    const latencies: number[] = []
    const began = Date.now()
    const deadline = began + SECONDS * 1000
    const results = await Promise.all(
      Array.from({ length: CLIENTS }, (_, id) => runClient(id, server.port, deadline, latencies)),
    )
    const elapsed = (Date.now() - began) / 1000
    clearInterval(sampler)
    const end = await server.stats()
    peak = Math.max(peak, end.rss)
    latencies.sort((a, b) => a - b)
    const sum = (key: keyof Omit<ClientResult, 'firstProblem'>) => results.reduce((n, r) => n + r[key], 0)
    return {
      adapter,
      storage: STORAGE,
      seconds: Math.round(elapsed * 10) / 10,
      clients: CLIENTS,
      cycles: sum('cycles'),
      requests: sum('requests'),
      requestsPerSecond: Math.round(sum('requests') / elapsed),
      latencyMs: {
        p50: Math.round(percentile(latencies, 50) * 100) / 100,
        p99: Math.round(percentile(latencies, 99) * 100) / 100,
        max: Math.round((latencies.at(-1) ?? 0) * 100) / 100,
      },
      messagesAdded: sum('added'),
      messagesShown: sum('shown'),
      errors: sum('errors'),
      lost: sum('lost'),
      duplicated: sum('duplicated'),
      unstoredReported: end.warnings,
      sessionWrites: end.sessionWrites,
      rssMiB: { start: mib(start.rss), peak: mib(peak), end: mib(end.rss) },
      problems: results.flatMap((r) => (r.firstProblem ? [r.firstProblem] : [])).slice(0, 10),
    }
  } finally {
    await server.stop()
  }
}

function markdown(reports: readonly AdapterReport[]): string {
  const rows = reports.map(
    (r) =>
      `| ${r.adapter} | ${r.storage} | ${r.seconds} | ${r.clients} | ${r.cycles} | ${r.requests} | ${r.requestsPerSecond} | ` +
      `${r.latencyMs.p50} / ${r.latencyMs.p99} | ${r.messagesAdded} | ${r.errors} | ${r.lost} | ${r.duplicated} | ` +
      `${r.unstoredReported} | ${r.rssMiB.start} / ${r.rssMiB.peak} / ${r.rssMiB.end} |`,
  )
  return [
    '# Soak: add -> redirect -> read cycles',
    '',
    `Recorded ${new Date().toISOString()} on Node ${process.version}, ${CLIENTS} clients per adapter, ` +
      `each with its own cookie jar and keep-alive connection; the server runs in its own process on 127.0.0.1.`,
    '',
    '| adapter | storage | s | clients | cycles | requests | req/s | latency p50 / p99 ms | messages added | errors | lost | duplicated | unstored reported | server RSS MiB start / peak / end |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Produced by `npx tsx internal/hardening/src/soak.ts --record`.',
    '',
  ].join('\n')
}

const reports: AdapterReport[] = []
for (const adapter of SELECTED) {
  console.log(`soak: ${adapter}, storage ${STORAGE}, ${CLIENTS} clients, ${SECONDS} s ...`)
  const report = await soak(adapter)
  reports.push(report)
  console.log(
    `  ${report.requests} requests (${report.requestsPerSecond}/s), ${report.messagesAdded} messages added, ` +
      `errors ${report.errors}, lost ${report.lost}, duplicated ${report.duplicated}, unstored reported ${report.unstoredReported}, ` +
      `RSS MiB ${report.rssMiB.start} / ${report.rssMiB.peak} / ${report.rssMiB.end}`,
  )
  for (const p of report.problems) console.log(`  ! ${p}`)
}

const root = fileURLToPath(new URL('../../../', import.meta.url))
const outDir = values.record ? join(root, 'bench', 'results') : join(tmpdir(), 'flash-soak')
mkdirSync(outDir, { recursive: true })
writeFileSync(join(outDir, 'soak.json'), `${JSON.stringify({ node: process.version, reports }, null, 2)}\n`)
writeFileSync(join(outDir, 'soak.md'), markdown(reports))
console.log(`results: ${join(outDir, 'soak.json')} and soak.md`)
const failed = reports.some((r) => r.errors + r.lost + r.duplicated > 0)
process.exit(failed ? 1 : 0)
