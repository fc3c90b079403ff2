/**
 * Fastify answers a validation error from setErrorHandler without running preHandler, where the
 * adapter loads an asynchronous storage: the error page loads it itself with `preload()`. A request
 * answered before preHandler (validation, an onRequest hook) that still ends with the storage
 * (htmx delivery), or a touch before the load, must settle Redis's claim rather than leave the
 * messages held until the lease runs out.
 */

import type { AddressInfo } from 'node:net'
import cookie from '@fastify/cookie'
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { flash } from '@flash/fastify'
import Fastify from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createNotifier, redisStorage } from '../src/index.js'
import { SECRET } from './apps.js'
import { connect, type TestClient } from './clients.js'

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

async function app(preloadInErrorHandler: boolean) {
  const fastify = Fastify()
  await fastify.register(cookie)
  await fastify.register(flash, {
    secret: SECRET,
    storage: redisStorage({ client: client.client, user: () => 'eve' }),
  })
  fastify.post('/add', async (request) => {
    request.messages.add(40, 'Card declined.')
    return 'added'
  })
  fastify.post(
    '/form',
    { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
    async () => 'never',
  )
  fastify.setErrorHandler(async (error, request, reply) => {
    if (preloadInErrorHandler) await request.messages.preload()
    const texts = [...request.messages].map(String)
    return reply.code(400).send({ error: (error as Error).message, messages: texts })
  })
  return fastify
}

it('setErrorHandler after a validation error shows the messages once it awaited preload()', async () => {
  const fastify = await app(true)
  await fastify.inject({ method: 'POST', url: '/add' })
  const invalid = await fastify.inject({ method: 'POST', url: '/form', payload: {} })
  expect(invalid.statusCode).toBe(400)
  expect(invalid.json().messages).toEqual(['Card declined.'])
  expect(await client.command(['EXISTS', 'flash:{user:eve}', 'flash:{user:eve}:claimed'])).toBe(0)
  await fastify.close()
})

it('without preload() the error names the fix', async () => {
  const fastify = await app(false)
  const invalid = await fastify.inject({ method: 'POST', url: '/form', payload: {} })
  expect(invalid.statusCode).toBe(500)
  expect(invalid.json().message).toContain(
    "Fastify's setErrorHandler after a validation error) must first `await request.messages.preload()`",
  )
  await fastify.close()
})

const HTMX = { 'hx-request': 'true' }
const KEYS = ['flash:{user:htmx}', 'flash:{user:htmx}:claimed']

/** htmx delivery on; the user `htmx`; routes rejected before preHandler, and one touched too early. */
async function htmxApp() {
  const fastify = Fastify()
  await fastify.register(cookie)
  await fastify.register(flash, {
    secret: SECRET,
    htmx: true,
    storage: redisStorage({ client: client.client, user: () => 'htmx' }),
  })
  fastify.post(
    '/form',
    { schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } },
    async () => 'never',
  )
  fastify.register(async (scoped) => {
    scoped.addHook('onRequest', async (_request, reply) => reply.code(401).send('log in first'))
    scoped.post('/private', async () => 'never')
  })
  fastify.register(async (scoped) => {
    // Reads before preHandler loaded the storage: the read throws (and is caught here).
    scoped.addHook('onRequest', async (request) => {
      try {
        request.messages.length
      } catch {}
    })
    scoped.get('/early', async (request) => [...request.messages].map(String))
  })
  fastify.get('/show', async (request) => [...request.messages].map(String))
  await fastify.listen({ port: 0, host: '127.0.0.1' })
  const url = `http://127.0.0.1:${(fastify.server.address() as AddressInfo).port}`
  return { fastify, url }
}

async function notify() {
  await client.command(['DEL', ...KEYS])
  await createNotifier({ client: client.client })('htmx', 40, 'Export failed.')
}

it.each([
  ['schema validation', '/form', 400],
  ['an onRequest hook', '/private', 401],
])(
  'an htmx request answered by %s delivers the waiting messages in HX-Trigger and holds none',
  async (_, path, status) => {
    const { fastify, url } = await htmxApp()
    await notify()
    const rejected = await fetch(`${url}${path}`, { method: 'POST', headers: HTMX })
    expect(rejected.status).toBe(status)
    const trigger = JSON.parse(rejected.headers.get('hx-trigger') ?? '{}')
    expect(trigger.messages?.map((m: { message: string }) => m.message)).toEqual(['Export failed.'])
    expect(await client.command(['EXISTS', ...KEYS])).toBe(0)
    // Shown once: the next page has nothing left.
    expect(await (await fetch(`${url}/show`)).json()).toEqual([])
    await fastify.close()
  },
)

it('a plain request answered before preHandler keeps the waiting messages for the next page', async () => {
  const { fastify, url } = await htmxApp()
  await notify()
  expect((await fetch(`${url}/private`, { method: 'POST' })).status).toBe(401)
  expect(await (await fetch(`${url}/show`)).json()).toEqual(['Export failed.'])
  expect(await client.command(['EXISTS', ...KEYS])).toBe(0)
  await fastify.close()
})

it('a read before the storage was loaded claims once: the handler shows the messages it claimed', async () => {
  const { fastify, url } = await htmxApp()
  await notify()
  expect(await (await fetch(`${url}/early`)).json()).toEqual(['Export failed.'])
  expect(await client.command(['EXISTS', ...KEYS])).toBe(0)
  await fastify.close()
})
