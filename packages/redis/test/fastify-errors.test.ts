/**
 * Fastify answers a validation error from setErrorHandler without running preHandler, where the
 * adapter loads an asynchronous storage: the error page loads it itself with `preload()`.
 */

import cookie from '@fastify/cookie'
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { flash } from '@flash/fastify'
import Fastify from 'fastify'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { redisStorage } from '../src/index.js'
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
