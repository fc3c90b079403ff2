/**
 * A handler on @hono/node-server that answers on the raw Node response (`c.env.outgoing`) and
 * returns `RESPONSE_ALREADY_SENT`: Hono sends nothing, so no cookie or session can carry the
 * messages added. They are reported through the default logger (`console.warn`), never thrown
 * (the response is gone, even with `strict`), and later adds are refused.
 */
import type { HttpBindings } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { Hono } from 'hono'
import { MemoryStore, sessionMiddleware } from 'hono-sessions'
import { afterEach, beforeEach, describe, expect, type MockInstance, test, vi } from 'vitest'
import {
  type FlashEnv,
  flash,
  getMessages,
  type HonoFlashOptions,
  MessagesNotStoredError,
  success,
} from '../src/index.js'
import { SECRET } from './cycle.js'
import { nodeServer } from './node-server.js'

const LOST =
  '@flash/hono: 1 message could not be stored and will not be shown (the handler answered on the raw Node ' +
  'response (c.env.outgoing, RESPONSE_ALREADY_SENT), which Hono does not send, so no cookie or session could ' +
  'be written; add messages only to responses Hono sends): "Saved"'
const LATE =
  '@flash/hono: 1 message could not be stored and will not be shown (it was added after @flash had stored the ' +
  'messages of this request, e.g. in a stream, a timer or a hook that runs after the response, ' +
  'or in a middleware mounted before (outside) @flash once the rest returned; add messages ' +
  'before the response is sent, in code that runs inside @flash): "Too late"'

type NodeEnv = FlashEnv & { Bindings: HttpBindings }

function rawApp(options: Partial<HonoFlashOptions>) {
  const errors: unknown[] = []
  /** Settles once the timer that adds after the raw answer ran. */
  const late: Promise<void>[] = []
  /** What that add threw (with `strict`). */
  const lateErrors: unknown[] = []
  const app = new Hono<NodeEnv>()
  app.onError((error, c) => {
    errors.push(error)
    return c.text('error', 500)
  })
  app.use(
    sessionMiddleware({ store: new MemoryStore(), encryptionKey: 'k'.repeat(32), expireAfterSeconds: 900 }),
  )
  app.use(flash({ secret: SECRET, ...options }))
  // Written and ended before the handler returns.
  app.get('/raw', (c) => {
    success(c, 'Saved')
    c.env.outgoing.writeHead(200, { 'content-type': 'text/plain' })
    c.env.outgoing.end('ok')
    late.push(
      new Promise((resolve) =>
        setTimeout(() => {
          try {
            success(c, 'Too late')
          } catch (error) {
            lateErrors.push(error)
          }
          resolve()
        }, 5),
      ),
    )
    return RESPONSE_ALREADY_SENT
  })
  // Written after the handler returned (a file being piped): only the marker tells.
  app.get('/raw-later', (c) => {
    success(c, 'Saved')
    setTimeout(() => c.env.outgoing.end('ok'), 5)
    return RESPONSE_ALREADY_SENT
  })
  app.get('/empty', (c) => {
    success(c, 'Saved')
    return c.body(null, 200)
  })
  app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  return { app, errors, late, lateErrors }
}

const open = nodeServer<NodeEnv>()

let warn: MockInstance<typeof console.warn>
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  warn.mockRestore()
})

const unstored = (message: string) => ({ unstored: [{ level: 25, message }] })

describe.each(['cookie', 'session', 'fallback'] as const)('storage %s: RESPONSE_ALREADY_SENT', (storage) => {
  test('a message added before answering on c.env.outgoing is reported; a later add is refused', async () => {
    const { app, errors, late } = rawApp({ storage })
    const b = open(app)
    const raw = await b.request('/raw')
    expect(raw.status).toBe(200)
    expect(raw.text).toBe('ok')
    expect(raw.setCookies).toEqual([])
    await Promise.all(late)
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
    expect(warn.mock.calls).toEqual([
      [LOST, unstored('Saved')],
      [LATE, unstored('Too late')],
    ])
    expect(errors).toEqual([])
  })

  test('the raw response written after the handler returned: reported the same', async () => {
    const { app } = rawApp({ storage })
    const b = open(app)
    expect((await b.request('/raw-later')).text).toBe('ok')
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
    expect(warn.mock.calls).toEqual([[LOST, unstored('Saved')]])
  })

  test('strict: true reports and throws nothing: the response is gone', async () => {
    const { app, errors, late, lateErrors } = rawApp({ storage, strict: true })
    const b = open(app)
    expect((await b.request('/raw')).text).toBe('ok')
    await Promise.all(late)
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
    expect(warn.mock.calls).toEqual([[LOST, unstored('Saved')]])
    expect(errors).toEqual([])
    // The later add is refused as strict refuses: thrown where it is added.
    expect(lateErrors).toHaveLength(1)
    expect(lateErrors[0]).toBeInstanceOf(MessagesNotStoredError)
    const refused = lateErrors[0] as MessagesNotStoredError
    expect(refused.message).toBe(LATE)
    expect(refused.unstored.map(String)).toEqual(['Too late'])
  })

  test('a response Hono sends, even an empty one, still stores the message (control)', async () => {
    const { app } = rawApp({ storage })
    const b = open(app)
    const empty = await b.request('/empty')
    expect(empty.setCookies.length).toBeGreaterThan(0)
    expect(JSON.parse((await b.request('/show')).text)).toEqual(['Saved'])
    expect(warn.mock.calls).toEqual([])
  })
})
