/**
 * A write whose answer the network lost, run again by the client: ioredis resends the commands
 * still unanswered when a connection breaks once it has reconnected (`autoResendUnfulfilledCommands`,
 * on by default), so Redis runs such a settle twice. Every message must still be stored once and
 * shown once. A real Redis, behind a proxy that breaks the connection instead of passing on the
 * one answer; the apps' add and `notify()`, on every adapter, with both ioredis majors.
 */
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { ERROR } from '@flash/core'
import { Redis } from 'ioredis'
import { Redis as Redis6 } from 'ioredis6'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNotifier, type RedisClient } from '../src/index.js'
import { SETTLE, settleKey } from '../src/scripts.js'
import { FRAMEWORKS, type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { connect } from './clients.js'
import { ReplyDroppingProxy } from './reply-dropping-proxy.js'

let redis: RedisServer
let proxy: ReplyDroppingProxy
beforeAll(async () => {
  redis = await startRedis()
  proxy = await ReplyDroppingProxy.start(redis.port)
})
afterAll(async () => {
  await proxy.close()
  await redis.stop()
})

/** An ioredis client as an app makes one: default options, so it resends after a reconnect. */
const MAJORS = { 'ioredis 6': (url: string) => new Redis(url), 'ioredis 5': (url: string) => new Redis6(url) }

for (const [major, create] of Object.entries(MAJORS)) {
  describe(`${major} resends a settle whose answer was lost`, () => {
    let client: Redis | Redis6
    beforeAll(async () => {
      client = create(proxy.url)
      client.on('error', () => {})
      if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve))
    })
    afterAll(() => client.disconnect())

    for (const framework of FRAMEWORKS) {
      it(`${framework}: the message a request added is shown once`, async () => {
        const app: RunningApp = await startApp(framework, { client: client as unknown as RedisClient })
        try {
          const user = new Visitor(app.url, `${framework}-${major}`)
          // Loads the scripts first: a lost answer to NOSCRIPT would only make the client EVAL once.
          await user.add('warm-up')
          expect(await user.show()).toEqual(['warm-up'])

          const dropped = proxy.dropped
          proxy.loseAnswerTo('Saved once.')
          await user.add('Saved once.')
          expect(proxy.dropped).toBe(dropped + 1)
          expect(await user.show()).toEqual(['Saved once.'])
          expect(await user.show()).toEqual([])
        } finally {
          await app.close()
        }
      })
    }

    it('notify(): the message a background job sent is shown once', async () => {
      const app = await startApp('fastify', { client: client as unknown as RedisClient })
      try {
        const notify = createNotifier({ client: client as unknown as RedisClient })
        const user = new Visitor(app.url, `notify-${major}`)
        await notify(user.user!, ERROR, 'warm-up')
        expect(await user.show()).toEqual(['warm-up'])

        const dropped = proxy.dropped
        proxy.loseAnswerTo('Your export failed.')
        await notify(user.user!, ERROR, 'Your export failed.')
        expect(proxy.dropped).toBe(dropped + 1)
        expect(await user.show()).toEqual(['Your export failed.'])
        expect(await user.show()).toEqual([])
      } finally {
        await app.close()
      }
    })
  })
}

describe('the settle script run twice with one settle key', () => {
  it('changes nothing more than once, and answers the same, when the limit drops entries (maxMessages 2)', async () => {
    const direct = await connect('node-redis', redis.url)
    try {
      const list = 'resent:{user:limit}'
      const key = settleKey(list, 'one-request')
      const entries = ['new1', 'new2', 'new3'].map(
        (text, i) => `{"id":"${i}","at":${Date.now()},"message":"${text}"}`,
      )
      const run = async () => {
        const sha = await SETTLE.sha
        await direct.command(['SCRIPT', 'LOAD', SETTLE.source])
        return direct.command([
          'EVALSHA',
          sha,
          '3',
          list,
          `${list}:claimed`,
          key,
          '60000',
          '2',
          '0',
          '0',
          '0',
          '0',
          ...entries,
        ])
      }
      const first = await run()
      const after = await direct.command(['LRANGE', list, '0', '-1'])
      expect(first).toEqual([2, entries[0]])
      expect(after).toEqual([entries[1], entries[2]])
      expect(await run()).toEqual(first)
      expect(await direct.command(['LRANGE', list, '0', '-1'])).toEqual(after)
      // The reply is kept for a second run (SETTLED_MS).
      expect(await direct.command(['PTTL', key])).toBeGreaterThan(0)
    } finally {
      await direct.close()
    }
  })
})
