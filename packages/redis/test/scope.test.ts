/**
 * `scope: 'redirect'` on Redis: each entry carries its tab, and a request claims only what it may
 * display. Two tabs of one user submit at the same moment and each sees exactly its own messages,
 * even while the other tab's page is still rendering (its claim held); a page of a third tab
 * leaves both untouched; a bound message nobody came for is anyone's after scopeSeconds.
 */
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FRAMEWORKS, type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { CLIENTS, connect, type TestClient } from './clients.js'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis.stop())

const ID = /[?&]_flash=([A-Za-z0-9_-]{16})$/

/** POST /add from one tab: the Location carries its id. */
async function submit(visitor: Visitor, text: string): Promise<string> {
  const response = await fetch(`${visitor.baseUrl}/add?text=${encodeURIComponent(text)}`, {
    method: 'POST',
    headers: { 'x-user': visitor.user!, ...(visitor.jar.header() ? { cookie: visitor.jar.header()! } : {}) },
    redirect: 'manual',
  })
  expect(response.status).toBe(302)
  const location = response.headers.get('location')!
  expect(location).toMatch(ID)
  return ID.exec(location)![1]!
}

for (const framework of FRAMEWORKS) {
  describe(`${framework}: which tab sees the message, on Redis`, () => {
    let client: TestClient
    let app: RunningApp
    let now = 1_900_000_000
    beforeAll(async () => {
      client = await connect(CLIENTS[0]!, redis.url)
      app = await startApp(framework, {
        client: client.client,
        prefix: `scope-${framework}:`,
        scope: 'redirect',
        clock: () => now,
      })
    })
    afterAll(async () => {
      await app.close()
      await client.close()
    })

    it('two tabs submit in parallel; each sees exactly its own, even while the other still renders', async () => {
      const user = new Visitor(app.url, `tabs-${framework}`)
      const [a, b] = await Promise.all([submit(user, 'from A'), submit(user, 'from B')])
      expect(a).not.toBe(b)
      // A third tab: nothing of theirs, and their entries stay in the list.
      expect(await user.show('/show')).toEqual([])
      const key = `scope-${framework}:{user:tabs-${framework}}`
      expect(await client.command(['LLEN', key])).toBe(2)
      // Tab A's page holds its claim for 300 ms; tab B's page meanwhile still finds its message.
      const [inA, inB] = await Promise.all([
        user.show(`/slow-show?ms=300&_flash=${a}`),
        new Promise<string[]>((resolve) => setTimeout(() => resolve(user.show(`/show?_flash=${b}`)), 100)),
      ])
      expect(inA).toEqual(['from A'])
      expect(inB).toEqual(['from B'])
      expect(await user.show(`/show?_flash=${a}`)).toEqual([])
      expect(await user.show(`/show?_flash=${b}`)).toEqual([])
    })

    it('a bound message nobody came for is shown by any tab after scopeSeconds (30)', async () => {
      const user = new Visitor(app.url, `late-${framework}`)
      await submit(user, 'waited')
      now += 29
      expect(await user.show('/show')).toEqual([])
      now += 1
      expect(await user.show('/show')).toEqual(['waited'])
      expect(await user.show('/show')).toEqual([])
    })
  })
}
