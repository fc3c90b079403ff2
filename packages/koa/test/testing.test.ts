/**
 * `@flash/koa/testing`: Django's `AssertMessagesTest` through real responses (`fetch` against a
 * real server), and the same helper under `node:test`, outside vitest.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { SECRET } from '@flash/adapter-suite'
import { bodyParser } from '@koa/bodyparser'
import Router from '@koa/router'
import Koa from 'koa'
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
import { Client, type Served, serve } from './client.js'

interface Added {
  level: number
  message: string
  extraTags?: string
}

function createApp() {
  const app = new Koa()
  app.silent = true
  app.use(bodyParser())
  // Django's test storage records every level; 42 gets a custom tag (test_custom_levelname).
  app.use(flash({ secret: SECRET, level: DEBUG, tags: { 42: 'CUSTOM' } }))
  const router = new Router()
  router.post('/add', (ctx) => {
    for (const { level, message, extraTags } of ctx.request.body as Added[]) {
      addMessage(ctx, level, message, extraTags === undefined ? {} : { extraTags })
    }
    ctx.redirect('/show')
  })
  router.get('/show', (ctx) => {
    ctx.body = [...getMessages(ctx)].map(String)
  })
  router.post('/crash', (ctx) => {
    addMessage(ctx, ERROR, 'Before the crash.')
    throw new Error('crash')
  })
  app.use(router.routes())
  return app
}

let served: Served
let client: Client
beforeAll(async () => {
  served = await serve(createApp())
})
afterAll(() => served.close())
// A fresh browser per test: no cookie left over from another test.
beforeEach(() => {
  client = new Client(served.client.base)
})

/** The error `fn` throws. */
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
    const expected = [
      new Message(DEBUG, 'DEBUG message.'),
      new Message(INFO, 'INFO message.'),
      new Message(SUCCESS, 'SUCCESS message.'),
      new Message(WARNING, 'WARNING message.'),
      new Message(ERROR, 'ERROR message.'),
    ]
    const posted = await add(expected.map((m) => ({ level: m.level, message: String(m) })))
    expect(posted.status).toBe(302)
    assertMessages(posted, expected)
    const page = await client.get('/show')
    assertMessages(page, expected)
    expect(await page.json()).toEqual(expected.map(String))
    // Displayed, so the next request has none.
    assertMessages(await client.get('/show'), [])
  })

  it('test_with_tags: extra tags are carried but not compared', async () => {
    const levels = { info: INFO, success: SUCCESS, warning: WARNING, error: ERROR }
    const added = Object.entries(levels).map(([name, level]) => ({
      level,
      message: `${name} message.`,
      extraTags: `extra-${name}`,
    }))
    const response = await add(added)
    assertMessages(
      response,
      added.map((m) => new Message(m.level, m.message, m.extraTags)),
    )
    assertMessages(
      response,
      added.map((m) => ({ level: m.level, message: m.message })),
    )
    expect(messagesOf(response).map((m) => m.tags)).toEqual([
      'extra-info info',
      'extra-success success',
      'extra-warning warning',
      'extra-error error',
    ])
  })

  it('test_custom_levelname: a custom level compares by number', async () => {
    const response = await add([{ level: 42, message: 'CUSTOM message.' }])
    assertMessages(response, [new Message(42, 'CUSTOM message.')])
    expect(messagesOf(response)[0]!.tags).toBe('CUSTOM')
  })

  it('test_ordered: ordered by default, a multiset with { ordered: false }', async () => {
    const response = await add([
      { level: INFO, message: 'First message.' },
      { level: WARNING, message: 'Second message.' },
    ])
    const reversed = [new Message(WARNING, 'Second message.'), new Message(INFO, 'First message.')]
    assertMessages(response, reversed, { ordered: false })
    const error = thrown(() => assertMessages(response, reversed))
    expect(error).toBeInstanceOf(MessagesAssertionError)
    expect(error.message).toBe(
      "Messages differ: [Message(level=20, message='First message.'), Message(level=30, message='Second message.')] != " +
        "[Message(level=30, message='Second message.'), Message(level=20, message='First message.')]",
    )
  })

  it('test_mismatching_length: an AssertionError showing both lists', async () => {
    const response = await add([{ level: INFO, message: 'INFO message.' }])
    const error = thrown(() => assertMessages(response, []))
    expect(error).toBeInstanceOf(MessagesAssertionError)
    expect(error.name).toBe('AssertionError')
    expect(error.message).toBe("Messages differ: [Message(level=20, message='INFO message.')] != []")
    expect(error.actual).toEqual(["Message(level=20, message='INFO message.')"])
    expect(error.expected).toEqual([])
  })

  it('test_method_frames_ignored_by_unittest: the stack starts at the caller', async () => {
    const response = await client.get('/show')
    let stack = ''
    try {
      assertMessages(response, [{ level: INFO, message: 'not there' }])
    } catch (error) {
      // Caught here, not in a helper, so that this test is the first frame.
      stack = (error as Error).stack ?? ''
    }
    const frames = stack.split('\n').filter((line) => line.trimStart().startsWith('at '))
    expect(stack.split('\n')[0]).toBe(
      "AssertionError: Messages differ: [] != [Message(level=20, message='not there')]",
    )
    expect(frames[0]).toContain(fileURLToPath(import.meta.url))
    expect(frames.filter((frame) => /src[\\/]testing\.ts|@flash[\\/]core|core[\\/]dist/.test(frame))).toEqual(
      [],
    )
  })

  it('records through Koa’s own error handler, and refuses a response that was not recorded', async () => {
    const crashed = await client.post('/crash')
    expect(crashed.status).toBe(500)
    assertMessages(crashed, [new Message(ERROR, 'Before the crash.')])
    assertMessages(await client.get('/show'), [new Message(ERROR, 'Before the crash.')])
    const unrecorded = new Response('not from the app')
    expect(() => assertMessages(unrecorded, [])).toThrow(
      `@flash/core/testing: this response carries no recorded messages (no "${RECORD_HEADER}" header); import ` +
        'the testing entry of your adapter before the request is made, and run the app in the test process',
    )
  })
})

describe('@flash/koa/testing outside vitest', () => {
  const script = fileURLToPath(new URL('./node/assert-messages.mjs', import.meta.url))
  const dist = fileURLToPath(new URL('../dist/testing.js', import.meta.url))

  it('works under node --test, from the built ESM and CJS entries', async () => {
    expect(existsSync(dist), 'build @flash/koa first: cd packages/koa && npx tsup').toBe(true)
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--test', '--test-reporter=tap', script],
      {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        timeout: 30_000,
      },
    )
    expect(stdout).toContain('ok 1 - assertMessages passes on the messages a Koa request added')
    expect(stdout).toContain('ok 2 - assertMessages throws an AssertionError that node:test reports')
    expect(stdout).toContain('ok 3 - the CommonJS entry exports the same helpers')
    expect(stdout).toMatch(/^# pass 3$/m)
    expect(stdout).toMatch(/^# fail 0$/m)
  })
})
