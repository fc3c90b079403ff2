/**
 * The request cycle through each adapter and each client: Django's consumption rules, the
 * anonymous visitor cookie's life, per-user keying through the carrier, and the key layout.
 */
import { parseSetCookie, type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FRAMEWORKS, type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { CLIENTS, connect, type TestClient } from './clients.js'

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis.stop())

for (const clientName of CLIENTS) {
  for (const framework of FRAMEWORKS) {
    describe(`${framework} with ${clientName}`, () => {
      let client: TestClient
      let app: RunningApp
      beforeAll(async () => {
        client = await connect(clientName, redis.url)
        app = await startApp(framework, { client: client.client, prefix: `${framework}-${clientName}:` })
      })
      afterAll(async () => {
        await app.close()
        await client.close()
      })

      it('shows a message once on the next page; length and used = false keep it', async () => {
        const visitor = new Visitor(app.url)
        await visitor.add('Saved.', 25)
        await visitor.add('Second.')
        expect(JSON.parse((await visitor.request('/count')).body)).toBe(2)
        expect((await visitor.request('/untouched')).body).toBe('ok')
        expect(await visitor.show('/keep')).toEqual(['Saved.', 'Second.'])
        expect(await visitor.show()).toEqual(['Saved.', 'Second.'])
        expect(await visitor.show()).toEqual([])
      })

      it('the visitor cookie is set with the first stored message and deleted when the list empties', async () => {
        const visitor = new Visitor(app.url)
        const untouched = await visitor.request('/untouched')
        expect(untouched.setCookies).toEqual([])
        const empty = await visitor.request('/show')
        expect(empty.setCookies).toEqual([])
        const added = await visitor.request('/add?text=hello', 'POST')
        expect(added.setCookies).toHaveLength(1)
        const set = parseSetCookie(added.setCookies[0]!)
        // A name of its own per visitor (the first 12 hex digits of its id): see visitors.test.ts.
        expect(set.name).toMatch(/^messages_visitor\.[0-9a-f]{12}$/)
        expect(set.value).toMatch(/^visitor:[0-9a-f]{32}:[^:;]+:[^:;]+$/)
        // Seven days (maxAge); Koa's cookies module writes it as Expires, the others as Max-Age.
        const maxAge = set.attributes.get('max-age')
        const lifetime = maxAge ?? (Date.parse(set.attributes.get('expires')!) - Date.now()) / 1000
        expect(Number(lifetime)).toBeGreaterThan(604_790)
        expect(Number(lifetime)).toBeLessThanOrEqual(604_800)
        expect(set.attributes.get('path')).toBe('/')
        expect(set.attributes.has('httponly')).toBe(true)
        expect(set.attributes.get('samesite')?.toLowerCase()).toBe('lax')
        const id = /visitor:([0-9a-f]{32})/.exec(set.value)![1]!
        expect(set.name).toBe(`messages_visitor.${id.slice(0, 12)}`)
        const prefix = `${framework}-${clientName}:`
        expect(await client.command(['LLEN', `${prefix}{visitor:${id}}`])).toBe(1)
        const ttl = Number(await client.command(['PTTL', `${prefix}{visitor:${id}}`]))
        expect(ttl).toBeGreaterThan(604_700_000)
        expect(ttl).toBeLessThanOrEqual(604_800_000)
        const shown = await visitor.request('/show')
        expect(JSON.parse(shown.body)).toEqual(['hello'])
        expect(shown.setCookies.map(parseSetCookie).map((c) => [c.name, c.deletes])).toEqual([
          [set.name, true],
        ])
        expect(
          await client.command(['EXISTS', `${prefix}{visitor:${id}}`, `${prefix}{visitor:${id}}:claimed`]),
        ).toBe(0)
      })

      it('a tampered visitor cookie reads as no messages and is deleted', async () => {
        const visitor = new Visitor(app.url)
        visitor.jar.set('messages_visitor', `visitor:${'0'.repeat(32)}:forged:signature`)
        const shown = await visitor.request('/show')
        expect([shown.status, shown.body]).toEqual([200, '[]'])
        expect(shown.setCookies.map(parseSetCookie).map((c) => [c.name, c.deletes])).toEqual([
          ['messages_visitor', true],
        ])
      })

      it('the user option keys by the carrier: each user sees only their messages, no cookie is set', async () => {
        const ann = new Visitor(app.url, 'ann')
        const bob = new Visitor(app.url, 'bob')
        const added = await ann.request('/add?text=for%20ann', 'POST')
        expect(added.setCookies).toEqual([])
        expect(await bob.show()).toEqual([])
        expect(await ann.show()).toEqual(['for ann'])
      })

      it('messages of several requests are appended, never overwritten', async () => {
        const visitor = new Visitor(app.url, 'appender')
        await Promise.all(Array.from({ length: 10 }, (_, i) => visitor.add(`parallel ${i}`)))
        expect((await visitor.show()).sort()).toEqual(
          Array.from({ length: 10 }, (_, i) => `parallel ${i}`).sort(),
        )
      })
    })
  }
}

describe('a throwing handler', () => {
  for (const framework of FRAMEWORKS) {
    it(`${framework}: the visitor cookie of a message added before the error reaches the browser`, async () => {
      const client = await connect('node-redis', redis.url)
      const app = await startApp(framework, { client: client.client, prefix: 'throw:' })
      try {
        const visitor = new Visitor(app.url)
        const failed = await visitor.request('/add-then-throw?text=before%20the%20crash', 'POST')
        expect(failed.status).toBe(500)
        expect(failed.setCookies.map((c) => parseSetCookie(c).name)).toEqual([
          expect.stringMatching(/^messages_visitor\.[0-9a-f]{12}$/),
        ])
        expect(await visitor.show()).toEqual(['before the crash'])
      } finally {
        await app.close()
        await client.close()
      }
    })
  }
})
