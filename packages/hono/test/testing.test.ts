/**
 * `@flash/hono/testing`: Django's AssertMessagesTest, through `app.request` Responses, and the
 * same helper under `node --test` (no vitest), against the built package.
 */
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Hono } from 'hono'
import { describe, expect, test } from 'vitest'
import {
  addMessage,
  DEBUG,
  ERROR,
  type FlashEnv,
  flash,
  getMessages,
  INFO,
  RECORD_HEADER,
  SUCCESS,
  WARNING,
} from '../src/index.js'
import { assertMessages, Message, MessagesAssertionError, messagesOf } from '../src/testing.js'
import { SECRET } from './cycle.js'

type Added = [level: number, text: string, extraTags?: string]

function app() {
  const app = new Hono<FlashEnv>()
  app.use(flash({ secret: SECRET, level: DEBUG, tags: { 42: 'CUSTOM' } }))
  app.post('/add', async (c) => {
    for (const [level, text, extraTags] of await c.req.json<Added[]>()) {
      addMessage(c, level, text, extraTags === undefined ? {} : { extraTags })
    }
    return c.redirect('/show')
  })
  app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  app.get('/untouched', (c) => c.text('ok'))
  return app
}

/** The response of a request that added `messages`, like Django's FakeResponse. */
async function respond(...messages: Added[]): Promise<Response> {
  return app().request('/add', { method: 'POST', body: JSON.stringify(messages) })
}

function thrown(run: () => void): MessagesAssertionError {
  try {
    run()
  } catch (error) {
    return error as MessagesAssertionError
  }
  throw new Error('did not throw')
}

describe('assertMessages (AssertMessagesTest)', () => {
  test('test_assertion', async () => {
    const res = await respond(
      [DEBUG, 'DEBUG message.'],
      [INFO, 'INFO message.'],
      [SUCCESS, 'SUCCESS message.'],
      [WARNING, 'WARNING message.'],
      [ERROR, 'ERROR message.'],
    )
    assertMessages(res, [
      new Message(DEBUG, 'DEBUG message.'),
      new Message(INFO, 'INFO message.'),
      new Message(SUCCESS, 'SUCCESS message.'),
      new Message(WARNING, 'WARNING message.'),
      new Message(ERROR, 'ERROR message.'),
    ])
  })

  test('test_with_tags: tags are not compared', async () => {
    const res = await respond(
      [INFO, 'INFO message.', 'extra-info'],
      [SUCCESS, 'SUCCESS message.', 'extra-success'],
      [WARNING, 'WARNING message.', 'extra-warning'],
      [ERROR, 'ERROR message.', 'extra-error'],
    )
    assertMessages(res, [
      new Message(INFO, 'INFO message.', 'extra-info'),
      new Message(SUCCESS, 'SUCCESS message.', 'extra-success'),
      new Message(WARNING, 'WARNING message.', 'extra-warning'),
      new Message(ERROR, 'ERROR message.', 'extra-error'),
    ])
    assertMessages(res, [
      { level: INFO, message: 'INFO message.' },
      { level: SUCCESS, message: 'SUCCESS message.' },
      { level: WARNING, message: 'WARNING message.' },
      { level: ERROR, message: 'ERROR message.' },
    ])
    expect(messagesOf(res).map((m) => m.tags)).toEqual([
      'extra-info info',
      'extra-success success',
      'extra-warning warning',
      'extra-error error',
    ])
  })

  test('test_custom_levelname', async () => {
    const res = await respond([42, 'CUSTOM message.'])
    assertMessages(res, [new Message(42, 'CUSTOM message.')])
    expect(messagesOf(res)[0]?.tags).toBe('CUSTOM')
  })

  test('test_ordered', async () => {
    const res = await respond([INFO, 'First message.'], [WARNING, 'Second message.'])
    const expected = [new Message(WARNING, 'Second message.'), new Message(INFO, 'First message.')]
    assertMessages(res, expected, { ordered: false })
    const error = thrown(() => assertMessages(res, expected))
    expect(error).toBeInstanceOf(MessagesAssertionError)
    expect(error.name).toBe('AssertionError')
    expect(error.message).toBe(
      "Messages differ: [Message(level=20, message='First message.'), Message(level=30, message='Second message.')] " +
        "!= [Message(level=30, message='Second message.'), Message(level=20, message='First message.')]",
    )
  })

  test('test_mismatching_length', async () => {
    const res = await respond([INFO, 'INFO message.'])
    const error = thrown(() => assertMessages(res, []))
    expect(error.message).toBe("Messages differ: [Message(level=20, message='INFO message.')] != []")
    expect([error.actual, error.expected]).toEqual([["Message(level=20, message='INFO message.')"], []])
    expect(() => assertMessages(res, [], { ordered: false })).toThrow(
      "Messages differ (unordered): [Message(level=20, message='INFO message.')] != []",
    )
  })

  test('test_method_frames_ignored_by_unittest: the stack starts at the caller', async () => {
    const res = await respond()
    const error = thrown(() => assertMessages(res, [new Message(INFO, 'never added')]))
    const frames = error.stack!.split('\n').filter((line) => line.trimStart().startsWith('at '))
    expect(frames[0]).toContain('testing.test.ts')
    expect(error.stack).not.toMatch(/src[/\\]testing\.ts|@flash[/\\]core|packages[/\\]core/)
  })
})

