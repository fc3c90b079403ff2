/**
 * `@flash/express/testing`: Django's `AssertMessagesTest` through real responses (`fetch`
 * against a real server), and the same helper under `node:test`, outside vitest.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import express from 'express'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import {
  addMessage,
  DEBUG,
  ERROR,
  flash,
  getMessages,
  INFO,
  RECORD_HEADER,
  SUCCESS,
  WARNING,
} from '../src/index.js'
import { assertMessages, Message, MessagesAssertionError, messagesOf } from '../src/testing.js'
import { SECRET } from './app.js'
import { Client, type Served, serve } from './client.js'

interface Added {
  level: number
  message: string
  extraTags?: string
}

function createApp() {
  const app = express()
  app.use(express.json())
  // Django's test storage records every level; 42 gets a custom tag (test_custom_levelname).
  app.use(flash({ secret: SECRET, level: DEBUG, tags: { 42: 'CUSTOM' } }))
  app.post('/add', (req, res) => {
    for (const { level, message, extraTags } of req.body as Added[]) {
      addMessage(req, level, message, extraTags === undefined ? {} : { extraTags })
    }
    res.redirect('/show')
  })
  app.get('/show', (req, res) => {
    res.json([...getMessages(req)].map(String))
  })
  app.post('/crash', (req, _res, next) => {
    addMessage(req, ERROR, 'Before the crash.')
    next(new Error('crash'))
  })
  app.use(((_error, _req, res, _next) => {
    res.status(500).send('error page')
  }) as express.ErrorRequestHandler)
  return app
}

let served: Served
let client: Client
beforeAll(async () => {
  served = await serve(createApp())
})
afterAll(() => served.close())
beforeEach(() => {
  client = new Client(served.client.base)
})

function thrown(fn: () => void): MessagesAssertionError {
  try {
    fn()
  } catch (error) {
    return error as MessagesAssertionError
  }
  throw new Error('expected a throw')
}

const add = (messages: Added[]) => client.post('/add', messages as never, { json: true })

describe('assertMessages (Django AssertMessagesTest)', () => {
  it('test_assertion: the five levels, in order, on the POST and on the page after the redirect', async () => {
    const levels: Added[] = [
      { level: DEBUG, message: 'DEBUG message.' },
      { level: INFO, message: 'INFO message.' },
      { level: SUCCESS, message: 'SUCCESS message.' },
      { level: WARNING, message: 'WARNING message.' },
      { level: ERROR, message: 'ERROR message.' },
    ]
    const expected = levels.map((m) => new Message(m.level, m.message))
    const posted = await add(levels)
    assertMessages(posted, expected)
    assertMessages(await client.get('/show'), expected)
    expect(messagesOf(posted).map(String)).toEqual(levels.map((m) => m.message))
  })

  it('test_custom_levelname and test_ordered', async () => {
    const posted = await add([
      { level: 42, message: 'Custom.' },
      { level: ERROR, message: 'Error.' },
    ])
    assertMessages(posted, [new Message(42, 'Custom.'), new Message(ERROR, 'Error.')])
    expect(() => assertMessages(posted, [new Message(ERROR, 'Error.'), new Message(42, 'Custom.')])).toThrow(
      MessagesAssertionError,
    )
    assertMessages(posted, [new Message(ERROR, 'Error.'), new Message(42, 'Custom.')], { ordered: false })
  })

  it('test_mismatching_length: an AssertionError showing both lists', async () => {
    const posted = await add([{ level: INFO, message: 'Only one.' }])
    const error = thrown(() => assertMessages(posted, []))
    expect(error).toBeInstanceOf(MessagesAssertionError)
    expect(error.message).toContain('Only one.')
  })

  it('records through the app error handler, and refuses a response that was not recorded', async () => {
    const crashed = await client.post('/crash')
    expect(crashed.status).toBe(500)
    assertMessages(crashed, [new Message(ERROR, 'Before the crash.')])
    assertMessages(await client.get('/show'), [new Message(ERROR, 'Before the crash.')])
    expect(() => assertMessages(new Response('not from the app'), [])).toThrow(
      `@flash/core/testing: this response carries no recorded messages (no "${RECORD_HEADER}" header); import ` +
        'the testing entry of your adapter before the request is made, and run the app in the test process',
    )
  })
})

describe('@flash/express/testing outside vitest', () => {
  const script = fileURLToPath(new URL('./node/assert-messages.mjs', import.meta.url))
  const dist = fileURLToPath(new URL('../dist/testing.js', import.meta.url))

  it('works under node --test, from the built ESM and CJS entries', async () => {
    expect(existsSync(dist), 'build @flash/express first: cd packages/express && npx tsup').toBe(true)
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--test', '--test-reporter=tap', script],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        timeout: 30_000,
      },
    )
    expect(stdout).toContain('ok 1 - assertMessages passes on the messages an Express request added')
    expect(stdout).toContain('ok 2 - assertMessages throws an AssertionError that node:test reports')
    expect(stdout).toContain('ok 3 - the CommonJS entry exports the same helpers')
    expect(stdout).toMatch(/^# pass 3$/m)
    expect(stdout).toMatch(/^# fail 0$/m)
  })
})
