/**
 * A route that adds a message and throws, answered by an error handler that itself fails
 * (`app.onError` throws, e.g. its error page template; an HTTPException whose `getResponse()`
 * throws under Hono's default handler). Hono then answers after flash() returned, or
 * @hono/node-server sends a bare 500 without the context's headers: nothing can carry the cookie,
 * so the messages are reported through the default logger (`console.warn`), never written half-way.
 * An Error from `app.notFound`, which `app.onError` has not seen yet, is stored before it answers.
 * Over a real @hono/node-server, cookies carried back.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CookieStore, MemoryStore, sessionMiddleware } from 'hono-sessions'
import { afterEach, beforeEach, describe, expect, type MockInstance, test, vi } from 'vitest'
import { type FlashEnv, flash, getMessages, type HonoFlashOptions, success } from '../src/index.js'
import { SECRET } from './cycle.js'
import { nodeServer } from './node-server.js'

const LOST =
  '@flash/hono: 1 message could not be stored and will not be shown (the error handler threw while ' +
  "answering an error (app.onError, or an HTTPException's getResponse() under the default handler), so " +
  'Hono answers after flash() returned, or the server sends a bare 500 without the headers set on the ' +
  'context, and no cookie or session could be written; make app.onError return a response, e.g. catch ' +
  'what fails in it and return c.text(\'Internal Server Error\', 500)): "Saved"'

const unstored = (message: string) => ({ unstored: [{ level: 25, message }] })

class TemplateError extends Error {}

/** An HTTPException whose response cannot be made (a body already read, a bug in a subclass). */
class BrokenHttpException extends HTTPException {
  override getResponse(): Response {
    throw new Error('the response of this exception cannot be made')
  }
}

type ErrorHandlerKind = 'throws' | 'throws, then the outer level answers' | 'answers' | 'default'

function appWith(
  storage: 'cookie' | 'session' | 'fallback',
  store: 'memory' | 'cookie',
  errorHandler: ErrorHandlerKind,
  options: Partial<HonoFlashOptions> = {},
) {
  /** What the error handler was given, in order. */
  const handled: string[] = []
  const app = new Hono<FlashEnv>()
  if (errorHandler !== 'default') {
    app.onError((error, c) => {
      handled.push(error.message)
      if (errorHandler === 'answers') return c.text('Error page', 500)
      if (errorHandler === 'throws, then the outer level answers' && error instanceof TemplateError) {
        return c.text('Plain error page', 500)
      }
      throw new TemplateError('the error page template failed')
    })
  }
  app.use(
    sessionMiddleware({
      store: store === 'memory' ? new MemoryStore() : new CookieStore(),
      encryptionKey: 'an-encryption-key-of-at-least-32-characters',
      expireAfterSeconds: 900,
      cookieOptions: { path: '/', httpOnly: true, sameSite: 'Lax' },
    }),
  )
  app.use(flash({ secret: SECRET, storage, ...options }))
  app.post('/save', (c) => {
    success(c, 'Saved')
    throw new Error('database down')
  })
  app.post('/save-http-exception', (c) => {
    success(c, 'Saved')
    throw new BrokenHttpException(503)
  })
  app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  app.notFound((c) => {
    success(c, 'Saved')
    throw new Error('the not-found page failed')
  })
  return { app, handled }
}

const open = nodeServer<FlashEnv>()

let warn: MockInstance<typeof console.warn>
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  warn.mockRestore()
})

const shown = async (b: ReturnType<typeof open>) => JSON.parse((await b.request('/show')).text) as string[]
const messageCookies = (setCookies: string[]) => setCookies.filter((line) => line.startsWith('messages='))

describe.each([
  ['cookie', 'memory'],
  ['session', 'memory'],
  ['session', 'cookie'],
  ['fallback', 'memory'],
] as const)('storage %s, hono-sessions %s store', (storage, store) => {
  test('app.onError throws: the bare 500 carries nothing, and the message is reported', async () => {
    const { app, handled } = appWith(storage, store, 'throws')
    const b = open(app)
    const saved = await b.request('/save', { method: 'POST' })
    expect(saved.status).toBe(500)
    expect(saved.text).toBe('')
    expect(saved.setCookies).toEqual([])
    expect(warn.mock.calls).toEqual([[LOST, unstored('Saved')]])
    // Handed the route's error, then its own failure at each outer level and by Hono at the end.
    expect(handled).toEqual([
      'database down',
      'the error page template failed',
      'the error page template failed',
      'the error page template failed',
    ])
    expect(await shown(b)).toEqual([])
    expect(warn).toHaveBeenCalledTimes(1)
  })

  test('app.onError throws, then answers its own failure at an outer level: reported, nothing written', async () => {
    const { app } = appWith(storage, store, 'throws, then the outer level answers')
    const b = open(app)
    const saved = await b.request('/save', { method: 'POST' })
    expect(saved.status).toBe(500)
    expect(saved.text).toBe('Plain error page')
    expect(messageCookies(saved.setCookies)).toEqual([])
    expect(warn.mock.calls).toEqual([[LOST, unstored('Saved')]])
    expect(await shown(b)).toEqual([])
    expect(warn).toHaveBeenCalledTimes(1)
  })

  test('strict: true reports and throws nothing over the error', async () => {
    const { app, handled } = appWith(storage, store, 'throws', { strict: true })
    const b = open(app)
    expect((await b.request('/save', { method: 'POST' })).status).toBe(500)
    expect(warn.mock.calls).toEqual([[LOST, unstored('Saved')]])
    expect(new Set(handled)).toEqual(new Set(['database down', 'the error page template failed']))
    expect(await shown(b)).toEqual([])
  })

  test("an HTTPException whose getResponse() throws under Hono's default handler: reported", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    try {
      const { app } = appWith(storage, store, 'default')
      const b = open(app)
      const saved = await b.request('/save-http-exception', { method: 'POST' })
      // The default handler answers its own failure at flash()'s level, after flash() returned.
      expect(saved.status).toBe(500)
      expect(saved.text).toBe('Internal Server Error')
      expect(error.mock.calls).toEqual([[new Error('the response of this exception cannot be made')]])
      expect(messageCookies(saved.setCookies)).toEqual([])
      expect(warn.mock.calls).toEqual([[LOST, unstored('Saved')]])
      expect(await shown(b)).toEqual([])
    } finally {
      error.mockRestore()
    }
  })

  test('app.onError answers (control): the message is stored and shown, nothing reported', async () => {
    const { app } = appWith(storage, store, 'answers')
    const b = open(app)
    const saved = await b.request('/save', { method: 'POST' })
    expect(saved.status).toBe(500)
    expect(saved.text).toBe('Error page')
    expect(messageCookies(saved.setCookies)).toHaveLength(storage === 'session' ? 0 : 1)
    expect(await shown(b)).toEqual(['Saved'])
    expect(warn.mock.calls).toEqual([])
  })

  test('app.notFound adds then throws: app.onError answers with the message stored', async () => {
    const { app, handled } = appWith(storage, store, 'answers')
    const b = open(app)
    const missing = await b.request('/missing', { method: 'POST' })
    expect(missing.status).toBe(500)
    expect(missing.text).toBe('Error page')
    expect(handled).toEqual(['the not-found page failed'])
    expect(await shown(b)).toEqual(['Saved'])
    expect(warn.mock.calls).toEqual([])
  })
})
