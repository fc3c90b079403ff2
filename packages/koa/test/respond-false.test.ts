/**
 * A handler that writes the response itself (`ctx.respond = false` and `ctx.res`, or
 * `ctx.flushHeaders()`) sends its headers before flash() can add a cookie: the messages added are
 * reported through the default logger (`console`), never thrown (the response is gone, even with
 * `strict`), and later adds are refused. Through a real `http.Server`, koa-session with a store.
 */
import { SECRET } from '@flash/adapter-suite'
import Koa from 'koa'
import session from 'koa-session'
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'
import { flash, getMessages, type KoaFlashOptions, MessagesNotStoredError, success } from '../src/index.js'
import { type Client, type Served, serve } from './client.js'
import { CountingStore } from './harness.js'

const LOST =
  '@flash/koa: 1 message could not be stored and will not be shown (the response headers were sent before ' +
  'flash() could write (ctx.respond = false and a write to ctx.res, or ctx.flushHeaders()), so no cookie or ' +
  'session could be written; add messages before the headers are sent, or only to responses Koa sends): "Saved"'
const LATE =
  '@flash/koa: 1 message could not be stored and will not be shown (it was added after @flash had stored the ' +
  'messages of this request, e.g. in a stream, a timer or a hook that runs after the response, ' +
  'or in a middleware mounted before (outside) @flash once the rest returned; add messages ' +
  'before the response is sent, in code that runs inside @flash): "Too late"'

function rawApp(options: Partial<KoaFlashOptions>) {
  const app = new Koa()
  app.keys = ['respond-false-key-0123456789']
  const errors: unknown[] = []
  app.on('error', (error) => errors.push(error))
  /** Settles once the timer that adds after the raw answer ran; what that add threw. */
  const late: Promise<void>[] = []
  const lateErrors: unknown[] = []
  app.use(session({ store: new CountingStore(), key: 'koa.sess' }, app))
  app.use(flash({ secret: SECRET, ...options }))
  app.use(async (ctx) => {
    if (ctx.path === '/raw') {
      success(ctx, 'Saved')
      ctx.respond = false
      ctx.res.writeHead(200, { 'content-type': 'text/plain' })
      ctx.res.end('ok')
      late.push(
        new Promise((resolve) =>
          setTimeout(() => {
            try {
              success(ctx, 'Too late')
            } catch (error) {
              lateErrors.push(error)
            }
            resolve()
          }, 5),
        ),
      )
    } else if (ctx.path === '/flushed') {
      success(ctx, 'Saved')
      ctx.status = 200
      ctx.type = 'text/plain'
      ctx.flushHeaders()
      ctx.body = 'ok'
    } else if (ctx.path === '/raw-later') {
      // Headers still unsent when flash() ends: its cookie goes out with the handler's write.
      success(ctx, 'Saved')
      ctx.respond = false
      setTimeout(() => ctx.res.end('ok'), 5)
    } else {
      ctx.body = [...getMessages(ctx)].map(String)
    }
  })
  return { app, errors, late, lateErrors }
}

let served: Served | undefined
afterEach(async () => {
  await served?.close()
  served = undefined
})

let warn: MockInstance<typeof console.warn>
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => {
  warn.mockRestore()
})

async function open(app: Koa): Promise<Client> {
  served = await serve(app)
  return served.client
}

const shown = async (client: Client) => (await client.get('/show')).json()

describe.each(['cookie', 'session', 'fallback'] as const)(
  'storage %s: headers sent by the handler',
  (storage) => {
    it('ctx.respond = false after adding: the message is reported, a later add is refused, nothing thrown', async () => {
      const { app, errors, late } = rawApp({ storage })
      const client = await open(app)
      const raw = await client.get('/raw')
      expect(raw.status).toBe(200)
      expect(await raw.text()).toBe('ok')
      expect(raw.headers.getSetCookie()).toEqual([])
      await Promise.all(late)
      expect(await shown(client)).toEqual([])
      expect(warn.mock.calls).toEqual([[LOST], [LATE]])
      expect(errors).toEqual([])
    })

    it('strict: true reports and throws nothing from flash(): the response is gone', async () => {
      const { app, errors, late, lateErrors } = rawApp({ storage, strict: true })
      const client = await open(app)
      expect(await (await client.get('/raw')).text()).toBe('ok')
      await Promise.all(late)
      expect(await shown(client)).toEqual([])
      expect(warn.mock.calls).toEqual([[LOST]])
      expect(errors).toEqual([])
      // The later add is refused as strict refuses: thrown where it is added.
      expect(lateErrors).toHaveLength(1)
      expect(lateErrors[0]).toBeInstanceOf(MessagesNotStoredError)
      expect((lateErrors[0] as MessagesNotStoredError).message).toBe(LATE)
    })

    it('ctx.flushHeaders() after adding: reported the same', async () => {
      const { app, errors } = rawApp({ storage })
      const client = await open(app)
      expect(await (await client.get('/flushed')).text()).toBe('ok')
      expect(await shown(client)).toEqual([])
      expect(warn.mock.calls).toEqual([[LOST]])
      expect(errors).toEqual([])
    })

    it('ctx.respond = false with the headers still unsent when flash() ends: stored (control)', async () => {
      const { app, errors } = rawApp({ storage })
      const client = await open(app)
      const raw = await client.get('/raw-later')
      expect(await raw.text()).toBe('ok')
      expect(raw.headers.getSetCookie().length).toBeGreaterThan(0)
      expect(await shown(client)).toEqual(['Saved'])
      expect(warn.mock.calls).toEqual([])
      expect(errors).toEqual([])
    })
  },
)
