/**
 * A 304 made by @fastify/etag, over a real socket with cookies carried back, `noStore: false` (with
 * the default `no-store` a browser keeps no copy to revalidate).
 *
 * - Registered after @flash/fastify (outside: its `onSend` runs after flash's), the plugin turns a
 *   page @flash already settled into a 304: the browser shows its own copy, byte for byte that page,
 *   messages included, so they count as displayed and the 304 carries their consumption (the cookie
 *   deletion, the session write).
 * - Registered before it (inside), @flash sees the 304 and keeps them for the next page.
 *
 * See "What counts as displayed" in the README.
 */
import cookie from '@fastify/cookie'
import etag from '@fastify/etag'
import session from '@fastify/session'
import { FetchClient, SECRET } from '@flash/adapter-suite'
import Fastify from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import flash, { type FlashFastifyOptions, getMessages, success } from '../src/index.js'
import { CountingStore, SESSION_SECRET } from './harness.js'

type Storage = 'cookie' | 'fallback' | 'session'
type Layer = 'outside' | 'inside'

async function appWith(storage: Storage, layer: Layer) {
  const app = Fastify()
  const store = new CountingStore()
  await app.register(cookie)
  if (layer === 'inside') await app.register(etag)
  // The default storage is 'fallback': it is left unset, as an app that never chose one has it.
  const storageOption: Partial<FlashFastifyOptions> = storage === 'fallback' ? {} : { storage }
  await app.register(flash, { secret: SECRET, noStore: false, ...storageOption })
  if (layer === 'outside') await app.register(etag)
  if (storage === 'session') {
    await app.register(session, {
      secret: SESSION_SECRET,
      store,
      saveUninitialized: false,
      rolling: false,
      cookie: { secure: false },
    })
  }
  app.post('/save', async (request, reply) => {
    success(request, 'Saved.')
    return reply.redirect('/')
  })
  app.get('/', async (request) => [...getMessages(request)].map(String))
  return { app, store }
}

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

async function start(storage: Storage, layer: Layer) {
  const { app, store } = await appWith(storage, layer)
  const origin = await app.listen({ host: '127.0.0.1', port: 0 })
  close = () => app.close()
  return { client: new FetchClient(origin), store }
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
 * What a browser sends to revalidate its copy (`max-age=0` on reload). Without a `Cache-Control`,
 * fetch adds `no-cache` to a request with `If-None-Match`; @fastify/etag ignores either.
 */
const revalidating = (etag: string) => ({ 'if-none-match': etag, 'cache-control': 'max-age=0' })

/**
 * "Saved." is added and shown (200, with an ETag), added again, and the page revalidated with that
 * ETag: the handler renders the same bytes, so @fastify/etag answers 304.
 */
async function revalidateSavedPage(client: FetchClient) {
  expect((await client.post('/save', {}, { json: true })).status).toBe(302)
  const first = await page(client)
  expect(first.status).toBe(200)
  expect(first.texts).toEqual(['Saved.'])
  expect(first.etag).toMatch(/^"/)
  expect((await client.post('/save', {}, { json: true })).status).toBe(302)
  const revalidated = await page(client, revalidating(first.etag!))
  expect(revalidated.status).toBe(304)
  expect(revalidated.etag).toBe(first.etag)
  expect(revalidated.texts).toBeUndefined()
  return revalidated
}

describe.each(['cookie', 'fallback'] as const)('%s storage', (storage) => {
  it('@fastify/etag registered after flash: the 304 deletes the message cookie, the next page shows nothing', async () => {
    const { client } = await start(storage, 'outside')
    const revalidated = await revalidateSavedPage(client)
    expect(revalidated.messageCookie).toMatch(/^messages=;.*Max-Age=0/i)
    expect(client.jar.get('messages')).toBeUndefined()
    expect((await page(client)).texts).toEqual([])
  })

  it('@fastify/etag registered before flash: the 304 keeps the message, the next page shows it once', async () => {
    const { client } = await start(storage, 'inside')
    const revalidated = await revalidateSavedPage(client)
    expect(revalidated.messageCookie).toBeUndefined()
    expect(client.jar.get('messages')).toBeDefined()
    expect((await page(client)).texts).toEqual(['Saved.'])
    expect((await page(client)).texts).toEqual([])
  })
})

/** What each stored session holds under @flash's session key (`_messages`). */
function storedMessages(store: CountingStore): unknown[] {
  return [...store.sessions.values()].map((json) => JSON.parse(json)._messages)
}

describe('session storage (@fastify/session with a store)', () => {
  it('@fastify/etag registered after flash: the 304 writes the session without the message, the next page shows nothing', async () => {
    const { client, store } = await start('session', 'outside')
    await revalidateSavedPage(client)
    expect(storedMessages(store)).toEqual([undefined])
    expect((await page(client)).texts).toEqual([])
  })

  it('@fastify/etag registered before flash: the 304 keeps the message in the session, the next page shows it once', async () => {
    const { client, store } = await start('session', 'inside')
    await revalidateSavedPage(client)
    expect(storedMessages(store)).toEqual([expect.stringContaining('Saved.')])
    expect((await page(client)).texts).toEqual(['Saved.'])
    expect((await page(client)).texts).toEqual([])
  })
})
