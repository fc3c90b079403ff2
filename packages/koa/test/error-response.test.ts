/**
 * A handler that throws, or a `strict` persist that throws, is answered by Koa's default error
 * handler (`ctx.onerror`), which removes every response header and sets the error's own. What
 * @flash wrote rides on the error: the message cookie, koa-session's cookie, and the headers @flash
 * set (`HX-Trigger` with the messages it delivered, `Cache-Control: no-store`), but not the app's
 * other headers. The core decides what that response displayed by the status Koa will send.
 * Through a real `http.Server`, cookies carried back by the `fetch` client.
 */
import { randomTexts, SECRET } from '@flash/adapter-suite'
import Koa, { type Context } from 'koa'
import session from 'koa-session'
import { afterEach, describe, expect, it } from 'vitest'
import {
  CookieStorage,
  type FlashConfig,
  type FlashSeam,
  flash,
  getMessages,
  type KoaFlashOptions,
  MessagesNotStoredError,
  success,
} from '../src/index.js'
import { type Client, serve } from './client.js'
import { CountingStore } from './harness.js'

const running: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of running.splice(0)) await close()
})

/** The cookie storage, noting the status the seam reports when the request ends (it persists). */
class StatusProbe extends CookieStorage {
  constructor(
    private readonly probed: FlashSeam,
    config: FlashConfig,
    private readonly statuses: number[],
  ) {
    super(probed, config)
  }
  override update() {
    this.statuses.push(this.probed.responseStatus!())
    return super.update()
  }
}

const HTMX = { 'HX-Request': 'true' }
const SAVED = { level: 25, levelTag: 'success', extraTags: '', tags: 'success', safe: false }
/** Five texts that do not compress: the message cookie (2048 characters) holds the last three. */
const FIVE = randomTexts(5, 600)

/** `/add-then-throw?status=N`: adds one message, sets headers of its own, then throws. */
async function start(options: Partial<KoaFlashOptions> = {}, withSession = false) {
  const app = new Koa()
  app.keys = ['error-response-key-0123456789']
  app.silent = true
  const errors: unknown[] = []
  app.on('error', (error) => errors.push(error))
  const store = new CountingStore()
  if (withSession) app.use(session({ store, key: 'koa.sess' }, app))
  app.use(flash({ secret: SECRET, storage: 'cookie', logger: { warn() {} }, ...options }))
  app.use((ctx: Context) => {
    const status = ctx.query.status === undefined ? undefined : Number(ctx.query.status)
    if (ctx.path === '/add-then-throw') {
      success(ctx, 'Saved before the error')
      ctx.set('X-App', 'set by the handler')
      ctx.set('Cache-Control', 'public, max-age=60')
      // What Koa would send if the handler returned: not what it sends for the error.
      ctx.status = 200
      ctx.body = 'unreached'
      throw Object.assign(new Error('Cannot process'), status === undefined ? {} : { status, expose: true })
    }
    if (ctx.path === '/read-then-throw') {
      const texts = [...getMessages(ctx)].map(String)
      throw Object.assign(new Error(`read ${texts.length}`), { status, expose: true })
    }
    if (ctx.path === '/add-then-throw-with-trigger') {
      success(ctx, 'Saved before the error')
      ctx.set('HX-Trigger', 'dropped-by-koa')
      throw Object.assign(new Error('Cannot process'), {
        status: 422,
        expose: true,
        headers: { 'hx-trigger': '{"form-invalid":{"field":"email"}}' },
      })
    }
    if (ctx.path === '/add-many') {
      for (const text of FIVE) success(ctx, text)
      ctx.redirect('/show')
      return
    }
    if (ctx.path === '/add-many-then-throw') {
      for (const text of FIVE) success(ctx, text)
      throw new Error('the handler failed too')
    }
    ctx.body = [...getMessages(ctx)].map(String)
  })
  const served = await serve(app)
  running.push(served.close)
  return { client: served.client, errors, store }
}

const shown = async (client: Client) => (await (await client.get('/show')).json()) as string[]

