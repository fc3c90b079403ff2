/**
 * @module
 * The contract between the demo test suites and an app: start it on a free port of 127.0.0.1
 * with a known secret, and collect what @flash logs.
 */

export interface DemoStartOptions {
  /** The signing secret to use (never the random development one). */
  readonly secret: string
  /** Receives every warning line the app logs (e.g. "2 messages could not be stored ..."). */
  readonly log: (text: string) => void
}

export interface RunningDemo {
  /** The base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  readonly url: string
  close(): Promise<void>
}

export interface DemoHarness {
  /** `'fastify'`, `'koa'` or `'hono'`. */
  readonly name: string
  /** Where screenshots go (git-ignored): `apps/demo-<name>/artifacts`. */
  readonly artifactsDir: string
  /** Start the app on port 0 of 127.0.0.1. */
  start(options: DemoStartOptions): Promise<RunningDemo>
}

/** The secret the suites start apps with. */
export const TEST_SECRET = 'demo-suite-secret-0123456789abcdef0123456789'

/** Start an app and keep what it logs. */
export async function startWithLogs(harness: DemoHarness): Promise<RunningDemo & { logs: string[] }> {
  const logs: string[] = []
  const demo = await harness.start({ secret: TEST_SECRET, log: (text) => logs.push(text) })
  return { url: demo.url, close: () => demo.close(), logs }
}
