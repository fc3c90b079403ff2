/**
 * Redis down or slow, on the real server (stopped mid-run, or blocked with DEBUG SLEEP): pages
 * that do not display messages are unaffected, display pages render without them, the outage
 * is logged once, messages that cannot be stored are reported (strict: a 500), nothing hangs.
 */
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FRAMEWORKS, type Framework, type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { type ClientName, connect, type TestClient } from './clients.js'

const TIMEOUT_MS = 300
const readWarnings = (app: RunningApp) => app.warnings.filter((w) => w.includes('Redis could not be read'))
const storeWarnings = (app: RunningApp) => app.warnings.filter((w) => w.includes('could not be stored'))

/** Runs `request` and checks it did not hang: it answers well within a few timeouts. */
async function timed<T>(request: () => Promise<T>): Promise<T> {
  const started = Date.now()
  const result = await request()
  expect(Date.now() - started).toBeLessThan(TIMEOUT_MS * 5)
  return result
}

const CASES: [Framework, ClientName][] = [
  ...FRAMEWORKS.map((f) => [f, 'node-redis'] as [Framework, ClientName]),
  ['fastify', 'ioredis'],
]

for (const [framework, clientName] of CASES) {
  describe(`${framework} with ${clientName}: Redis stopped mid-run`, () => {
    let redis: RedisServer
    let client: TestClient
    let app: RunningApp
    let strictApp: RunningApp
    beforeAll(async () => {
      redis = await startRedis()
      client = await connect(clientName, redis.url)
      app = await startApp(framework, { client: client.client, timeoutMs: TIMEOUT_MS })
      strictApp = await startApp(framework, { client: client.client, timeoutMs: TIMEOUT_MS, strict: true })
    })
    afterAll(async () => {
      await app.close()
      await strictApp.close()
      await client.close()
      await redis.stop()
    })

    it('keeps serving; reports once per outage; works again when Redis is back', async () => {
      const ann = new Visitor(app.url, 'ann')
      const anonymous = new Visitor(app.url)
      await ann.add('before the outage')
      await anonymous.add('anonymous, before the outage')
      await redis.stop()

      for (const visitor of [ann, anonymous]) {
        const untouched = await timed(() => visitor.request('/untouched'))
        expect([untouched.status, untouched.body]).toEqual([200, 'ok'])
      }
      expect(readWarnings(app)).toEqual([])

      expect(await timed(() => ann.show())).toEqual([])
      expect(await timed(() => anonymous.show())).toEqual([])
      expect(await timed(() => ann.show())).toEqual([])
      expect(readWarnings(app)).toHaveLength(1)
      expect(readWarnings(app)[0]).toContain('@flash/')
      expect(readWarnings(app)[0]).toContain('(logged once until Redis answers again)')

      const added = await timed(() => ann.request('/add?text=during%20the%20outage', 'POST'))
      expect(added.status).toBe(302)
      expect(storeWarnings(app)).toHaveLength(1)
      expect(storeWarnings(app)[0]).toMatch(
        /1 message could not be stored and will not be shown \(Redis could not be written: .+\): "during the outage"/,
      )

      const strict = await timed(() => new Visitor(strictApp.url, 'ann').request('/add?text=strict', 'POST'))
      expect(strict.status).toBe(500)

      await redis.start()
      // Both clients reconnect on their own; wait until this one is back.
      for (let i = 0; i < 100; i++) {
        try {
          await client.command(['PING'])
          break
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 50))
        }
      }
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS))
      // The server restarted empty (no persistence): what was stored before is gone.
      expect(await ann.show()).toEqual([])
      await ann.add('after the outage')
      expect(await ann.show()).toEqual(['after the outage'])

      // A second outage is reported again.
      await redis.stop()
      expect(await timed(() => ann.show())).toEqual([])
      expect(readWarnings(app)).toHaveLength(2)
      await redis.start()
    })
  })
}

describe('Redis slow (DEBUG SLEEP): a display page renders without messages after timeoutMs', () => {
  let redis: RedisServer
  let client: TestClient
  let blocker: TestClient
  let app: RunningApp
  beforeAll(async () => {
    redis = await startRedis()
    client = await connect('node-redis', redis.url)
    blocker = await connect('node-redis', redis.url)
    app = await startApp('koa', { client: client.client, timeoutMs: TIMEOUT_MS, leaseSeconds: 1 })
  })
  afterAll(async () => {
    await app.close()
    await client.close()
    await blocker.close()
    await redis.stop()
  })

  it('answers in bounded time, and the late claim is released by its lease (shown later, once)', async () => {
    const ann = new Visitor(app.url, 'ann')
    await ann.add('slow day')
    const sleeping = blocker.command(['DEBUG', 'SLEEP', '1'])
    await new Promise((resolve) => setTimeout(resolve, 50))
    const started = Date.now()
    expect(await ann.show()).toEqual([])
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20)
    expect(elapsed).toBeLessThan(1000)
    expect(readWarnings(app)).toHaveLength(1)
    await sleeping
    // The claim sent before the timeout ran when Redis woke up; nobody displayed it, so its lease
    // (1 s) runs out and the next page shows the message.
    await new Promise((resolve) => setTimeout(resolve, 1200))
    expect(await ann.show()).toEqual(['slow day'])
    expect(await ann.show()).toEqual([])
  })
})
