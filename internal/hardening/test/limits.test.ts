/**
 * Limits: a client that adds messages in a loop and never displays them cannot grow its session
 * without bound: the core's `maxSessionMessages` option (default 100) keeps the newest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADAPTERS,
  type AdapterName,
  type HardeningApp,
  type Plan,
  SECRET,
  type ShownMessage,
  startApp,
} from '../src/apps/index.js'
import { CookieJar } from '../src/jar.js'

const texts = (n: number, from: number) => Array.from({ length: n }, (_, i) => `message ${from + i}`)

function addPlan(batch: readonly string[], count = false): Plan {
  return {
    count,
    add: batch.map((text) => ({ level: 20, text, extraTags: null, safe: false })),
    display: 'none',
    keep: false,
    after: [],
  }
}

function limitSuite(adapter: AdapterName, storage: 'session' | 'fallback') {
  describe(`${adapter}, storage "${storage}"`, () => {
    let app: HardeningApp
    let capped: HardeningApp
    beforeAll(async () => {
      app = await startApp(adapter, { flash: { secret: SECRET, storage }, session: true })
      capped = await startApp(adapter, {
        flash: { secret: SECRET, storage, maxSessionMessages: 30 },
        session: true,
      })
    })
    afterAll(async () => {
      await app.close()
      await capped.close()
    })

    it('by default keeps the newest 100 and reports the oldest it drops', async () => {
      const jar = new CookieJar()
      const warnings = app.warnings().length
      for (let i = 0; i < 3; i++) {
        const res = await app.request('/run', {
          method: 'POST',
          headers: jar.headers(),
          body: JSON.stringify(addPlan(texts(50, i * 50))),
        })
        expect(res.status).toBe(200)
        jar.store(res.setCookies)
      }
      const reported = app.warnings().slice(warnings)
      expect(reported).toHaveLength(1)
      expect(reported[0]).toBe(
        `@flash/${adapter}: 50 messages could not be stored and will not be shown (at most 100 messages are kept ` +
          `per client (maxSessionMessages) and the oldest are dropped): ${texts(50, 0)
            .map((t) => JSON.stringify(t))
            .join(', ')}`,
      )
      const shown = await app.request('/show', { headers: jar.headers() })
      expect((JSON.parse(shown.body) as { shown: ShownMessage[] }).shown.map((m) => m.text)).toEqual(
        texts(100, 50),
      )
    })

    it('a loop of 20 requests adding 10 each never holds more than maxSessionMessages (30)', async () => {
      const jar = new CookieJar()
      const counts: number[] = []
      for (let i = 0; i < 20; i++) {
        const res = await capped.request('/run', {
          method: 'POST',
          headers: jar.headers(),
          body: JSON.stringify(addPlan(texts(10, i * 10), true)),
        })
        counts.push((JSON.parse(res.body) as { count: number }).count)
        jar.store(res.setCookies)
      }
      expect(counts).toEqual([0, 10, 20, ...Array.from({ length: 17 }, () => 30)])
      expect(capped.warnings()).toHaveLength(17)
      const shown = await capped.request('/show', { headers: jar.headers() })
      expect((JSON.parse(shown.body) as { shown: ShownMessage[] }).shown.map((m) => m.text)).toEqual(
        texts(30, 170),
      )
    })
  })
}

for (const adapter of ADAPTERS) {
  limitSuite(adapter, 'session')
  limitSuite(adapter, 'fallback')
}
