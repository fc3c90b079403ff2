/**
 * A prefetch or prerender shows no messages and consumes none (core's displayed.ts): in Redis that
 * means no claim at all, counted by the server itself (`INFO commandstats`, as cost.test.ts does),
 * so nothing waits out a lease and the next page shows the message once.
 */
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { commandsRunDuring, connect, type TestClient } from './clients.js'

const PREFETCH_HEADERS: readonly [string, string][] = [
  ['Sec-Purpose', 'prefetch'],
  ['Sec-Purpose', 'prefetch;prerender'],
  ['X-Sec-Purpose', 'prefetch'],
  ['Purpose', 'prefetch'],
]

let redis: RedisServer
let client: TestClient
let observer: TestClient
let app: RunningApp
beforeAll(async () => {
  redis = await startRedis()
  client = await connect('node-redis', redis.url)
  observer = await connect('ioredis', redis.url)
  app = await startApp('fastify', { client: client.client, prefix: 'prefetch:' })
})
afterAll(async () => {
  await app.close()
  await client.close()
  await observer.close()
  await redis.stop()
})

/** Commands the server ran during `action`, counted by the observer connection. */
const commandsDuring = (action: () => Promise<unknown>) => commandsRunDuring(observer, action)

describe('a prefetch (fastify)', () => {
  for (const [name, value] of PREFETCH_HEADERS) {
    for (const user of [undefined, `prefetch-${name}-${value}`]) {
      it(`${name}: ${value}, ${user ? 'a user' : 'a visitor'}: no command, no message; the next page shows it once`, async () => {
        const browser = new Visitor(app.url, user)
        await browser.add('Saved.')
        let prefetch: Awaited<ReturnType<Visitor['request']>> | undefined
        const counts = await commandsDuring(async () => {
          prefetch = await browser.request('/show', 'GET', { [name]: value })
        })
        expect(counts).toEqual({})
        expect([prefetch!.status, JSON.parse(prefetch!.body), prefetch!.setCookies]).toEqual([200, [], []])
        expect(await browser.show()).toEqual(['Saved.'])
        expect(await browser.show()).toEqual([])
      })
    }
  }
})
