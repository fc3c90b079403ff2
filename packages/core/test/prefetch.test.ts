/**
 * A prefetch or prerender shows no messages and consumes none: the browser may show that response
 * later without asking the server, so the next page would show them a second time. The same rule
 * runs through every adapter in the scenario suite (`displayed.ts`).
 */
import { describe, expect, it } from 'vitest'
import { isPrefetchOf } from '../src/displayed.js'
import { createStorage, endRequest, type FlashSeam, INFO, isPrefetch, WARNING } from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { cookieWrites, createSeam, nextRequest, sessionWrites, type TestSeam } from './helpers/seam.js'

const PREFETCH_HEADERS: readonly [string, string][] = [
  ['sec-purpose', 'prefetch'],
  ['sec-purpose', 'prefetch;prerender'],
  ['x-sec-purpose', 'prefetch'],
  ['purpose', 'prefetch'],
  ['x-purpose', 'preview'],
  ['x-moz', 'prefetch'],
]

const storages = ['cookie', 'session', 'fallback'] as const

/** `t`'s seam, answering `request` headers, a GET with status 200, and recording header reads. */
function requestSeam(t: TestSeam, request: Record<string, string> = {}, reads: string[] = []): FlashSeam {
  const response = new Map<string, string>()
  return Object.assign(t.seam, {
    requestMethod: () => 'GET',
    requestHeader: (name: string) => {
      reads.push(name)
      return request[name]
    },
    responseStatus: () => 200,
    responseHeader: (name: string) => response.get(name),
    setResponseHeader: (name: string, value: string) => void response.set(name, value),
  })
}

/** One request of the client whose last request was `t`: what it showed, and its test seam. */
async function visit(
  t: TestSeam,
  storage: (typeof storages)[number],
  request: Record<string, string> = {},
  add: string[] = [],
): Promise<{ shown: string[]; length: number; t: TestSeam }> {
  const next = nextRequest(t)
  const config = makeConfig({ storage })
  const seam = requestSeam(next, request)
  const messages = createStorage(config, seam)
  await messages.preload()
  for (const text of add) messages.add(WARNING, text)
  const length = messages.length
  const shown = [...messages].map(String)
  await endRequest(messages, config, seam, () => {})
  return { shown, length, t: next }
}

/** A client with one stored message. */
async function withOneStored(storage: (typeof storages)[number]): Promise<TestSeam> {
  const first = createSeam({ session: true })
  const config = makeConfig({ storage })
  const messages = createStorage(config, first.seam)
  messages.add(INFO, 'Saved.')
  await endRequest(messages, config, first.seam, () => {})
  return first
}

describe('isPrefetch', () => {
  it("knows Turbo 8's X-Sec-Purpose", () => {
    expect(isPrefetch((name) => ({ 'x-sec-purpose': 'prefetch' })[name])).toBe(true)
  })
})

describe.each(storages)('a prefetch (%s storage)', (storage) => {
  it.each(PREFETCH_HEADERS)(
    '%s: %s shows nothing, writes nothing; the next page shows the message once',
    async (name, value) => {
      const prefetch = await visit(await withOneStored(storage), storage, { [name]: value })
      expect([prefetch.shown, prefetch.length]).toEqual([[], 0])
      expect(cookieWrites(prefetch.t)).toEqual([])
      expect(sessionWrites(prefetch.t)).toEqual([])
      const page = await visit(prefetch.t, storage)
      expect(page.shown).toEqual(['Saved.'])
      expect((await visit(page.t, storage)).shown).toEqual([])
    },
  )

  it('a message it adds is stored with the stored ones, and shown by the next page only', async () => {
    const prefetch = await visit(await withOneStored(storage), storage, { 'sec-purpose': 'prefetch' }, [
      'Added.',
    ])
    expect(prefetch.shown).toEqual([])
    expect((await visit(prefetch.t, storage)).shown).toEqual(['Saved.', 'Added.'])
  })
})

