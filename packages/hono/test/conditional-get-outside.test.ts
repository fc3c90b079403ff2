/**
 * A 304 made by `hono/etag`, on a real @hono/node-server with cookies carried back, `noStore: false`
 * (with the default `no-store` a browser keeps no copy to revalidate).
 *
 * - Mounted before flash() (outside), etag() turns a page @flash already settled into a 304: the
 *   browser shows its own copy, byte for byte that page, messages included, so they count as
 *   displayed and the 304 must carry their consumption (the cookie deletion, the session write).
 *   etag() builds its 304 keeping only the headers in `retainedHeaders`; the default
 *   (`RETAINED_304_HEADERS`) has no `set-cookie`, so the cookie deletion is dropped and the message
 *   shows again, unless `set-cookie` is added to the list. A session write needs no header.
 * - Mounted after flash() (inside), @flash sees the 304 and keeps them for the next page.
 *
 * See "What counts as displayed" in the README.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono, type MiddlewareHandler } from 'hono'
import { etag, RETAINED_304_HEADERS } from 'hono/etag'
import { MemoryStore, sessionMiddleware } from 'hono-sessions'
import { afterEach, describe, expect, test } from 'vitest'
import { type FlashEnv, flash, getMessages, type HonoFlashOptions, success } from '../src/index.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

type Storage = 'cookie' | 'fallback' | 'session'
type Layer = 'outside' | 'inside'

const SESSION_KEY = 'an-encryption-key-of-at-least-32-characters'

/** etag() told to keep `Set-Cookie` on its 304, as an app that mounts it before flash() must. */
const etagKeepingCookies = () => etag({ retainedHeaders: [...RETAINED_304_HEADERS, 'set-cookie'] })

function appWith(storage: Storage, layer: Layer, conditional: () => MiddlewareHandler) {
  const app = new Hono<FlashEnv>()
  if (storage === 'session') {
    app.use(sessionMiddleware({ store: new MemoryStore(), encryptionKey: SESSION_KEY }))
  }
  if (layer === 'outside') app.use(conditional())
  // The default storage is 'fallback': it is left unset, as an app that never chose one has it.
  const storageOption: Partial<HonoFlashOptions> = storage === 'fallback' ? {} : { storage }
  app.use(flash({ secret: SECRET, noStore: false, ...storageOption }))
  if (layer === 'inside') app.use(conditional())
  app.post('/save', (c) => {
    success(c, 'Saved.')
    return c.redirect('/')
  })
  app.get('/', (c) => c.json([...getMessages(c)].map(String)))
  return app
}

let close: (() => void) | undefined
afterEach(() => {
  close?.()
  close = undefined
})

/** The app on a real @hono/node-server on a free loopback port, and a browser for it. */
async function start(storage: Storage, layer: Layer, conditional: () => MiddlewareHandler) {
  const server = serve({ fetch: appWith(storage, layer, conditional).fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  close = () => server.close()
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return browser((path, init) => fetch(`${base}${path}`, init))
}

type Browser = Awaited<ReturnType<typeof start>>

/** The page's texts. */
async function page(b: Browser, headers: Record<string, string> = {}) {
  const reply = await b.request('/', { headers })
  return {
    status: reply.status,
    etag: reply.headers.get('etag'),
    messageCookie: reply.setCookies.find((line) => line.startsWith('messages=')),
    texts: reply.text === '' ? undefined : (JSON.parse(reply.text) as string[]),
  }
}

/**
 * What a browser sends to revalidate its copy (`max-age=0` on reload). Without a `Cache-Control`,
 * fetch adds `no-cache` to a request with `If-None-Match`; etag() ignores either.
 */
const revalidating = (tag: string) => ({ 'if-none-match': tag, 'cache-control': 'max-age=0' })

/**
 * "Saved." is added and shown (200, with an ETag), added again, and the page revalidated with that
 * ETag: the handler renders the same bytes, so etag() answers 304.
 */
async function revalidateSavedPage(b: Browser) {
  expect((await b.request('/save', { method: 'POST' })).status).toBe(302)
  const first = await page(b)
  expect(first.status).toBe(200)
  expect(first.texts).toEqual(['Saved.'])
  expect(first.etag).toMatch(/^"/)
  expect((await b.request('/save', { method: 'POST' })).status).toBe(302)
  const revalidated = await page(b, revalidating(first.etag!))
  expect(revalidated.status).toBe(304)
  expect(revalidated.etag).toBe(first.etag)
  expect(revalidated.texts).toBeUndefined()
  return revalidated
}

describe.each(['cookie', 'fallback'] as const)('%s storage', (storage) => {
  test("etag() with 'set-cookie' retained, before flash(): the 304 deletes the message cookie, the next page shows nothing", async () => {
    const b = await start(storage, 'outside', etagKeepingCookies)
    const revalidated = await revalidateSavedPage(b)
    expect(revalidated.messageCookie).toMatch(/^messages=;.*Max-Age=0/i)
    expect(b.jar.has('messages')).toBe(false)
    expect((await page(b)).texts).toEqual([])
  })

  test('documented limitation of hono/etag: the default etag() before flash() drops Set-Cookie from its 304, so the displayed message shows again on the next page', async () => {
    const b = await start(storage, 'outside', () => etag())
    const revalidated = await revalidateSavedPage(b)
    expect(revalidated.messageCookie).toBeUndefined()
    expect(b.jar.has('messages')).toBe(true)
    expect((await page(b)).texts).toEqual(['Saved.'])
    expect((await page(b)).texts).toEqual([])
  })

  test('etag() after flash(): the 304 keeps the message, the next page shows it once', async () => {
    const b = await start(storage, 'inside', () => etag())
    const revalidated = await revalidateSavedPage(b)
    expect(revalidated.messageCookie).toBeUndefined()
    expect(b.jar.has('messages')).toBe(true)
    expect((await page(b)).texts).toEqual(['Saved.'])
    expect((await page(b)).texts).toEqual([])
  })
})

describe('session storage (hono-sessions with a MemoryStore)', () => {
  test("etag() with 'set-cookie' retained, before flash(): the 304 consumes the message, the next page shows nothing", async () => {
    const b = await start('session', 'outside', etagKeepingCookies)
    await revalidateSavedPage(b)
    expect((await page(b)).texts).toEqual([])
  })

  test('the default etag() before flash() consumes it too: the session write needs no Set-Cookie', async () => {
    const b = await start('session', 'outside', () => etag())
    await revalidateSavedPage(b)
    expect((await page(b)).texts).toEqual([])
  })

  test('etag() after flash(): the 304 keeps the message in the session, the next page shows it once', async () => {
    const b = await start('session', 'inside', () => etag())
    await revalidateSavedPage(b)
    expect((await page(b)).texts).toEqual(['Saved.'])
    expect((await page(b)).texts).toEqual([])
  })
})
