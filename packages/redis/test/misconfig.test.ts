/**
 * Mistakes in wiring the Redis storage, on every adapter: `redisStorage` passed uncalled fails at
 * startup with the call as the fix; a client that was never connected (or was closed) is named as
 * such when a message cannot be stored, not taken for a Redis server that is down.
 */
import cookie from '@fastify/cookie'
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { FlashConfigError } from '@flash/core'
import { flash as expressFlash } from '@flash/express'
import { flash as fastifyFlash } from '@flash/fastify'
import { flash as honoFlash } from '@flash/hono'
import { flash as koaFlash } from '@flash/koa'
import Fastify from 'fastify'
import { Redis } from 'ioredis'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { redisStorage } from '../src/index.js'
import { FRAMEWORKS, type Framework, SECRET, startApp } from './apps.js'
import { Visitor } from './browser.js'

const UNCALLED =
  'option "storage" got redisStorage itself, a function that makes a storage from its options: call it, ' +
  'storage: redisStorage({ client })'

/** Makes the adapter's middleware or plugin with `storage: redisStorage` as a JavaScript app can. */
const startWithUncalledFactory: Record<Framework, () => Promise<unknown>> = {
  fastify: async () => {
    const app = Fastify()
    await app.register(cookie)
    try {
      await app.register(fastifyFlash, { secret: SECRET, storage: redisStorage as never }).ready()
    } finally {
      await app.close()
    }
  },
  koa: async () => koaFlash({ secret: SECRET, storage: redisStorage as never }),
  hono: async () => honoFlash({ secret: SECRET, storage: redisStorage as never }),
  express: async () => expressFlash({ secret: SECRET, storage: redisStorage as never }),
}

describe.each(FRAMEWORKS)('%s', (framework) => {
  it('fails at startup when redisStorage is passed uncalled, naming the call', async () => {
    const started = startWithUncalledFactory[framework]()
    await expect(started).rejects.toThrow(FlashConfigError)
    await expect(started).rejects.toThrow(UNCALLED)
  })
})

describe('a client that cannot send', () => {
  let redis: RedisServer
  beforeAll(async () => {
    redis = await startRedis()
  })
  afterAll(() => redis.stop())

  const notConnected = (): Parameters<typeof redisStorage>[0]['client'] => {
    const client = createClient({ url: redis.url })
    client.on('error', () => {})
    return client
  }
  const closedIoredis = async (): Promise<Parameters<typeof redisStorage>[0]['client']> => {
    const client = new Redis(redis.url, { lazyConnect: true })
    client.on('error', () => {})
    await client.connect()
    await client.quit()
    return client
  }

  it.each(FRAMEWORKS)(
    '%s: a node-redis client never connected is named in the report, with the fix',
    async (framework) => {
      const app = await startApp(framework, { client: notConnected() })
      try {
        const visitor = new Visitor(app.url, 'ann')
        await visitor.add('Saved.')
        const reports = app.warnings.filter((w) => w.includes('could not be stored'))
        expect(reports).toHaveLength(1)
        expect(reports[0]).toContain('the node-redis client is not connected: call `await client.connect()`')
        expect(reports[0]).toContain('"Saved."')
      } finally {
        await app.close()
      }
    },
  )

  it.each(FRAMEWORKS)('%s: an ioredis client that was quit is named as closed', async (framework) => {
    const app = await startApp(framework, { client: await closedIoredis() })
    try {
      await new Visitor(app.url, 'ann').add('Saved.')
      const reports = app.warnings.filter((w) => w.includes('could not be stored'))
      expect(reports).toHaveLength(1)
      expect(reports[0]).toContain(
        'the client was closed (quit, close or disconnect); pass a connected client',
      )
    } finally {
      await app.close()
    }
  })
})