describe('a prefetch', () => {
  it('consumes nothing even when the app sets used itself', async () => {
    const t = nextRequest(await withOneStored('cookie'))
    const config = makeConfig({ storage: 'cookie' })
    const seam = requestSeam(t, { 'x-sec-purpose': 'prefetch' })
    const messages = createStorage(config, seam)
    expect([...messages]).toEqual([])
    messages.used = true
    await endRequest(messages, config, seam, () => {})
    expect(cookieWrites(t)).toEqual([])
    expect((await visit(t, 'cookie')).shown).toEqual(['Saved.'])
  })

  it('from htmx: shows nothing and carries nothing out in HX-Trigger', async () => {
    const t = nextRequest(await withOneStored('cookie'))
    const config = makeConfig({ storage: 'cookie', htmx: true })
    const seam = requestSeam(t, { 'hx-request': 'true', 'sec-purpose': 'prefetch' })
    const messages = createStorage(config, seam)
    await messages.preload()
    expect([...messages]).toEqual([])
    await endRequest(messages, config, seam, () => {})
    expect(seam.responseHeader!('hx-trigger')).toBeUndefined()
    expect(cookieWrites(t)).toEqual([])
    expect((await visit(t, 'cookie')).shown).toEqual(['Saved.'])
  })

  it('an empty read reads no header; a request that shows a message reads them once, end included', async () => {
    const reads: string[] = []
    const config = makeConfig({ storage: 'cookie' })
    const empty = createStorage(config, requestSeam(createSeam(), {}, reads))
    expect([...empty, ...empty]).toEqual([])
    expect(empty.length).toBe(0)
    expect(reads).toEqual([])

    const stored = nextRequest(await withOneStored('cookie'))
    const messages = createStorage(config, requestSeam(stored, {}, reads))
    await messages.preload()
    expect(messages.length).toBe(1)
    expect([...messages].map(String)).toEqual(['Saved.'])
    // The end of the request asks whether the response was seen: the storage kept the answer.
    await endRequest(messages, config, requestSeam(stored, {}, reads), () => {})
    expect(reads).toEqual(['sec-purpose', 'x-sec-purpose', 'purpose', 'x-purpose', 'x-moz'])
    expect((await visit(stored, 'cookie')).shown).toEqual([])
  })
})

describe("an adapter's Node headers (the seam's nodeRequestHeaders)", () => {
  // What Node's parser gives: lower-case names, values as sent (any case), and an array only for
  // headers Node keeps repeated.
  const requests: Record<string, string | string[]>[] = [
    {},
    { accept: 'text/html', cookie: 'messages=x' },
    ...PREFETCH_HEADERS.map(([name, value]) => ({ [name]: value })),
    ...PREFETCH_HEADERS.map(([name, value]) => ({ [name]: value.toUpperCase() })),
    { 'sec-purpose': 'prerender' },
    { 'x-purpose': 'prefetch' },
    { purpose: 'preview' },
    { 'x-moz': 'preview' },
    { 'sec-fetch-dest': 'document', 'sec-purpose': '' },
    { 'sec-purpose': ['other', 'prefetch'] },
    { 'x-moz': ['other'] },
  ]

  it('answer as the same headers read one by one', () => {
    for (const request of requests) {
      const oneByOne = (name: string) => {
        const value = request[name]
        return Array.isArray(value) ? value.join(', ') : value
      }
      const expected = isPrefetchOf({ requestHeader: oneByOne })
      expect(
        isPrefetchOf({ requestHeader: () => undefined, nodeRequestHeaders: () => request }),
        JSON.stringify(request),
      ).toBe(expected)
    }
    // Every kind above is there: some are prefetches, some are not.
    const answers = requests.map((request) =>
      isPrefetchOf({ requestHeader: (name) => request[name]?.toString() }),
    )
    expect(answers.filter(Boolean).length).toBe(2 * PREFETCH_HEADERS.length + 1)
  })
})
