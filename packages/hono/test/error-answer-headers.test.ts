/**
 * A route that adds a message and throws a value that is not an Error (or an `app.notFound` that
 * throws), answered by an `app.onError` that returns a raw `Response` (`new Response(...)`,
 * `err.getResponse()`). Before, flash() ended the request while the context had no response, so its
 * cookie waited for a response made from the context, and the raw one went out without it: the
 * message was lost with no report. Now the error handler's response takes flash()'s headers. Where
 * flash() is the only middleware on the path, Hono sends that response as it is: a cookie written
 * then is reported. Over @hono/node-server and `app.request()`, cookies carried back.
 */
import { type Context, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { MemoryStore, sessionMiddleware } from 'hono-sessions'
import { describe, expect, test } from 'vitest'
import { type FlashEnv, flash, getMessages, success } from '../src/index.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'
import { nodeServer } from './node-server.js'

const NOT_FOUND_UNMERGED =
  '@flash/hono: app.notFound threw on a path where flash() is the only middleware, so Hono sends the ' +
  'response app.onError returns as it is: one made from the context (c.text(), c.html(), c.json()) carries ' +
  'the message cookie, a raw Response (new Response(...), err.getResponse()) does not, and what this ' +
  'request stored in it is then not stored (added messages lost, displayed ones shown again); build the ' +
  'error page from the context in app.onError ' +
  '(return c.newResponse(res.body, res) for a Response you have), or have app.notFound return the ' +
  'not-found page instead of throwing'

type Storage = 'cookie' | 'session' | 'fallback'

const ERROR_HANDLERS = {
  'a raw new Response()': () => new Response('Something went wrong', { status: 500 }),
  "an HTTPException's getResponse()": (error: Error) =>
    error instanceof HTTPException
      ? error.getResponse()
      : new Response('Something went wrong', { status: 500 }),
  'c.text()': (_error: Error, c: Context) => c.text('Something went wrong', 500),
} as const

function appWith(storage: Storage, errorHandler: keyof typeof ERROR_HANDLERS, alone = false) {
  const warnings: string[] = []
  const app = new Hono<FlashEnv>()
  if (storage !== 'cookie') {
    app.use(
      sessionMiddleware({ store: new MemoryStore(), encryptionKey: 'k'.repeat(40), expireAfterSeconds: 900 }),
    )
  } else if (!alone) {
    app.use(async (_c, next) => {
      await next()
    })
  }
  app.use(flash({ secret: SECRET, storage, logger: (text) => void warnings.push(text) }))
  app.onError(ERROR_HANDLERS[errorHandler])
  app.post('/save', (c) => {
    success(c, 'Saved')
    throw { code: 'E_DB' }
  })
  app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  app.notFound((c) => {
    success(c, 'Not found')
    if (c.req.query('throw') === 'value') throw 'no page'
    throw new HTTPException(404, { message: 'no page' })
  })
  return { app, warnings }
}

const openOnNode = nodeServer<FlashEnv>()

const TRANSPORTS = {
  '@hono/node-server': openOnNode,
  'app.request()': (app: Hono<FlashEnv>) => browser((path, init) => app.request(path, init)),
}

const shown = async (b: ReturnType<typeof browser>) => JSON.parse((await b.request('/show')).text) as string[]

describe.each(Object.keys(TRANSPORTS) as (keyof typeof TRANSPORTS)[])('over %s', (transport) => {
  describe.each(['cookie', 'session', 'fallback'] as const)('storage %s', (storage) => {
    describe.each(Object.keys(ERROR_HANDLERS) as (keyof typeof ERROR_HANDLERS)[])(
      'app.onError returns %s',
      (handler) => {
        test('a handler throws a value that is not an Error: the message is shown on the next page', async () => {
          const { app, warnings } = appWith(storage, handler)
          const b = TRANSPORTS[transport](app)
          const saved = await b.request('/save', { method: 'POST' })
          expect(saved.status).toBe(500)
          expect(saved.text).toBe('Something went wrong')
          expect(await shown(b)).toEqual(['Saved'])
          expect(await shown(b)).toEqual([])
          expect(warnings).toEqual([])
        })

        test.each(['value', 'error'])(
          'app.notFound throws (a %s): the message is shown on the next page',
          async (kind) => {
            const { app, warnings } = appWith(storage, handler)
            const b = TRANSPORTS[transport](app)
            const missing = await b.request(`/missing?throw=${kind}`)
            expect(missing.status).toBe(
              handler === "an HTTPException's getResponse()" && kind === 'error' ? 404 : 500,
            )
            expect(await shown(b)).toEqual(['Not found'])
            expect(await shown(b)).toEqual([])
            expect(warnings).toEqual([])
          },
        )
      },
    )
  })

  test('a non-Error throw on a request that touched no message: the raw Response goes out as it was', async () => {
    const app = new Hono<FlashEnv>()
    app.use(async (_c, next) => {
      await next()
    })
    app.use(flash({ secret: SECRET }))
    app.onError(
      () =>
        new Response('Something went wrong', {
          status: 500,
          headers: { 'set-cookie': 'auth=; Max-Age=0', 'x-page': 'error page' },
        }),
    )
    app.post('/fail', (c) => {
      c.header('x-page', 'handler')
      throw { code: 'E_DB' }
    })
    const b = TRANSPORTS[transport](app)
    const failed = await b.request('/fail', { method: 'POST' })
    expect(failed.status).toBe(500)
    expect(failed.headers.get('x-page')).toBe('error page')
    expect(failed.setCookies).toEqual(['auth=; Max-Age=0'])
  })

  describe('flash() the only middleware on the path: Hono sends the error handler response as it is', () => {
    test('a raw Response from app.onError after app.notFound threw: the cookie is lost, and reported', async () => {
      const { app, warnings } = appWith('cookie', 'a raw new Response()', true)
      const b = TRANSPORTS[transport](app)
      expect((await b.request('/missing?throw=value')).setCookies).toEqual([])
      expect(warnings).toEqual([NOT_FOUND_UNMERGED])
      expect(await shown(b)).toEqual([])
    })

    test('c.text() from app.onError: the message is shown (the report says which responses lose it)', async () => {
      const { app, warnings } = appWith('cookie', 'c.text()', true)
      const b = TRANSPORTS[transport](app)
      await b.request('/missing?throw=error')
      expect(warnings).toEqual([NOT_FOUND_UNMERGED])
      expect(await shown(b)).toEqual(['Not found'])
    })

    test('nothing stored (app.notFound added nothing, no cookie to write): no report', async () => {
      const { app, warnings } = appWith('cookie', 'a raw new Response()', true)
      app.notFound(() => {
        throw new Error('no page')
      })
      const b = TRANSPORTS[transport](app)
      expect((await b.request('/missing')).status).toBe(500)
      expect(warnings).toEqual([])
    })
  })
})
