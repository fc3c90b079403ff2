/**
 * A 304 made by koa-conditional-get (with @koa/etag), over a real `http.Server` with cookies
 * carried back, `noStore: false` (with the default `no-store` a browser keeps no copy to revalidate).
 *
 * - Mounted before flash() (outside), the layer turns a page @flash already settled into a 304: the
 *   browser shows its own copy, byte for byte that page, messages included, so they count as
 *   displayed and the 304 carries their consumption (the cookie deletion, the session write).
 * - Mounted after flash() (inside), @flash sees the 304 and keeps them for the next page.
 *
 * See "What counts as displayed" in the README.
 */
import { type FetchClient, SECRET } from '@flash/adapter-suite'
import etag from '@koa/etag'
import Koa, { type Middleware } from 'koa'
import conditionalGet from 'koa-conditional-get'
import session from 'koa-session'
import { afterEach, describe, expect, it } from 'vitest'
import { flash, getMessages, type KoaFlashOptions, success } from '../src/index.js'
import { serve } from './client.js'
import { APP_KEYS, CountingStore } from './harness.js'

type Storage = 'cookie' | 'fallback' | 'session'
type Layer = 'outside' | 'inside'

/** koa-conditional-get answers 304 from the ETag @koa/etag computes, so it comes first. */
const conditionalLayer = (): Middleware[] => [conditionalGet(), etag()]

function appWith(storage: Storage, layer: Layer) {
  const app = new Koa()
  app.keys = APP_KEYS
  const store = new CountingStore()
  if (storage === 'session') app.use(session({ store, key: 'koa.sess' }, app))
  if (layer === 'outside') for (const middleware of conditionalLayer()) app.use(middleware)
  // The default storage is 'fallback': it is left unset, as an app that never chose one has it.
  const storageOption: Partial<KoaFlashOptions> = storage === 'fallback' ? {} : { storage }
  app.use(flash({ secret: SECRET, noStore: false, ...storageOption }))
  if (layer === 'inside') for (const middleware of conditionalLayer()) app.use(middleware)
  app.use(async (ctx) => {
    if (ctx.method === 'POST' && ctx.path === '/save') {
      success(ctx, 'Saved.')
      ctx.redirect('/')
    } else if (ctx.path === '/') {
      ctx.body = [...getMessages(ctx)].map(String)
    }
  })
  return { app, store }
}

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

async function start(storage: Storage, layer: Layer) {
  const { app, store } = appWith(storage, layer)
  const served = await serve(app)
  close = () => served.close()
  return { client: served.client, store }
}

/** The page's texts. */
async function page(client: FetchClient, headers: Record<string, string> = {}) {
  const response = await client.send('/', { method: 'GET', headers })
  const text = await response.text()
  return {
    status: response.status,
    etag: response.headers.get('etag'),
    messageCookie: response.headers.getSetCookie().find((line) => line.startsWith('messages=')),
    texts: text === '' ? undefined : (JSON.parse(text) as string[]),
  }
}

/**
 * What a browser sends to revalidate its copy. The `Cache-Control` matters: without one, fetch adds
 * `Cache-Control: no-cache` to a request with `If-None-Match` (the Fetch standard's cache mode), and
 * koa's `ctx.fresh` answers false to no-cache. `max-age=0` is what a browser sends on reload.
 */
const revalidating = (etag: string) => ({ 'if-none-match': etag, 'cache-control': 'max-age=0' })

/**
 * "Saved." is added and shown (200, with an ETag), added again, and the page revalidated with that
 * ETag: the handler renders the same bytes, so the conditional layer answers 304.
 */
async function revalidateSavedPage(client: FetchClient) {
  expect((await client.post('/save')).status).toBe(302)
  const first = await page(client)
  expect(first.status).toBe(200)
  expect(first.texts).toEqual(['Saved.'])
  expect(first.etag).toMatch(/^"/)
  expect((await client.post('/save')).status).toBe(302)
  const revalidated = await page(client, revalidating(first.etag!))
  expect(revalidated.status).toBe(304)
  expect(revalidated.etag).toBe(first.etag)
  expect(revalidated.texts).toBeUndefined()
  return revalidated
}

describe.each(['cookie', 'fallback'] as const)('%s storage', (storage) => {
  it('koa-conditional-get before flash(): the 304 deletes the message cookie, the next page shows nothing', async () => {
    const { client } = await start(storage, 'outside')
    const revalidated = await revalidateSavedPage(client)
    expect(revalidated.messageCookie).toMatch(/^messages=;.*Max-Age=0/i)
    expect(client.jar.get('messages')).toBeUndefined()
    expect((await page(client)).texts).toEqual([])
  })

  it('koa-conditional-get after flash(): the 304 keeps the message, the next page shows it once', async () => {
    const { client } = await start(storage, 'inside')
    const revalidated = await revalidateSavedPage(client)
    expect(revalidated.messageCookie).toBeUndefined()
    expect(client.jar.get('messages')).toBeDefined()
    expect((await page(client)).texts).toEqual(['Saved.'])
    expect((await page(client)).texts).toEqual([])
  })
})

/** What each stored session holds under @flash's Koa session key (`messages`). */
function storedMessages(store: CountingStore): unknown[] {
  return [...store.data.values()].map((json) => JSON.parse(json).messages)
}

describe('session storage (koa-session with a store)', () => {
  it('koa-conditional-get before flash(): the 304 writes the session without the message, the next page shows nothing', async () => {
    const { client, store } = await start('session', 'outside')
    await revalidateSavedPage(client)
    expect(storedMessages(store)).toEqual([undefined])
    expect((await page(client)).texts).toEqual([])
  })

  it('koa-conditional-get after flash(): the 304 keeps the message in the session, the next page shows it once', async () => {
    const { client, store } = await start('session', 'inside')
    await revalidateSavedPage(client)
    expect(storedMessages(store)).toEqual([expect.stringContaining('Saved.')])
    expect((await page(client)).texts).toEqual(['Saved.'])
    expect((await page(client)).texts).toEqual([])
  })
})
