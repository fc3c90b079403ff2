// Run by testing.test.ts with `node --test`: @flash/hono/testing needs no test runner, and its
// ESM and CommonJS builds share one recorder.
import assert from 'node:assert/strict'
import { createRequire } from 'node:module'
import { test } from 'node:test'
import { flash, INFO, SUCCESS, success, WARNING, warning } from '@flash/hono'
import { assertMessages, Message, MessagesAssertionError } from '@flash/hono/testing'
import { Hono } from 'hono'

function app() {
  const app = new Hono()
  app.use(flash({ secret: 'a-test-secret-that-is-long-enough-0123456789' }))
  app.post('/notes', (c) => {
    success(c, 'Note saved.')
    warning(c, 'Almost full.')
    return c.redirect('/')
  })
  return app
}

test('passes on the same messages, in order or not', async () => {
  const res = await app().request('/notes', { method: 'POST' })
  assertMessages(res, [new Message(SUCCESS, 'Note saved.'), new Message(WARNING, 'Almost full.')])
  assertMessages(
    res,
    [
      { level: WARNING, message: 'Almost full.' },
      { level: SUCCESS, message: 'Note saved.' },
    ],
    {
      ordered: false,
    },
  )
})

test('throws an AssertionError showing both lists', async () => {
  const res = await app().request('/notes', { method: 'POST' })
  assert.throws(() => assertMessages(res, [new Message(INFO, 'Note saved.')]), {
    name: 'AssertionError',
    message:
      "Messages differ: [Message(level=25, message='Note saved.'), Message(level=30, message='Almost full.')] " +
      "!= [Message(level=20, message='Note saved.')]",
  })
})

test('the error is a MessagesAssertionError whose stack starts here', async () => {
  const res = await app().request('/notes', { method: 'POST' })
  try {
    assertMessages(res, [])
    assert.fail('did not throw')
  } catch (error) {
    assert.ok(error instanceof MessagesAssertionError)
    const frames = error.stack.split('\n').filter((line) => line.trimStart().startsWith('at '))
    assert.match(frames[0], /assert-messages\.test\.mjs/)
  }
})

test('the CommonJS build reads what the ESM app recorded', async () => {
  const require = createRequire(import.meta.url)
  const cjs = require('@flash/hono/testing')
  const res = await app().request('/notes', { method: 'POST' })
  cjs.assertMessages(res, [new cjs.Message(SUCCESS, 'Note saved.'), new cjs.Message(WARNING, 'Almost full.')])
  assert.throws(() => cjs.assertMessages(res, []), cjs.MessagesAssertionError)
})
