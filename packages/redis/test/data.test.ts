/**
 * What is in Redis: bad data reads as none and is cleared, `maxMessages` drops and reports the
 * oldest, `maxAge` is a TTL and an age limit per message, the notifier writes the documented
 * layout (so another language can too), and options fail fast.
 */
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { ERROR, FlashConfigError, markSafe } from '@flash/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNotifier, redisStorage } from '../src/index.js'
import { type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { CLIENTS, connect, type TestClient } from './clients.js'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis.stop())

for (const clientName of CLIENTS) {
  describe(`with ${clientName}`, () => {
    let client: TestClient
    let app: RunningApp
    const prefix = `${clientName}:`
    beforeAll(async () => {
      client = await connect(clientName, redis.url)
      app = await startApp('hono', { client: client.client, prefix, maxMessages: 3, maxAge: 60 })
    })
    afterAll(async () => {
      await app.close()
      await client.close()
    })

    it('bad entries (not JSON, wrong shape, too old) read as none and are removed; good ones show', async () => {
      const key = `${prefix}{user:dirty}`
      const good = JSON.stringify({ id: 'a', at: Date.now(), message: ['__json_message', 0, 20, 'good'] })
      const old = JSON.stringify({
        id: 'b',
        at: Date.now() - 61_000,
        message: ['__json_message', 0, 20, 'old'],
      })
      await client.command(['RPUSH', key, 'not json', '{"id":1}', '[1,2]', old, good])
      expect(await new Visitor(app.url, 'dirty').show()).toEqual(['good'])
      expect(await client.command(['EXISTS', key, `${key}:claimed`])).toBe(0)
    })

    it("another app's key of another type reads as none and is cleared", async () => {
      const key = `${prefix}{user:typed}`
      await client.command(['SET', key, 'some string'])
      await client.command(['HSET', `${key}:claimed`, 'f', 'v'])
      const page = await new Visitor(app.url, 'typed').request('/show')
      expect([page.status, page.body]).toEqual([200, '[]'])
      expect(await client.command(['EXISTS', key, `${key}:claimed`])).toBe(0)
    })

    it('maxMessages keeps the newest and reports the dropped oldest like any unstored message', async () => {
      const visitor = new Visitor(app.url, 'chatty')
      for (const text of ['one', 'two', 'three', 'four', 'five']) await visitor.add(text)
      expect(await visitor.show()).toEqual(['three', 'four', 'five'])
      const dropped = app.warnings.filter((w) => w.includes('maxMessages'))
      expect(dropped).toEqual([
        '@flash/hono: 1 message could not be stored and will not be shown (at most 3 messages are kept per user or visitor (maxMessages) and the oldest are dropped): "one"',
        '@flash/hono: 1 message could not be stored and will not be shown (at most 3 messages are kept per user or visitor (maxMessages) and the oldest are dropped): "two"',
      ])
    })

    it('maxAge is the TTL of the mailbox', async () => {
      const visitor = new Visitor(app.url, 'ttl')
      await visitor.add('expiring')
      const ttl = Number(await client.command(['PTTL', `${prefix}{user:ttl}`]))
      expect(ttl).toBeGreaterThan(59_000)
      expect(ttl).toBeLessThanOrEqual(60_000)
      // A display in progress: the claimed set expires too.
      await visitor.request('/untouched')
      expect(await visitor.show()).toEqual(['expiring'])
    })

    it('notify() from a job: shown on the next page, with level, tags and safe HTML', async () => {
      const notify = createNotifier({ client: client.client, prefix })
      await notify('worker-user', ERROR, 'Your export failed.', { extraTags: 'export' })
      await notify('worker-user', 25, markSafe('<a href="/x">Done</a>'))
      await notify(42, 20, '')
      const raw = (await client.command(['LRANGE', `${prefix}{user:worker-user}`, '0', '-1'])) as string[]
      expect(raw.map((e) => JSON.parse(e).message)).toEqual([
        ['__json_message', 0, 40, 'Your export failed.', 'export'],
        ['__json_message', 1, 25, '<a href="/x">Done</a>', ''],
      ])
      expect(raw.map((e) => Object.keys(JSON.parse(e)))).toEqual([
        ['id', 'at', 'message'],
        ['id', 'at', 'message'],
      ])
      expect(await new Visitor(app.url, 'worker-user').show()).toEqual([
        'Your export failed.',
        '<a href="/x">Done</a>',
      ])
      expect(await client.command(['EXISTS', `${prefix}{user:42}`])).toBe(0)
    })

    it('notify() with a Promise as the text is a TypeError, and stores nothing', async () => {
      const notify = createNotifier({ client: client.client, prefix })
      await expect(notify('promised', ERROR, Promise.resolve('later') as unknown as string)).rejects.toThrow(
        new TypeError(
          '@flash/redis: notify() argument "message" is a Promise, whose text would read "[object Promise]": ' +
            "await it first, e.g. await notify(user, ERROR, await t('export-failed'))",
        ),
      )
      expect(await client.command(['EXISTS', `${prefix}{user:promised}`])).toBe(0)
    })

    it('another language can notify with RPUSH and PEXPIRE of the documented entry', async () => {
      const key = `${prefix}{user:from-python}`
      const entry = `{"id":"job-7","at":${Date.now()},"message":["__json_message",0,30,"Disk almost full."]}`
      await client.command(['RPUSH', key, entry])
      await client.command(['PEXPIRE', key, '60000'])
      expect(await new Visitor(app.url, 'from-python').show()).toEqual(['Disk almost full.'])
    })
  })
}

