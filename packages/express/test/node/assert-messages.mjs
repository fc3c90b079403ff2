/**
 * `@flash/express/testing` under `node:test`, as a user's test would import it: through the
 * package name (the built `dist`), no vitest. Run by testing.test.ts with `node --test`.
 */
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { after, before, test } from 'node:test'
import { flash, SUCCESS, success } from '@flash/express'
import { assertMessages, Message, MessagesAssertionError } from '@flash/express/testing'
import express from 'express'

let server
let base
before(async () => {
  const app = express()
  app.use(flash({ secret: 'node-test-secret-0123456789abcdef0123456789' }))
  app.post('/notes', (req, res) => {
    success(req, 'Note saved.')
    res.redirect('/')
  })
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server.once('listening', resolve))
  base = `http://127.0.0.1:${server.address().port}`
})
after(() => new Promise((resolve) => server.close(resolve)))

test('assertMessages passes on the messages an Express request added', async () => {
  const response = await fetch(`${base}/notes`, { method: 'POST', redirect: 'manual' })
  assert.equal(response.status, 302)
  assertMessages(response, [new Message(SUCCESS, 'Note saved.')])
})

test('assertMessages throws an AssertionError that node:test reports', async () => {
  const response = await fetch(`${base}/notes`, { method: 'POST', redirect: 'manual' })
  assert.throws(() => assertMessages(response, []), {
    name: 'AssertionError',
    message: "Messages differ: [Message(level=25, message='Note saved.')] != []",
  })
  assert.throws(() => assertMessages(response, [new Message(SUCCESS, 'Other.')]), MessagesAssertionError)
})

test('the CommonJS entry exports the same helpers', () => {
  const require = createRequire(import.meta.url)
  const cjs = require('@flash/express/testing')
  assert.equal(typeof cjs.assertMessages, 'function')
  assert.equal(typeof require('@flash/express').flash, 'function')
  assert.equal(typeof require('@flash/express/connect-flash').flash, 'function')
})
