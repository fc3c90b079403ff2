/**
 * What an untouched request costs in Redis, counted by the server itself (`INFO commandstats`,
 * which also counts the commands a script runs inside Redis).
 */
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FRAMEWORKS, type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { commandsRunDuring, connect, type TestClient } from './clients.js'

let redis: RedisServer
let client: TestClient
let observer: TestClient
beforeAll(async () => {
  redis = await startRedis()
  client = await connect('node-redis', redis.url)
  observer = await connect('ioredis', redis.url)
})
afterAll(async () => {
  await client.close()
  await observer.close()
  await redis.stop()
})

/** Commands the server ran during `action`, counted by the observer connection. */
const commandsDuring = (action: () => Promise<unknown>) => commandsRunDuring(observer, action)

/** What the claim script runs inside Redis when the mailbox is empty. */
const EMPTY_CLAIM = { evalsha: 1, type: 2, time: 1, zrangebyscore: 1, lrange: 1 }

for (const framework of FRAMEWORKS) {
  describe(framework, () => {
    let app: RunningApp
    beforeAll(async () => {
      app = await startApp(framework, { client: client.client, prefix: `${framework}:` })
      // Load the scripts once, so EVALSHA finds them (a fresh server answers NOSCRIPT once).
      const warm = new Visitor(app.url, 'warm-up')
      await warm.add('x')
      await warm.show()
    })
    afterAll(() => app.close())

    it('no visitor cookie and no user: no command at all, whatever the page does', async () => {
      const stranger = new Visitor(app.url)
      expect(await commandsDuring(() => stranger.request('/untouched'))).toEqual({})
      expect(await commandsDuring(() => stranger.show())).toEqual({})
      expect(await commandsDuring(() => stranger.request('/count'))).toEqual({})
    })

    it('a user key with nothing waiting: one command (the claim), on any page', async () => {
      const ann = new Visitor(app.url, 'ann')
      expect(await commandsDuring(() => ann.request('/untouched'))).toEqual(EMPTY_CLAIM)
      expect(await commandsDuring(() => ann.show())).toEqual(EMPTY_CLAIM)
    })

    it('messages waiting on an untouched page: the claim, then their release (two commands)', async () => {
      const bob = new Visitor(app.url, 'bob')
      await bob.add('waiting')
      const counts = await commandsDuring(() => bob.request('/untouched'))
      expect(counts['evalsha']).toBe(2)
      expect(await bob.show()).toEqual(['waiting'])
    })

    it('the login request with a visitor message waiting: one claim and two settles, once', async () => {
      const browser = new Visitor(app.url)
      await browser.add('Cart saved.')
      const login = await commandsDuring(() => browser.request('/login?as=cost-login&text=Welcome', 'POST'))
      expect(login['evalsha']).toBe(3) // the visitor's claim; the account's settle, then the visitor's
      // Logged in by the uid cookie from now on, the visitor cookie gone: one claim, one settle.
      expect(await commandsDuring(() => browser.show())).toMatchObject({ evalsha: 2 })
      expect(await commandsDuring(() => browser.show())).toEqual(EMPTY_CLAIM)
    })
  })
}
