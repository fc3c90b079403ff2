/**
 * A middleware mounted before flash() that answers without awaiting next() to completion (hono's
 * `timeout()`): on @hono/node-server its response goes out while flash() still awaits the handler,
 * so the cookie flash would write never reaches the browser, and a hung handler means flash() never
 * ends the request. What was added (here by `app.onError`, which answers the timeout) is reported
 * through `logger` with the cause and the fix, later adds are refused, and the request neither
 * hangs nor turns into a 500. The raw-response wording stays for responses the app wrote itself.
 */
import type { HttpBindings } from '@hono/node-server'
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response'
import { Hono, type MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { timeout } from 'hono/timeout'
import { MemoryStore, sessionMiddleware } from 'hono-sessions'
import { describe, expect, test, vi } from 'vitest'
import {
  error,
  type FlashEnv,
  flash,
  getMessages,
  type HonoFlashOptions,
  success,
  type UnstoredDetails,
} from '../src/index.js'
import { SECRET } from './cycle.js'
import { nodeServer } from './node-server.js'

const TOO_LONG = 'The server took too long; nothing was saved.'
const OUTSIDE =
  'a middleware mounted before flash() (such as timeout()) answered the request while the handler was still ' +
  'running, so no cookie or session could be written; mount flash() before (outside) it: app.use(flash(...)) ' +
  'first, then app.use(timeout(...))'
const RAW =
  'the handler answered on the raw Node response (c.env.outgoing, RESPONSE_ALREADY_SENT), which Hono does not ' +
  'send, so no cookie or session could be written; add messages only to responses Hono sends'
const LATE =
  'it was added after @flash had stored the messages of this request, e.g. in a stream, a timer or a hook ' +
  'that runs after the response, or in a middleware mounted before (outside) @flash once the rest returned; ' +
  'add messages before the response is sent, in code that runs inside @flash'

const lost = (why: string, text: string) =>
  `@flash/hono: 1 message could not be stored and will not be shown (${why}): ${JSON.stringify(text)}`
const unstored = (level: number, message: string): UnstoredDetails => ({ unstored: [{ level, message }] })

type NodeEnv = FlashEnv & { Bindings: HttpBindings }
type Storage = 'cookie' | 'fallback' | 'session'

/** A hono-sessions session in memory, for the storages that may use one. */
const session = () =>
  sessionMiddleware({ store: new MemoryStore(), encryptionKey: 'k'.repeat(32), expireAfterSeconds: 900 })

/** A promise and the function that settles it. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => {
    open = resolve
  })
  return { open, opened }
}

/**
 * An app whose `app.onError` answers the timeout with a message, `timeout(50)` mounted before or
 * after flash(), a handler that never settles (`/hang`) and one that settles when the test says
 * so and then adds (`/slow`).
 */
function timedApp(storage: Storage, order: 'timeout before flash' | 'timeout after flash') {
  const logged: [string, UnstoredDetails | undefined][] = []
  const errors: unknown[] = []
  const release = gate()
  /** Settles once `/slow`'s handler returned and flash() had its turn after it. */
  const slowDone = gate()
  const app = new Hono<NodeEnv>()
  app.onError((err, c) => {
    errors.push(err)
    error(c, TOO_LONG)
    return c.text('timed out', err instanceof HTTPException ? err.status : 500)
  })
  if (storage !== 'cookie') app.use(session())
  const options: HonoFlashOptions = {
    secret: SECRET,
    storage,
    logger: (text, details) => logged.push([text, details]),
  }
  if (order === 'timeout before flash') app.use(timeout(50))
  app.use(flash(options))
  if (order === 'timeout after flash') app.use(timeout(50))
  const afterHandler: MiddlewareHandler = async (_c, next) => {
    try {
      await next()
    } finally {
      // flash() ends the request in the microtasks after this one: a macrotask later it has.
      setImmediate(slowDone.open)
    }
  }
  app.post('/hang', () => new Promise<Response>(() => {}))
  app.post('/slow', afterHandler, async (c) => {
    await release.opened
    success(c, 'Saved')
    return c.text('done')
  })
  app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  return { app, logged, errors, release, slowDone }
}

const open = nodeServer<NodeEnv>()

describe.each(['cookie', 'fallback', 'session'] as const)('storage %s', (storage) => {
  test('timeout() before flash(), a handler that hangs: the message of the 504 is reported with the fix', async () => {
    const { app, logged, errors } = timedApp(storage, 'timeout before flash')
    const b = open(app)
    const answer = await b.request('/hang', { method: 'POST', body: 'a=1' })
    expect([answer.status, answer.text]).toEqual([504, 'timed out'])
    expect(answer.setCookies.filter((line) => line.startsWith('messages='))).toEqual([])
    await vi.waitFor(() => expect(logged).toHaveLength(1))
    expect(logged).toEqual([[lost(OUTSIDE, TOO_LONG), unstored(40, TOO_LONG)]])
    // The timeout is the only error: flash() caused no 500 of its own.
    expect(errors).toHaveLength(1)
    expect((errors[0] as HTTPException).status).toBe(504)
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
    expect(logged).toHaveLength(1)
  })

  test('timeout() before flash(), a handler that settles later: the same report, and its own add refused', async () => {
    const { app, logged, errors, release, slowDone } = timedApp(storage, 'timeout before flash')
    const b = open(app)
    const answer = await b.request('/slow', { method: 'POST', body: 'a=1' })
    expect([answer.status, answer.text]).toEqual([504, 'timed out'])
    await vi.waitFor(() => expect(logged).toHaveLength(1))
    release.open()
    await slowDone.opened
    expect(logged).toEqual([
      [lost(OUTSIDE, TOO_LONG), unstored(40, TOO_LONG)],
      [lost(LATE, 'Saved'), unstored(25, 'Saved')],
    ])
    expect(logged.some(([text]) => text.includes('RESPONSE_ALREADY_SENT'))).toBe(false)
    expect(errors).toHaveLength(1)
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
  })

  test('timeout() after flash(): the 504 carries the message to the next page (control)', async () => {
    const { app, logged } = timedApp(storage, 'timeout after flash')
    const b = open(app)
    const answer = await b.request('/hang', { method: 'POST', body: 'a=1' })
    expect([answer.status, answer.text]).toEqual([504, 'timed out'])
    expect(answer.setCookies.length).toBeGreaterThan(0)
    expect(JSON.parse((await b.request('/show')).text)).toEqual([TOO_LONG])
    expect(logged).toEqual([])
  })

  test('a handler that answers on c.env.outgoing and keeps running: still the raw-response report', async () => {
    const logged: [string, UnstoredDetails | undefined][] = []
    const release = gate()
    const done = gate()
    const app = new Hono<NodeEnv>()
    if (storage !== 'cookie') app.use(session())
    app.use(async (_c, next) => {
      await next()
      setImmediate(done.open)
    })
    app.use(flash({ secret: SECRET, storage, logger: (text, details) => logged.push([text, details]) }))
    app.get('/raw', async (c) => {
      success(c, 'Saved')
      c.env.outgoing.writeHead(200, { 'content-type': 'text/plain' })
      c.env.outgoing.end('ok')
      await release.opened
      return RESPONSE_ALREADY_SENT
    })
    app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
    const b = open(app)
    expect((await b.request('/raw')).text).toBe('ok')
    release.open()
    await done.opened
    expect(logged).toEqual([[lost(RAW, 'Saved'), unstored(25, 'Saved')]])
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
  })
})

test('only a request that adds a message watches the Node response: an untouched one attaches nothing', async () => {
  const counts = new Map<string, number>()
  const app = new Hono<NodeEnv>()
  app.use(async (c, next) => {
    await next()
    counts.set(c.req.path, c.env.outgoing.listenerCount('close'))
  })
  app.use('/flash/*', flash({ secret: SECRET, storage: 'cookie' }))
  app.get('/plain', (c) => c.text('ok'))
  app.get('/flash/untouched', (c) => c.text('ok'))
  app.get('/flash/add', (c) => {
    success(c, 'Saved')
    return c.text('ok')
  })
  const b = open(app)
  for (const path of ['/plain', '/flash/untouched', '/flash/add']) await b.request(path)
  expect(counts.get('/flash/untouched')).toBe(counts.get('/plain'))
  expect(counts.get('/flash/add')).toBe(counts.get('/plain')! + 1)
})
