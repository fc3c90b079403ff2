/**
 * @module
 * `results.md`: the figures as tables a reader can check against the targets.
 */

import { RSS_GROWTH_TARGET } from '../plan.js'
import type { RunResults } from '../results.js'
import { FRAMEWORK_NAMES, type Framework, PEER_NAMES } from '../scenarios.js'
import {
  cpuSessionRange,
  judgeSessions,
  type SessionRange,
  type SessionVerdict,
  sessionConfidence,
} from '../sessions.js'

const fixed = (n: number, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a')
const int = (n: number) => Math.round(n).toLocaleString('en-US')
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`
const pct = (n: number) => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%`
const verdict = (met: boolean) => (met ? 'met' : '**missed**')
const range = (r: SessionRange | undefined) => (r ? `${fixed(r.low)}-${fixed(r.high)}` : 'n/a')
const SESSION_VERDICTS: Record<SessionVerdict, string> = {
  met: 'met',
  missed: '**missed**',
  unresolved: '**unresolved** (re-run)',
}

export function renderMarkdown(results: RunResults): string {
  const lines: string[] = []
  const { machine, settings } = results
  const byKey = new Map(results.variants.map((v) => [v.key, v]))
  lines.push(
    `# @flash benchmark results${results.quick ? ' (quick run: short rounds, not for publication)' : ''}`,
    '',
    `${results.date} · Node ${results.node} · ${machine.cpu} · ${machine.cores} cores · ` +
      `${(machine.memoryBytes / 1024 ** 3).toFixed(0)} GiB · ${machine.platform} · load average at start ${fixed(machine.loadAverageAtStart)}`,
    '',
    results.code
      ? `Code measured: ${results.code.commit.slice(0, 7)}${results.code.uncommitted ? ' with uncommitted changes' : ''}, ` +
          `fingerprint ${results.code.fingerprint.slice(0, 12)} (packages' source and the harness, see bench/src/measured-code.ts).`
      : 'Code measured: not recorded.',
    '',
    `autocannon, ${settings.connections} connections, 1 worker; ${settings.rounds} interleaved rounds of ` +
      `${settings.roundSeconds} s over ${settings.sessions} fresh server process(es) per scenario, each warmed up for ` +
      `${settings.warmupSeconds} s; medians, ratios paired round by round. Run time ${Math.round(results.seconds)} s.`,
    '',
  )

  if (results.variants.length > 0) {
    lines.push(
      '## Throughput',
      '',
      '"vs limit" is req/s divided by the req/s of the row\'s limit: S0 for the floor, S1 and S2; the',
      'hand-written unsigned cookie for S3, the hand-signed cookie and the peer; Django\'s overflow by hand for S4. "CPU µs/req" is the server\'s own CPU time per request; it does not',
      'depend on which process was the bottleneck.',
      '',
      '| scenario | framework | req/s (median) | p99 ms | vs limit | limit | CPU µs/req | server busy |',
      '|---|---|--:|--:|--:|---|--:|--:|',
    )
    for (const v of results.variants) {
      const limit = v.limit ? byKey.get(v.limit) : undefined
      const ratio = limit ? fixed(v.median.rps / limit.median.rps) : '1.00 (limit)'
      const limitName = limit ? limit.label.split(' (')[0]!.split(':')[0] : ''
      lines.push(
        `| ${v.label} | ${FRAMEWORK_NAMES[v.variant.framework]} | ${int(v.median.rps)} | ${fixed(v.median.p99, 0)} | ` +
          `${v.limit ? ratio : 'limit'} | ${limitName} | ${fixed(v.median.cpuMicrosPerRequest, 1)} | ${fixed(v.median.serverBusy * 100, 0)}% |`,
      )
    }
    lines.push('')
  }

  if (results.ratios.length > 0) {
    // The noise of the run, per framework: a second process of S0 against S0.
    const noise = new Map(
      results.context.filter((r) => r.name === 'control/S0').map((r) => [r.framework, r] as const),
    )
    const cpuBySession = (limitKey: string, subjectKey: string) => {
      const [limit, subject] = [byKey.get(limitKey), byKey.get(subjectKey)]
      return limit && subject ? cpuSessionRange(limit.rounds, subject.rounds, settings) : undefined
    }
    lines.push(
      '## Targets',
      '',
      'Ratio = req/s of @flash over req/s of the reference, taken round by round in the same run and then the',
      'median of those per-round ratios (the verdicts issue 19 asks for). "CPU ratio" is the same comparison',
      'from server CPU time per request (reference / @flash): trust it over req/s where the servers were not',
      'saturated (see "server busy" above). "noise" is the same two ratios for a second process of S0 against',
      'S0 (the S0 control row): how far apart two processes of identical code landed in this run. A verdict',
      'whose ratio is within that distance of its target is not a clear verdict. "user CPU" is the CPU ratio',
      "from user time alone: the kernel's work on the sockets is the same for both servers and, on a shared VM,",
      'much of the noise between rounds, so it is a steadier reading of the code itself (a reading, not a verdict).',
      '',
      `"CPU by session" is the lowest and highest CPU ratio of the ${settings.sessions} sessions (each a fresh pair of`,
      "processes; a session's ratio is the median of its rounds): two processes keep a speed of their own for",
      `their whole life, so the sessions, not the rounds, are the independent readings. With ${settings.sessions} sessions that`,
      `range holds the median session's ratio with ${sessionConfidence(settings.sessions).toFixed(1)}% confidence, whatever the distribution (the sign test).`,
      '"session verdict" reads it: met when every session met the target, missed when none did, and',
      'unresolved when the target lies inside the range, which issue 19 counts as unmet, to be run again.',
      "The noise column gives the control row's own range the same way: the spread of identical code.",
      '',
      '| ratio | framework | req/s ratio | target | verdict | CPU ratio | CPU verdict | CPU by session | session verdict | user CPU | noise (req/s, CPU, CPU by session) |',
      '|---|---|--:|--:|---|--:|---|--:|---|--:|--:|',
    )
    for (const r of results.ratios) {
      const n = noise.get(r.framework)
      const sessions = cpuBySession(r.limit, r.subject)
      const noiseSessions = n ? cpuBySession(n.limit, n.subject) : undefined
      lines.push(
        `| ${r.name} | ${FRAMEWORK_NAMES[r.framework as Framework]} | ${fixed(r.ratio)} | >= ${r.target} | ` +
          `${verdict(r.met)} | ${fixed(r.cpuRatio)} | ${verdict(r.cpuMet)} | ${range(sessions)} | ` +
          `${sessions ? SESSION_VERDICTS[judgeSessions(sessions, r.target)] : 'n/a'} | ${fixed(r.userCpuRatio)} | ` +
          `${n ? `${fixed(n.ratio)}, ${fixed(n.cpuRatio)}, ${range(noiseSessions)}` : 'n/a'} |`,
      )
    }
    lines.push('')
  }

  if (results.cpuTargets.length > 0) {
    lines.push(
      '### S4: CPU per overflowing request',
      '',
      'Server CPU µs per S4 request (30 messages of 300 characters through fallback storage), median of the rounds.',
      '"By hand" is the same request in Django\'s format written by hand (the S4 limit row): the cookie and session',
      'Django writes, with only the two deflates an exact result needs. "@flash over it" is the median of the',
      "paired rounds' differences: what @flash's own code costs on top of the work no exact implementation skips.",
      '',
      '| framework | CPU µs/req | target | verdict | by hand, CPU µs/req | @flash over it, µs/req |',
      '|---|--:|--:|---|--:|--:|',
    )
    for (const t of results.cpuTargets) {
      const byHand = t.byHandMicrosPerRequest === undefined ? 'n/a' : fixed(t.byHandMicrosPerRequest, 1)
      const over = t.overByHandMicros === undefined ? 'n/a' : fixed(t.overByHandMicros, 1)
      lines.push(
        `| ${FRAMEWORK_NAMES[t.framework as Framework]} | ${fixed(t.cpuMicrosPerRequest, 1)} | <= ${t.target} | ${verdict(t.met)} | ${byHand} | ${over} |`,
      )
    }
    lines.push('')
  }

  if (results.context.length > 0) {
    lines.push(
      '## What the misses are made of',
      '',
      'Ratios with no target, from the same run. **control/S0**: the noise (two processes of the same S0 server).',
      '**floor/S0**: what any flash plugin costs before it does anything',
      '(Fastify: registering @fastify/cookie, which @flash/fastify requires; Koa, Hono and Express: one no-op middleware).',
      '**S1/floor**, **S2/floor**: what @flash adds on top of that. **signed by hand/baseline**: what signing alone',
      'costs, with an HMAC-signed JSON cookie written by hand on node:crypto (no library, no Django format).',
      '**S3/baseline**, **S3/peer**: @flash against the unsigned cookie and against the peer (targets of issue 8).',
      '',
      '| ratio | framework | req/s ratio | CPU ratio | user CPU ratio |',
      '|---|---|--:|--:|--:|',
    )
    for (const r of results.context) {
      lines.push(
        `| ${r.name} | ${FRAMEWORK_NAMES[r.framework as Framework]} | ${fixed(r.ratio)} | ${fixed(r.cpuRatio)} | ${fixed(r.userCpuRatio)} |`,
      )
    }
    lines.push('')
  }

  if (results.harness.length > 0) {
    lines.push(
      '### What a µs of library code costs in this harness',
      '',
      `The calibration row is "S3 in Django's format by hand" with ${results.harness[0]!.workMicros} µs of CPU work added to its handler`,
      "(an integer loop timed at the server's startup: no memory traffic, no allocation). Its extra server CPU per",
      "request says what one µs of code in a handler costs here, all effects of the load included. @flash's S3 and",
      "Django's format by hand differ only in what the library does, so their difference, divided by that rate, is",
      "@flash's own code in µs. The last column is what the S3 target (against the hand-signed cookie, which costs",
      "what Django's format by hand costs) leaves for that code at the same rate. Where the calibration moved the CPU",
      'per request by less than the noise of the run (the control row), it converts nothing: n/a.',
      '',
      "| framework | server CPU per µs of handler code | S3 over Django's format by hand (CPU µs/req) | the same in µs of code | the S3 target allows (µs of code) |",
      '|---|--:|--:|--:|--:|',
    )
    for (const h of results.harness) {
      lines.push(
        `| ${FRAMEWORK_NAMES[h.framework as Framework]} | ${fixed(h.cpuPerWorkMicro)} | ${fixed(h.flashOverDjango, 1)} | ` +
          `${fixed(h.flashOverDjangoInCode, 1)} | ${fixed(h.targetAllowsInCode, 1)} |`,
      )
    }
    lines.push('')
  }

  if (results.memory.length > 0) {
    lines.push(
      '## Memory',
      '',
      `RSS of a fresh S3 server after a warm-up, then after ${int(settings.memoryRequests)} more S3 requests; heap after a full GC. ` +
        `Target: RSS growth under ${RSS_GROWTH_TARGET * 100}%. "By quarter" is the growth after each quarter of the requests: ` +
        'a leak keeps growing, a step of the process (V8 or the allocator taking pages once) stops. ' +
        'The S3 signed by hand rows carry no target: they show how a server with no library grows over the same requests.',
      '',
      '| server | requests | RSS before | RSS after | growth | by quarter | heap before | heap after | |',
      '|---|--:|--:|--:|--:|--:|--:|--:|---|',
    )
    for (const m of results.memory) {
      const quarters = m.growthByQuarter?.map(pct).join(', ') ?? 'n/a'
      const held = m.target === false ? 'no target (by hand)' : verdict(m.met)
      lines.push(
        `| ${m.key} | ${int(m.requests)} | ${mib(m.rssBefore)} | ${mib(m.rssAfter)} | ${pct(m.growth)} | ${quarters} | ` +
          `${mib(m.heapBefore)} | ${mib(m.heapAfter)} | ${held} |`,
      )
    }
    lines.push('')
  }

  if (results.micro.length > 0) {
    lines.push(
      '## Core micro-benchmarks',
      '',
      'One `CookieStorage` write (encode + sign) or read (verify + decode) of N messages of ~20 characters;',
      'payloads of 128 bytes of JSON or more are zlib-compressed, as Django does.',
      '',
      '| operation | messages | Web Crypto µs | node:crypto µs | node speed-up |',
      '|---|--:|--:|--:|--:|',
    )
    for (const web of results.micro.filter((m) => m.crypto === 'web')) {
      const node = results.micro.find(
        (m) => m.crypto === 'node' && m.operation === web.operation && m.messages === web.messages,
      )
      lines.push(
        `| ${web.operation} | ${web.messages} | ${fixed(web.meanMicros, 1)} | ${node ? fixed(node.meanMicros, 1) : 'n/a'} | ` +
          `${node ? `${fixed(web.meanMicros / node.meanMicros, 1)}x` : ''} |`,
      )
    }
    lines.push('')
  }

  lines.push('## Peers', '')
  for (const [framework, name] of Object.entries(PEER_NAMES)) {
    lines.push(`- ${FRAMEWORK_NAMES[framework as Framework]}: ${name}`)
  }
  lines.push('')
  if (results.notes.length > 0) lines.push('## Notes', '', ...results.notes.map((n) => `- ${n}`), '')
  return lines.join('\n')
}
