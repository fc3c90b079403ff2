/**
 * `@flash/fastify/testing` under `node:test`, from the built package (run by testing.test.ts).
 * The first test runs before the testing entry is imported: nothing is recorded then.
 */
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import cookie from '@fastify/cookie'
import flash, { success } from '@flash/fastify'
import Fastify from 'fastify'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'

async function app(fastify, plugins) {
  const instance = fastify()
  await instance.register(plugins.cookie)
  await instance.register(plugins.flash, { secret: SECRET })
  instance.post('/notes', async (request, reply) => {
    plugins.success(request, 'Note saved.')
    return reply.redirect('/')
  })
  return instance
}

test('without @flash/fastify/testing, responses carry no record header', async () => {
  const instance = await app(Fastify, { cookie, flash, success })
  const response = await instance.inject({ method: 'POST', url: '/notes' })
  assert.equal(response.statusCode, 302)
  assert.equal(response.headers['x-flash-record'], undefined)
  await instance.close()
})

test('ESM: assertMessages passes, and fails with an AssertionError', async () => {
  const { assertMessages, Message, SUCCESS, INFO } = await import('@flash/fastify/testing')
  const instance = await app(Fastify, { cookie, flash, success })
  const response = await instance.inject({ method: 'POST', url: '/notes' })
  assertMessages(response, [new Message(SUCCESS, 'Note saved.')])
  assert.throws(() => assertMessages(response, [new Message(INFO, 'Note saved.')]), {
    name: 'AssertionError',
    message:
      "Messages differ: [Message(level=25, message='Note saved.')] != [Message(level=20, message='Note saved.')]",
  })
  await instance.close()
})

test('CommonJS: require("@flash/fastify/testing") with a CommonJS app', async () => {
  const require = createRequire(import.meta.url)
  const { assertMessages, Message, SUCCESS } = require('@flash/fastify/testing')
  const { flash: cjsFlash, success: cjsSuccess } = require('@flash/fastify')
  const instance = await app(require('fastify'), {
    cookie: require('@fastify/cookie'),
    flash: cjsFlash,
    success: cjsSuccess,
  })
  assertMessages(await instance.inject({ method: 'POST', url: '/notes' }), [
    new Message(SUCCESS, 'Note saved.'),
  ])
  await instance.close()
})