describe('recording', () => {
  test('the messages the request ended with: received and not shown, and added', async () => {
    const a = app()
    const added = await a.request('/add', { method: 'POST', body: JSON.stringify([[INFO, 'first']]) })
    const cookie = added.headers.getSetCookie()[0]!.split(';')[0]!
    const untouched = await a.request('/untouched', { headers: { cookie } })
    assertMessages(untouched, [new Message(INFO, 'first')])
    const more = await a.request('/add', {
      method: 'POST',
      headers: { cookie },
      body: JSON.stringify([[ERROR, 'second']]),
    })
    assertMessages(more, [new Message(INFO, 'first'), new Message(ERROR, 'second')])
  })

  test('a response flash() did not handle is a clear error, thrown at the caller', () => {
    const error = thrown(() => messagesOf(new Response('not from the app')))
    expect(error.message).toBe(
      `@flash/core/testing: this response carries no recorded messages (no "${RECORD_HEADER}" header); import ` +
        'the testing entry of your adapter before the request is made, and run the app in the test process',
    )
    expect(error.stack!.split('\n').find((line) => line.trimStart().startsWith('at '))).toContain(
      'testing.test.ts',
    )
  })
})

const run = promisify(execFile)
const PACKAGE = join(import.meta.dirname, '..')

describe('outside vitest, against the built package', () => {
  test('node --test: passing and failing assertions, ESM and CommonJS', async () => {
    expect(
      existsSync(join(PACKAGE, 'dist', 'testing.cjs')),
      'build first: cd packages/hono && npx tsup',
    ).toBe(true)
    const { stdout } = await run(
      process.execPath,
      ['--test', '--test-reporter=tap', join(PACKAGE, 'test', 'node', 'assert-messages.test.mjs')],
      { cwd: PACKAGE },
    )
    expect(stdout).toMatch(/^# tests 4$/m)
    expect(stdout).toMatch(/^# pass 4$/m)
    expect(stdout).toMatch(/^# fail 0$/m)
  }, 20_000)

  test('without the testing entry, responses carry no record header', async () => {
    const script =
      "import { Hono } from 'hono'; import { flash, success } from '@flash/hono';" +
      `const app = new Hono(); app.use(flash({ secret: '${SECRET}' }));` +
      "app.post('/', (c) => { success(c, 'saved'); return c.redirect('/') });" +
      "const res = await app.request('/', { method: 'POST' });" +
      'console.log(JSON.stringify([res.headers.has("x-flash-record"), res.headers.getSetCookie().length]))'
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: PACKAGE })
    expect(stdout.trim()).toBe('[false,1]')
  })
})
