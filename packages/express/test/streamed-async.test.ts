/**
 * A streamed response (`res.write()`, a pipe) sends its headers before an asynchronous storage
 * (Web Crypto, @flash/redis) finished, so a cookie it then writes cannot go out. What that loses
 * is reported, and only that: a page that displays messages loses none (Redis settled them), a
 * page that adds one before or after its headers went out loses it. Real redis-server, across
 * requests with the cookies carried back.
 */
import { Readable } from 'node:stream'
import type { Express } from 'express'
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { flash, getMessages, success } from '../src/index.js'
import { SECRET } from './app.js'
import { ASYNC_STORAGES, type AsyncStorage, startTestRedis, type TestRedis } from './async-storages.js'
import { serve } from './client.js'
import { EXPRESS_VERSIONS, type ExpressFactory } from './harness.js'

const STREAMED_ADD =
  '@flash/express: 1 message could not be stored and will not be shown (the response headers were sent by ' +
  'res.write() or a pipe before the asynchronous storage (Web Crypto or a custom storage such as @flash/redis) ' +
  'wrote its cookie; add messages in responses sent whole (res.send(), res.json(), res.redirect()), which wait ' +
  'for the storage, or use the default crypto (node:crypto) with the built-in storages): "Streamed."'

const LATE_ADD =
  '@flash/express: 1 message could not be stored and will not be shown (it was added after @flash had stored ' +
  'the messages of this request, e.g. in a stream, a timer or a hook that runs after the ' +
  'response, or in a middleware mounted before (outside) @flash once the rest returned; add ' +
  'messages before the response is sent, in code that runs inside @flash): "Too late."'

let redis: TestRedis
beforeAll(async () => {
  redis = await startTestRedis()
})
afterAll(() => redis.stop())
beforeEach(() => redis.flush())

function build(express: ExpressFactory, storage: AsyncStorage): { app: Express; warnings: string[] } {
  const app = express()
  const warnings: string[] = []
  app.use(
    flash({ secret: SECRET, logger: { warn: (text) => warnings.push(text) }, ...storage.options(redis) }),
  )
  app.post('/add', (req, res) => {
    success(req, 'Saved.')
    res.redirect(303, '/show')
  })
  app.get('/show', (req, res) => {
    res.json([...getMessages(req)].map(String))
  })
  app.get('/piped', (req, res) => {
    res.type('json')
    Readable.from([JSON.stringify([...getMessages(req)].map(String))]).pipe(res)
  })
  app.get('/written', (req, res) => {
    res.write(JSON.stringify([...getMessages(req)].map(String)))
    res.end()
  })
  app.get('/add-then-write', (req, res) => {
    success(req, 'Streamed.')
    res.write('first')
    res.end()
  })
  app.get('/write-then-add', (req, res) => {
    res.write('first')
    success(req, 'Too late.')
    res.end()
  })
  return { app, warnings }
}

/** Until the asynchronous end of the last response has run its course. */
async function settled(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100))
}

describe.each(EXPRESS_VERSIONS)('$name', ({ express }) => {
  const redisStorage = ASYNC_STORAGES.find((s) => s.name === '@flash/redis')!

  for (const route of ['/piped', '/written']) {
    it(`@flash/redis: a streamed page (${route}) that displays a message settles it and logs nothing`, async () => {
      const { app, warnings } = build(express, redisStorage)
      const { client, close } = await serve(app)
      try {
        expect((await client.post('/add')).status).toBe(303)
        expect(await (await client.get(route)).json()).toEqual(['Saved.'])
        // Removed from its mailbox: displayed once, not put back after the lease.
        await vi.waitFor(async () => expect(await redis.keys()).toEqual([]))
        await settled()
        expect(warnings).toEqual([])
        expect(await (await client.get('/show')).json()).toEqual([])
        await new Promise((resolve) => setTimeout(resolve, 1100))
        expect(await (await client.get('/show')).json()).toEqual([])
        expect(warnings).toEqual([])
      } finally {
        await close()
      }
    })
  }

  it('@flash/redis: a streamed page that adds a message for a visitor who has a mailbox stores it and logs nothing', async () => {
    const { app, warnings } = build(express, redisStorage)
    const { client, close } = await serve(app)
    try {
      // The visitor's cookie and mailbox exist: storing needs no new cookie, only a refresh of it.
      expect((await client.post('/add')).status).toBe(303)
      expect(await (await client.get('/add-then-write')).text()).toBe('first')
      await settled()
      expect(warnings).toEqual([])
      expect(await (await client.get('/show')).json()).toEqual(['Saved.', 'Streamed.'])
      expect(await (await client.get('/show')).json()).toEqual([])
    } finally {
      await close()
    }
  })

  describe.each(ASYNC_STORAGES)('$name', (storage) => {
    it('a message added before the first write is reported, and not shown later', async () => {
      const { app, warnings } = build(express, storage)
      const { client, close } = await serve(app)
      try {
        const response = await client.get('/add-then-write')
        expect(await response.text()).toBe('first')
        expect(response.headers.getSetCookie()).toEqual([])
        await vi.waitFor(() => expect(warnings).toEqual([STREAMED_ADD]))
        expect(await (await client.get('/show')).json()).toEqual([])
      } finally {
        await close()
      }
    })

    it('a message added after the headers went out is reported, and not shown later', async () => {
      const { app, warnings } = build(express, storage)
      const { client, close } = await serve(app)
      try {
        expect(await (await client.get('/write-then-add')).text()).toBe('first')
        await settled()
        expect(warnings).toEqual([LATE_ADD])
        expect(await (await client.get('/show')).json()).toEqual([])
      } finally {
        await close()
      }
    })
  })
})