describe('options fail fast, naming the option', () => {
  it('rejects a missing or foreign client, unknown options and bad numbers', () => {
    expect(() => redisStorage({ client: {} as never })).toThrow(
      new FlashConfigError(
        '@flash/redis: redisStorage() option "client" must be a connected node-redis client (await createClient({ url }).connect(), from "redis" v5 or v6) or an ioredis client (new Redis(url), from "ioredis" v5 or v6)',
      ),
    )
    const fake = { sendCommand: async () => null, isReady: true }
    expect(() => redisStorage({ client: fake, leaseSeconds: 0 })).toThrow(
      '@flash/redis: redisStorage() option "leaseSeconds" must be a number of seconds, at least 1, got 0',
    )
    expect(() => redisStorage({ client: fake, timeoutMs: -1 })).toThrow('option "timeoutMs"')
    expect(() => redisStorage({ client: fake, maxMessages: 1.5 })).toThrow('option "maxMessages"')
    expect(() => redisStorage({ client: fake, maxAge: 0 })).toThrow('option "maxAge"')
    expect(() => redisStorage({ client: fake, user: 'id' as never })).toThrow('option "user"')
    expect(() => redisStorage({ client: fake, ttl: 5 } as never)).toThrow(
      '@flash/redis: redisStorage() option "ttl" is not an option; known options: client, user, prefix, maxAge, maxMessages, leaseSeconds, timeoutMs, visitorCookie',
    )
    expect(() => createNotifier({ client: fake, user: () => 'x' } as never)).toThrow(
      '@flash/redis: createNotifier() option "user" is not an option',
    )
  })
})

describe('mailbox keys', () => {
  it("a user key ending in ':claimed' cannot reach another user's claimed set", async () => {
    const client = await connect('node-redis', redis.url)
    const app = await startApp('fastify', { client: client.client })
    try {
      await new Visitor(app.url, 'x').add('for x')
      // x's slow page holds its claim while the other user's page runs.
      const slow = new Visitor(app.url, 'x').request('/slow-count?ms=500')
      for (
        let i = 0;
        i < 100 && Number(await client.command(['ZCARD', 'flash:{user:x}:claimed'])) === 0;
        i++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10))
      }
      expect(await new Visitor(app.url, 'x:claimed').show()).toEqual([])
      expect(await new Visitor(app.url, 'x}:claimed').show()).toEqual([])
      expect(JSON.parse((await slow).body)).toBe(1)
      expect(await new Visitor(app.url, 'x').show()).toEqual(['for x'])
    } finally {
      await app.close()
      await client.close()
    }
  })
})
