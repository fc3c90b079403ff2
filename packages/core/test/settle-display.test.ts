/**
 * `settleDisplay` inside `endRequest`, through a seam that has the request/response members every
 * adapter gives it: what a response that nobody sees keeps, htmx's HX-Trigger delivery, and
 * Cache-Control on pages that displayed messages. The same rules run through every adapter in the
 * scenario suite; this covers them in the core's own build.
 */
import { describe, expect, it } from 'vitest'
import { createStorage, endRequest, type FlashSeam, INFO } from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { createSeam, nextRequest, type TestSeam } from './helpers/seam.js'

interface Exchange {
  method?: string
  status?: number
  request?: Record<string, string>
  response?: Record<string, string>
}

/** A test seam with the request and response of one exchange; `response` is written to. */
function exchangeSeam(t: TestSeam, exchange: Exchange): FlashSeam & { response: Map<string, string> } {
  const response = new Map(Object.entries(exchange.response ?? {}))
  return Object.assign(t.seam, {
    response,
    requestMethod: () => exchange.method ?? 'GET',
    requestHeader: (name: string) => exchange.request?.[name],
    responseStatus: () => exchange.status ?? 200,
    responseHeader: (name: string) => response.get(name),
    setResponseHeader: (name: string, value: string) => void response.set(name, value),
    route: () => '/page',
  })
}

/** Store one message with a first request, and return the next request's test seam. */
async function withOneStored(options = {}): Promise<TestSeam> {
  const config = makeConfig(options)
  const first = createSeam()
  const storage = createStorage(config, first.seam)
  storage.add(INFO, 'Saved.')
  await endRequest(storage, config, first.seam, () => {})
  return nextRequest(first)
}

async function display(t: TestSeam, exchange: Exchange, options = {}, reports: string[] = []) {
  const config = makeConfig(options)
  const seam = exchangeSeam(t, exchange)
  const storage = createStorage(config, seam)
  await storage.preload()
  const shown = [...storage].map(String)
  await endRequest(storage, config, seam, (text) => reports.push(text))
  return { shown, response: seam.response, next: nextRequest(t) }
}

describe('settleDisplay', () => {
  it.each([
    ['HEAD', { method: 'HEAD' }],
    ['a 304', { status: 304 }],
    ['a redirect', { status: 302 }],
  ])('%s iterates but keeps the message for the next page', async (_name, exchange) => {
    const t = await withOneStored()
    const { shown, response, next } = await display(t, exchange)
    expect(shown).toEqual(['Saved.'])
    expect(response.get('cache-control')).toBeUndefined()
    expect((await display(next, {})).shown).toEqual(['Saved.'])
  })

  it('a prefetch shows nothing and keeps the message for the next page (prefetch.test.ts)', async () => {
    const t = await withOneStored()
    const { shown, response, next } = await display(t, { request: { 'sec-purpose': 'prefetch' } })
    expect(shown).toEqual([])
    expect(response.get('cache-control')).toBeUndefined()
    expect((await display(next, {})).shown).toEqual(['Saved.'])
  })

  it('a page that displayed messages says no-store, merged with what the app set, warning once per route', async () => {
    const reports: string[] = []
    const first = await display(
      await withOneStored(),
      { response: { 'cache-control': 'private' } },
      {},
      reports,
    )
    expect(first.response.get('cache-control')).toBe('private, no-store')
    expect(reports).toEqual([])
    const config = { noStore: true }
    const replaced = await display(
      await withOneStored(),
      { response: { 'cache-control': 'public, max-age=60' } },
      config,
      reports,
    )
    expect(replaced.response.get('cache-control')).toBe('no-store')
    expect(reports).toHaveLength(1)
    expect(reports[0]).toContain('GET /page')
    expect((await display(replaced.next, {})).shown).toEqual([])
  })

  it('noStore: false leaves Cache-Control alone', async () => {
    const { response } = await display(await withOneStored(), {}, { noStore: false })
    expect(response.get('cache-control')).toBeUndefined()
  })

  it("htmx: a fragment that did not display them carries them in HX-Trigger, merged with the app's events", async () => {
    const t = await withOneStored()
    const config = makeConfig({ htmx: true })
    const seam = exchangeSeam(t, { request: { 'hx-request': 'true' }, response: { 'hx-trigger': 'saved' } })
    const storage = createStorage(config, seam)
    await storage.preload()
    await endRequest(storage, config, seam, () => {})
    const trigger = JSON.parse(seam.response.get('hx-trigger')!)
    expect(Object.keys(trigger)).toEqual(['saved', 'messages'])
    expect(trigger.messages).toEqual([
      { level: INFO, levelTag: 'info', extraTags: '', tags: 'info', message: 'Saved.', safe: false },
    ])
    expect((await display(nextRequest(t), {})).shown).toEqual([])
  })

  it('htmx: HX-Redirect keeps them for the page the browser goes to', async () => {
    const t = await withOneStored()
    const config = makeConfig({ htmx: true })
    const seam = exchangeSeam(t, { request: { 'hx-request': 'true' }, response: { 'hx-redirect': '/next' } })
    const storage = createStorage(config, seam)
    await storage.preload()
    expect([...storage].map(String)).toEqual(['Saved.'])
    await endRequest(storage, config, seam, () => {})
    expect(seam.response.get('hx-trigger')).toBeUndefined()
    expect((await display(nextRequest(t), {})).shown).toEqual(['Saved.'])
  })
})
