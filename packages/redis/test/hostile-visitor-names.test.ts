/**
 * Cookies named like a visitor cookie that @flash never wrote (`messages_visitor.` and anything
 * but a visitor id): a script on the page or a sibling subdomain can plant one, with a name the
 * framework's cookie serializer refuses. They are not ours, so they are ignored: never read,
 * never deleted by that name (Fastify's and Hono's serializers threw on it: a 500 on every page
 * for as long as the browser kept the cookie), and the visitor's real mailbox still works.
 */
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FRAMEWORKS, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { connect, type TestClient } from './clients.js'

const PLANTED = [
  'messages_visitor.a b',
  'messages_visitor.{x}',
  'messages_visitor.a,b',
  'messages_visitor.a"b',
  'messages_visitor.(x)',
  'messages_visitor.a/b',
  'messages_visitor.a\tb',
  'messages_visitor.é',
  'messages_visitor.3F9A0C12AB34', // upper case: not a name @flash writes
  'messages_visitor.3f9a0c12ab3', // one digit short
  'messages_visitor.',
]

let redis: RedisServer
let client: TestClient
beforeAll(async () => {
  redis = await startRedis()
  client = await connect('node-redis', redis.url)
})
afterAll(async () => {
  await client.close()
  await redis.stop()
})

for (const framework of FRAMEWORKS) {
  describe(`${framework}: a planted cookie named like a visitor cookie`, () => {
    it.each(PLANTED)(
      '%j is ignored: every page answers 200 and the visitor keeps its messages',
      async (name) => {
        const app = await startApp(framework, { client: client.client })
        try {
          const visitor = new Visitor(app.url)
          await visitor.add('before the planted cookie')
          const withPlanted = { cookie: `${visitor.jar.header()}; ${name}=planted` }
          for (const [path, method] of [
            ['/untouched', 'GET'],
            ['/count', 'GET'],
            ['/add?text=after', 'POST'],
          ] as const) {
            // Sent by hand: the jar would not keep a name a browser's script could still set.
            const response = await fetch(app.url + path, { method, headers: withPlanted, redirect: 'manual' })
            expect(response.status, `${method} ${path}`).toBeLessThan(400)
            const setCookies = response.headers.getSetCookie()
            expect(setCookies.filter((line) => line.startsWith(`${name}=`))).toEqual([])
            visitor.jar.store(setCookies)
          }
          expect(app.errors).toEqual([])
          expect(await visitor.show()).toEqual(['before the planted cookie', 'after'])
        } finally {
          await app.close()
        }
      },
    )
  })
}
