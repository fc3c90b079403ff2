/**
 * The streaming rule. Hono gives the Response to the server only after every middleware
 * returned, so flash() persists after `await next()` and its Set-Cookie goes out with a
 * streamed response too. A stream callback runs later, after persist: messages must be read
 * or added before the handler returns; one added in the callback is reported, never dropped
 * silently.
 */
import type { ServerType } from '@hono/node-server'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { jsxRenderer } from 'hono/jsx-renderer'
import { stream } from 'hono/streaming'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import {
  type FlashEnv,
  flash,
  getMessages,
  type HonoFlashOptions,
  MessagesNotStoredError,
  success,
} from '../src/index.js'
import { Messages } from '../src/jsx.js'
import { browser, type Fetch } from './client.js'
import { SECRET } from './cycle.js'

function streamingApp(options: Partial<HonoFlashOptions> = {}) {
  const logged: string[] = []
  const streamErrors: unknown[] = []
  const app = new Hono<FlashEnv>()
  app.use(flash({ secret: SECRET, logger: (text) => logged.push(text), ...options }))
  app.post('/add', (c) => {
    success(c, 'added before streaming')
    return stream(c, async (s) => {
      await s.write('a')
      await s.sleep(5)
      await s.write('b')
    })
  })
  app.get('/read', (c) => {
    const texts = [...getMessages(c)].map(String)
    return stream(c, async (s) => {
      await s.sleep(5)
      await s.write(JSON.stringify(texts))
    })
  })
  app.post('/add-late', (c) =>
    stream(
      c,
      async (s) => {
        await s.write('x')
        success(c, 'added inside the stream')
      },
      async (err) => {
        streamErrors.push(err)
      },
    ),
  )
  app.use(
    '/jsx/*',
    jsxRenderer(({ children }) => <body>{children}</body>, { stream: true }),
  )
  app.get('/jsx/page', (c) => c.render(<Messages c={c} />))
  return { app, logged, streamErrors }
}

function streamingTests(label: string, open: (app: Hono<FlashEnv>) => Fetch) {
  describe(`streamed responses (${label})`, () => {
    test('a message added before the stream starts is stored; reading before streaming consumes', async () => {
      const { app } = streamingApp()
      const b = browser(open(app))
      const added = await b.request('/add', { method: 'POST' })
      expect(added.text).toBe('ab')
      expect(added.setCookies).toHaveLength(1)
      expect(added.setCookies[0]).toMatch(/^messages=[^;]+; Path=\/; HttpOnly; SameSite=Lax$/)
      const read = await b.request('/read')
      expect(read.text).toBe('["added before streaming"]')
      expect(read.setCookies).toEqual([
        'messages=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
      ])
      expect((await b.request('/read')).text).toBe('[]')
    })

    test('jsxRenderer({ stream: true }): <Messages /> outside Suspense renders before persist', async () => {
      const { app } = streamingApp()
      const b = browser(open(app))
      await b.request('/add', { method: 'POST' })
      const page = await b.request('/jsx/page')
      expect(page.text).toBe(
        '<!DOCTYPE html><body><ul class="messages" data-turbo-temporary="" hx-history="false"><li class="success" role="status">added before streaming</li></ul></body>',
      )
      expect(page.setCookies).toHaveLength(1)
      expect((await b.request('/read')).text).toBe('[]')
    })

    test('a message added inside the stream callback is reported, not silently lost', async () => {
      const { app, logged } = streamingApp()
      const b = browser(open(app))
      const res = await b.request('/add-late', { method: 'POST' })
      expect(res.text).toBe('x')
      expect(res.setCookies).toEqual([])
      expect(logged).toEqual([
        '@flash/hono: 1 message could not be stored and will not be shown (it was added after @flash had ' +
          'stored the messages of this request, e.g. in a stream, a timer or a hook that runs after the ' +
          'response, or in a middleware mounted before (outside) @flash once the rest returned; add ' +
          'messages before the response is sent, in code that runs inside @flash): "added inside the stream"',
      ])
      expect((await b.request('/read')).text).toBe('[]')
    })

    test('with strict: true it throws MessagesNotStoredError in the callback', async () => {
      const { app, logged, streamErrors } = streamingApp({ strict: true })
      await browser(open(app)).request('/add-late', { method: 'POST' })
      expect(logged).toEqual([])
      expect(streamErrors).toHaveLength(1)
      expect(streamErrors[0]).toBeInstanceOf(MessagesNotStoredError)
    })
  })
}

streamingTests('app.request', (app) => (path, init) => app.request(path, init))

let server: ServerType | undefined
let port = 0
const current: { app?: Hono<FlashEnv> } = {}
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: (req) => current.app!.fetch(req), port: 0, hostname: '127.0.0.1' }, (info) => {
      port = info.port
      resolve()
    })
  })
})
afterAll(() => new Promise<void>((resolve) => server!.close(() => resolve())))

streamingTests('@hono/node-server', (app) => {
  current.app = app
  return (path, init) => fetch(`http://127.0.0.1:${port}${path}`, init)
})
