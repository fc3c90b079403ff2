/**
 * @module
 * A hostile `Cookie` header costs no more than a normal one: 16 KB and 64 KB of runs built to
 * make a reader quadratic (see `hostile-headers.ts`) answer a 200 with no messages within 5 ms of
 * a normal request, on a route that reads messages and on one that does not. One such request
 * used to cost 215 ms of CPU on Hono over @hono/node-server: no secret, no route and no message
 * cookie needed, so a few a second took down a server.
 *
 * Each request is measured in CPU time of this process (server and client both run here), where
 * the runtime reports it, else in wall time, and the fastest of several interleaved rounds is
 * kept: on a loaded machine other processes delay a request but never make it cheaper, while a
 * quadratic reader costs the same every time. When a header is still over the bound after them,
 * the rounds run once more and the fastest of all counts: a test process that other suites slowed
 * for a while is slow in one set of rounds, a quadratic reader in every one. Real servers must
 * accept 64 KB of headers (Node's default limit is 16 KB: see `harness.ts`).
 *
 * What is bounded is what @flash adds: the same header on `/bare/show`, a route of the same app
 * that the flash middleware does not run on, is the control. The framework's own cookie parsing
 * (@fastify/cookie, express-session's `cookie.parse`) turns 64 KB of `=;` into 32,768 pairs on
 * every request, about 5 ms here, with or without @flash; that is the framework's cost, linear,
 * and outside what this package can change.
 */
import { expect, it } from 'vitest'
import type { AppSpec } from '../context.js'
import { withApp } from '../context.js'
import type { AdapterHarness, StandardApp } from '../harness.js'
import { hostileCookieHeaders, NORMAL_COOKIE_HEADER } from '../hostile-headers.js'

/** How much longer a hostile request may take than a normal one (the bound). */
const MAX_EXTRA_MS = 5
const ROUNDS = 7
/** A route of the same app without the flash middleware: the framework's own cost of the header. */
const CONTROL = '/bare/show'
const PATHS = ['/show', '/untouched', CONTROL] as const
/** Generous for a loaded machine (a run takes about 1 s); the old Hono reader needed minutes. */
const TIMEOUT_MS = 30_000

/** Milliseconds of CPU time of this process (user + system), or wall time where there is none. */
const clock: () => number =
  typeof process !== 'undefined' && typeof process.cpuUsage === 'function'
    ? () => {
        const { user, system } = process.cpuUsage()
        return (user + system) / 1000
      }
    : () => performance.now()

async function timed(app: StandardApp, path: string, cookie: string, label: string): Promise<number> {
  const start = clock()
  const response = await app.request(path, { headers: { cookie } })
  const elapsed = clock() - start
  expect(
    response.status,
    `${label} on ${path}: a real server must accept 64 KB of headers (raise maxHeaderSize)`,
  ).toBe(200)
  if (path !== '/untouched') expect(JSON.parse(response.body).messages, label).toEqual([])
  return elapsed
}

export function hostileHeaderScenarios(harness: AdapterHarness, spec: AppSpec): void {
  for (const size of [16 * 1024, 64 * 1024]) {
    it(
      `a hostile ${size >> 10} KB Cookie header costs less than ${MAX_EXTRA_MS} ms more than a normal one`,
      async () => {
        await withApp(harness, spec, async (_browser, app) => {
          const hostile = hostileCookieHeaders(size)
          // Warm up every kind first: the first requests compile code paths.
          for (const path of PATHS) {
            await timed(app, path, NORMAL_COOKIE_HEADER, 'normal')
            for (const { label, header } of hostile) await timed(app, path, header, label)
          }
          const fastest = new Map<string, number>()
          const keep = (key: string, ms: number) => fastest.set(key, Math.min(fastest.get(key) ?? ms, ms))
          const measureRounds = async () => {
            for (let round = 0; round < ROUNDS; round++) {
              for (const path of PATHS) {
                keep(`${path} normal`, await timed(app, path, NORMAL_COOKIE_HEADER, 'normal'))
                for (const { label, header } of hostile)
                  keep(`${path} ${label}`, await timed(app, path, header, label))
              }
            }
          }
          /** Per path, the fastest extra ms @flash adds to each hostile header (over the control's). */
          const slowOn = (path: string) => {
            const extra = (at: string, label: string) =>
              fastest.get(`${at} ${label}`)! - fastest.get(`${at} normal`)!
            return hostile
              .map(({ label }) => {
                const added = extra(path, label) - Math.max(0, extra(CONTROL, label))
                return [label, Math.round(added * 100) / 100] as const
              })
              .filter(([, ms]) => ms >= MAX_EXTRA_MS)
          }
          await measureRounds()
          // A quadratic reader is slow in every round (it cost 215 ms); a test process that other
          // suites on the machine slowed for a while is not. One more set of rounds tells them apart.
          if (slowOn('/show').length > 0 || slowOn('/untouched').length > 0) await measureRounds()
          for (const path of ['/show', '/untouched']) {
            expect(
              slowOn(path),
              `${path}: ms @flash adds per hostile header (over ${CONTROL}'s cost)`,
            ).toEqual([])
          }
        })
      },
      TIMEOUT_MS,
    )
  }
}