describe('a handler that throws', () => {
  it('htmx, 422: the message goes out in HX-Trigger on the error response, and is consumed', async () => {
    const { client, errors } = await start({ htmx: true })
    const response = await client.send('/add-then-throw?status=422', { method: 'POST', headers: HTMX })
    expect(response.status).toBe(422)
    expect(await response.text()).toBe('Cannot process')
    expect(JSON.parse(response.headers.get('hx-trigger')!)).toEqual({
      messages: [{ ...SAVED, message: 'Saved before the error' }],
    })
    // Only the headers @flash set ride on the error; the app's own are dropped by Koa, as always.
    // Messages went out, so the app's "public, max-age=60" became @flash's no-store.
    expect(response.headers.get('x-app')).toBeNull()
    expect(response.headers.get('cache-control')).toBe('no-store')
    expect(response.headers.getSetCookie()).toEqual([])
    expect(errors).toMatchObject([{ message: 'Cannot process', status: 422 }])
    expect(await shown(client)).toEqual([])
  })

  it('htmx, 422: an HX-Trigger the error carries is merged with the messages, not replaced', async () => {
    const { client } = await start({ htmx: true })
    const response = await client.send('/add-then-throw-with-trigger', { method: 'POST', headers: HTMX })
    expect(response.status).toBe(422)
    expect(JSON.parse(response.headers.get('hx-trigger')!)).toEqual({
      'form-invalid': { field: 'email' },
      messages: [{ ...SAVED, message: 'Saved before the error' }],
    })
    expect(await shown(client)).toEqual([])
  })

  it('htmx, a plain Error: the core sees the 500 Koa sends, not the 200 the handler set', async () => {
    const statuses: number[] = []
    const { client } = await start({
      htmx: true,
      storage: (seam, config) => new StatusProbe(seam, config, statuses),
    })
    const response = await client.send('/add-then-throw', { method: 'POST', headers: HTMX })
    expect(response.status).toBe(500)
    expect(statuses).toEqual([500])
  })

  it.each([
    [{ status: 422 }, 422],
    [{ statusCode: 409 }, 409],
    [{ status: 999 }, 500],
    [{ status: '422' }, 500],
  ])('the status the core sees is the one Koa answers %j with (%i)', async (fields, expected) => {
    const statuses: number[] = []
    const app = new Koa()
    app.silent = true
    app.use(flash({ secret: SECRET, storage: (seam, config) => new StatusProbe(seam, config, statuses) }))
    app.use((ctx) => {
      success(ctx, 'x')
      throw Object.assign(new Error('e'), fields)
    })
    const served = await serve(app)
    running.push(served.close)
    const response = await served.client.get('/')
    expect(response.status).toBe(expected)
    expect(statuses).toEqual([expected])
  })

  it('the app notDisplayed predicate reads the status of the error response', async () => {
    const seen: number[] = []
    const { client } = await start({
      notDisplayed: (exchange) => {
        seen.push(exchange.status)
        return false
      },
    })
    await client.post('/add-many')
    const response = await client.get('/read-then-throw?status=409')
    expect(response.status).toBe(409)
    // The add redirected (a 3xx, never displayed: not asked); the read threw a 409.
    expect(seen).toEqual([409])
  })

  it('a response that displayed messages and threw a 4xx is sent with Cache-Control: no-store', async () => {
    const { client } = await start()
    await client.post('/add-many')
    const response = await client.get('/read-then-throw?status=404')
    expect(response.status).toBe(404)
    expect(await response.text()).toBe('read 3')
    expect(response.headers.get('cache-control')).toBe('no-store')
  })
})

describe('strict: true, when persisting throws after the handler returned', () => {
  it('the cookie with what fitted rides on the 500, and the next page shows it', async () => {
    const { client, errors } = await start({ strict: true })
    const response = await client.post('/add-many')
    expect(response.status).toBe(500)
    const setCookies = response.headers.getSetCookie()
    expect(setCookies.map((c) => c.split('=')[0])).toEqual(['messages'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(MessagesNotStoredError)
    expect((errors[0] as MessagesNotStoredError).unstored.map(String)).toEqual(FIVE.slice(0, 2))
    expect(await shown(client)).toEqual(FIVE.slice(2))
  })

  it('and when the handler threw too: the cookie with what fitted still rides on the error', async () => {
    const { client, errors } = await start({ strict: true })
    const response = await client.post('/add-many-then-throw')
    expect(response.status).toBe(500)
    expect(errors).toHaveLength(2)
    expect(errors[0]).toBeInstanceOf(MessagesNotStoredError)
    expect(errors[1]).toMatchObject({ message: 'the handler failed too' })
    expect(await shown(client)).toEqual(FIVE.slice(2))
  })

  it('koa-session is committed, so its cookie rides on the 500 with ours', async () => {
    const { client, errors, store } = await start(
      { storage: 'session', strict: true, maxSessionMessages: 2 },
      true,
    )
    const response = await client.post('/add-many')
    expect(response.status).toBe(500)
    expect(
      response.headers
        .getSetCookie()
        .map((c) => c.split('=')[0])
        .sort(),
    ).toEqual(['koa.sess', 'koa.sess.sig'])
    expect(errors).toHaveLength(1)
    expect(errors[0]).toBeInstanceOf(MessagesNotStoredError)
    expect(store.data.size).toBe(1)
    expect(await shown(client)).toEqual(FIVE.slice(3))
  })
})
