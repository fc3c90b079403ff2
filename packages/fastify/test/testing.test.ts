/**
 * `@flash/fastify/testing` (Django's AssertMessagesTest): `assertMessages` on real `fastify.inject`
 * responses, on a `fetch` Response from a listening server, and under `node --test`.
 */
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import cookie from '@fastify/cookie'
import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import flash, { addMessage, getMessages } from '../src/index.js'
import {
  assertMessages,
  DEBUG,
  ERROR,
  INFO,
  Message,
  MessagesAssertionError,
  messagesOf,
  RECORD_HEADER,
  SUCCESS,
  WARNING,
} from '../src/testing.js'
import { Client } from './client.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'

type Added = [level: number, text: string, extraTags?: string]

/** Django's FakeResponse: a request that added `Added` messages (all levels recorded). */
async function appAdding(): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(cookie)
  await app.register(async (scope) => {
    await scope.register(flash, { secret: SECRET, level: DEBUG, tags: { 42: 'CUSTOM' } })
    scope.post<{ Body: Added[] }>('/add', async (request) => {
      for (const [level, text, extraTags] of request.body) addMessage(request, level, text, { extraTags })
      return 'ok'
    })
    scope.get('/show', async (request) => [...getMessages(request)].map(String))
    scope.get('/untouched', async () => 'ok')
    scope.post(
      '/contacts',
      { config: { successMessage: '%(name)s was created successfully' } },
      async (_r, reply) => reply.redirect('/show'),
    )
  })
  app.get('/outside', async () => 'no flash here')
  return app
}

async function responseAdding(added: Added[]) {
  const app = await appAdding()
  return app.inject({ method: 'POST', url: '/add', payload: added })
}

/** What a failing assertion throws. */
function failure(run: () => void): MessagesAssertionError {
  try {
    run()
  } catch (error) {
    return error as MessagesAssertionError
  }
  throw new Error('the assertion passed')
}

describe('assertMessages (AssertMessagesTest)', () => {
  it('test_assertion', async () => {
    const response = await responseAdding([
      [DEBUG, 'DEBUG message.'],
      [INFO, 'INFO message.'],
      [SUCCESS, 'SUCCESS message.'],
      [WARNING, 'WARNING message.'],
      [ERROR, 'ERROR message.'],
    ])
    expect(response.headers[RECORD_HEADER]).toMatch(/^\d+$/)
    assertMessages(response, [
      new Message(DEBUG, 'DEBUG message.'),
      new Message(INFO, 'INFO message.'),
      new Message(SUCCESS, 'SUCCESS message.'),
      new Message(WARNING, 'WARNING message.'),
      new Message(ERROR, 'ERROR message.'),
    ])
  })

  it('test_with_tags: extra tags are carried and not compared', async () => {
    const response = await responseAdding([
      [INFO, 'INFO message.', 'extra-info'],
      [SUCCESS, 'SUCCESS message.', 'extra-success'],
      [WARNING, 'WARNING message.', 'extra-warning'],
      [ERROR, 'ERROR message.', 'extra-error'],
    ])
    assertMessages(response, [
      new Message(INFO, 'INFO message.', 'extra-info'),
      new Message(SUCCESS, 'SUCCESS message.', 'extra-success'),
      new Message(WARNING, 'WARNING message.', 'extra-warning'),
      new Message(ERROR, 'ERROR message.', 'extra-error'),
    ])
    assertMessages(response, [
      { level: INFO, message: 'INFO message.' },
      { level: SUCCESS, message: 'SUCCESS message.' },
      { level: WARNING, message: 'WARNING message.' },
      { level: ERROR, message: 'ERROR message.' },
    ])
    expect(messagesOf(response).map((m) => m.tags)).toEqual([
      'extra-info info',
      'extra-success success',
      'extra-warning warning',
      'extra-error error',
    ])
  })

  it('test_custom_levelname', async () => {
    const response = await responseAdding([[42, 'CUSTOM message.']])
    assertMessages(response, [new Message(42, 'CUSTOM message.')])
    expect(messagesOf(response)[0]!.levelTag).toBe('CUSTOM')
  })

  it('test_ordered: a multiset with { ordered: false }, in order by default', async () => {
    const response = await responseAdding([
      [INFO, 'First message.'],
      [WARNING, 'Second message.'],
    ])
    const reversed = [new Message(WARNING, 'Second message.'), new Message(INFO, 'First message.')]
    assertMessages(response, reversed, { ordered: false })
    const error = failure(() => assertMessages(response, reversed))
    expect(error).toBeInstanceOf(MessagesAssertionError)
    expect(error.name).toBe('AssertionError')
    expect(error.message).toBe(
      "Messages differ: [Message(level=20, message='First message.'), Message(level=30, message='Second message.')] " +
        "!= [Message(level=30, message='Second message.'), Message(level=20, message='First message.')]",
    )
  })

  it('test_mismatching_length', async () => {
    const response = await responseAdding([[INFO, 'INFO message.']])
    const error = failure(() => assertMessages(response, []))
    expect(error.message).toBe("Messages differ: [Message(level=20, message='INFO message.')] != []")
    expect(error.actual).toEqual(["Message(level=20, message='INFO message.')"])
    expect(error.expected).toEqual([])
    const unordered = failure(() => assertMessages(response, [], { ordered: false }))
    expect(unordered.message).toBe(
      "Messages differ (unordered): [Message(level=20, message='INFO message.')] != []",
    )
  })

  it('test_method_frames_ignored: the stack starts at the caller', async () => {
    const response = await responseAdding([[INFO, 'INFO message.']])
    const error = failure(() => assertMessages(response, [new Message(ERROR, 'Other.')]))
    const frames = error.stack!.split('\n').filter((line) => line.trimStart().startsWith('at '))
    expect(frames[0]).toContain(fileURLToPath(import.meta.url))
    expect(error.stack).not.toMatch(/testing\.(ts|js|cjs)/)
  })

  it('the messages the request found stored count too; an untouched request has none', async () => {
    const client = new Client(await appAdding())
    assertMessages(await client.post('/add', [[INFO, 'Saved.']]), [new Message(INFO, 'Saved.')])
    const shown = await client.get('/show')
    expect(shown.json()).toEqual(['Saved.'])
    assertMessages(shown, [new Message(INFO, 'Saved.')])
    assertMessages(await client.get('/show'), [])
    assertMessages(await client.get('/untouched'), [])
  })

  it('a route success message is among the recorded messages', async () => {
    const app = await appAdding()
    const response = await app.inject({ method: 'POST', url: '/contacts', payload: { name: 'John Doe' } })
    expect(response.statusCode).toBe(302)
    assertMessages(response, [new Message(SUCCESS, 'John Doe was created successfully')])
  })

  it('a response the plugin did not handle names the fix', async () => {
    const response = await (await appAdding()).inject('/outside')
    expect(() => assertMessages(response, [])).toThrow(
      '@flash/core/testing: this response carries no recorded messages (no "x-flash-record" header); import ' +
        'the testing entry of your adapter before the request is made, and run the app in the test process',
    )
  })

  it('a fetch Response from a listening server', async () => {
    const app = await appAdding()
    const origin = await app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const response = await fetch(`${origin}/add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify([
          [WARNING, 'Over HTTP.'],
          [INFO, 'Second.'],
        ]),
      })
      expect(response.status).toBe(200)
      assertMessages(response, [new Message(INFO, 'Second.'), new Message(WARNING, 'Over HTTP.')], {
        ordered: false,
      })
      expect(() => assertMessages(response, [new Message(INFO, 'Second.')])).toThrow(MessagesAssertionError)
    } finally {
      await app.close()
    }
  })

  it('works under node --test, ESM and CommonJS, from the built package', async () => {
    const file = fileURLToPath(new URL('./node-test/assert-messages.mjs', import.meta.url))
    const { stdout } = await promisify(execFile)(process.execPath, ['--test', '--test-reporter=tap', file], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
    })
    expect(stdout).toMatch(/^# pass 3$/m)
    expect(stdout).toMatch(/^# fail 0$/m)
  })
})
