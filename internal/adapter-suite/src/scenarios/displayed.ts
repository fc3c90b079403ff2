/**
 * @module
 * Consumed only by responses a person can see (issue 15): a HEAD request and a 3xx, 204, 205 or
 * 304 response leave the messages they iterated for the next request; the app's `notDisplayed`
 * extends the list; a response that displayed messages is `no-store`. A prefetch or prerender shows
 * none and consumes none: the browser may show that response later without asking, and the next
 * page would show them again.
 */
import type { FlashExchange } from '@flash/core'
import { expect, it } from 'vitest'
import { setCookiesNamed } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import type { AdapterHarness } from '../harness.js'

const PREFETCH_HEADERS: readonly [string, string][] = [
  ['Sec-Purpose', 'prefetch'],
  ['Sec-Purpose', 'prefetch;prerender'],
  // Turbo 8's hover prefetch: a page's script cannot set `Sec-` headers.
  ['X-Sec-Purpose', 'prefetch'],
  ['Purpose', 'prefetch'],
  ['X-Purpose', 'preview'],
  ['X-Moz', 'prefetch'],
]

function respondPath(status: number, headers?: Record<string, string>): string {
  const query = headers ? `&headers=${encodeURIComponent(JSON.stringify(headers))}` : ''
  return `/respond?status=${status}${query}`
}

export function displayedScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('HEAD leaves the messages in place: the next GET shows them, once', async () => {
    await withApp(harness, spec, async (browser, app) => {
      await browser.add('info', ['kept through HEAD'])
      const writes = app.sessionWrites()
      const head = await browser.send('/show', { method: 'HEAD' })
      expect(head.status).toBe(200)
      expect(setCookiesNamed(head, 'messages')).toEqual([])
      expect(app.sessionWrites()).toBe(writes)
      expect(await browser.texts()).toEqual(['kept through HEAD'])
      expect(await browser.texts()).toEqual([])
    })
  })

  for (const [name, value] of PREFETCH_HEADERS) {
    it(`a GET with ${name}: ${value} shows no messages and writes nothing; the next page shows them once`, async () => {
      await withApp(harness, spec, async (browser, app) => {
        await browser.add('success', ['kept through the prefetch'])
        const writes = app.sessionWrites()
        const prefetch = await browser.send('/show', { headers: { [name]: value } })
        expect(prefetch.status).toBe(200)
        expect(JSON.parse(prefetch.body).messages).toEqual([])
        expect(setCookiesNamed(prefetch, 'messages')).toEqual([])
        expect(app.sessionWrites()).toBe(writes)
        expect(await browser.texts()).toEqual(['kept through the prefetch'])
        expect(await browser.texts()).toEqual([])
      })
    })
  }

  it('a message added by a prefetch is not shown by it; the next page shows it with the old ones', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('info', ['old'])
      const prefetch = await browser.send(respondPath(200), {
        method: 'POST',
        headers: { 'Sec-Purpose': 'prefetch' },
        body: { messages: ['new'] },
      })
      expect(JSON.parse(prefetch.body).messages).toEqual([])
      expect(await browser.texts()).toEqual(['old', 'new'])
      expect(await browser.texts()).toEqual([])
    })
  })

  it('16 KB purpose headers without the token are no prefetch, and no error', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('info', ['shown once'])
      const filler = 'prefetc '.repeat(2048)
      const page = await browser.send('/show', {
        headers: { 'Sec-Purpose': filler, Purpose: filler, 'X-Purpose': filler, 'X-Moz': filler },
      })
      expect(page.status).toBe(200)
      expect(await browser.texts()).toEqual([])
    })
  })

  for (const status of [204, 205, 301, 302, 303, 307, 308]) {
    it(`a ${status} response that iterated the messages leaves them for the next request`, async () => {
      await withApp(harness, spec, async (browser) => {
        await browser.add('warning', ['kept through the status'])
        expect((await browser.get(respondPath(status))).status).toBe(status)
        expect(await browser.texts()).toEqual(['kept through the status'])
        expect(await browser.texts()).toEqual([])
      })
    })
  }

  it('a 304 answering a conditional GET leaves the messages; the 200 shows them once', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('info', ['kept through 304'])
      const notModified = await browser.send('/conditional', { headers: { 'If-None-Match': '"v1"' } })
      expect(notModified.status).toBe(304)
      const page = await browser.get('/conditional')
      expect(page.status).toBe(200)
      expect(JSON.parse(page.body).messages.map((m: { text: string }) => m.text)).toEqual([
        'kept through 304',
      ])
      expect(await browser.texts()).toEqual([])
    })
  })

  it("a page that displayed the messages and then threw consumed them (Django's rule); notDisplayed on status 500 keeps them", async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('success', ['shown before the failure'])
      expect((await browser.get('/show-then-throw')).status).toBe(500)
      expect(await browser.texts()).toEqual([])
    })
    // The exchange reads the status the framework's error path sends, on every adapter.
    const keepOnFailure = {
      ...spec,
      flash: { ...spec.flash, notDisplayed: (x: FlashExchange) => x.status >= 500 },
    }
    await withApp(harness, keepOnFailure, async (browser) => {
      await browser.add('success', ['shown before the failure'])
      expect((await browser.get('/show-then-throw')).status).toBe(500)
      expect(await browser.texts()).toEqual(['shown before the failure'])
      expect(await browser.texts()).toEqual([])
    })
  })

  it('a message added by a 204 response that iterated the messages is stored with the old ones', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('info', ['old'])
      expect((await browser.post(respondPath(204), { messages: ['new'] })).status).toBe(204)
      expect(await browser.texts()).toEqual(['old', 'new'])
    })
  })

  it('notDisplayed extends the list: a request it names keeps the messages', async () => {
    const flash = {
      ...spec.flash,
      notDisplayed: (x: { requestHeader(n: string): string | undefined }) =>
        x.requestHeader('X-Probe') === '1',
    }
    await withApp(harness, { ...spec, flash }, async (browser) => {
      await browser.add('info', ['kept through the probe'])
      await browser.send('/show', { headers: { 'X-Probe': '1' } })
      expect(await browser.texts()).toEqual(['kept through the probe'])
      expect(await browser.texts()).toEqual([])
    })
  })

  it('a response that displayed messages is Cache-Control: no-store; one that displayed none gets nothing', async () => {
    await withApp(harness, spec, async (browser) => {
      expect((await browser.get('/show')).header('cache-control')).toBeUndefined()
      expect((await browser.get('/untouched')).header('cache-control')).toBeUndefined()
      await browser.add('info', ['shown'])
      expect((await browser.get('/show')).header('cache-control')).toBe('no-store')
    })
  })

  it("no-store is added to the app's private and no-cache", async () => {
    await withApp(harness, spec, async (browser, app) => {
      await browser.add('info', ['shown'])
      const page = await browser.get(respondPath(200, { 'Cache-Control': 'private, no-cache' }))
      expect(page.header('cache-control')).toBe('private, no-cache, no-store')
      expect(app.warnings()).toEqual([])
    })
  })

  it("the app's public and max-age are replaced, with one warning per route", async () => {
    await withApp(harness, spec, async (browser, app) => {
      for (const text of ['first', 'second']) {
        await browser.add('info', [text])
        const page = await browser.get(respondPath(200, { 'Cache-Control': 'public, max-age=600' }))
        expect(page.header('cache-control')).toBe('no-store')
      }
      expect(app.warnings()).toEqual([
        expect.stringMatching(
          /^@flash\/[a-z]+: the response to GET \/respond displayed messages but said "Cache-Control: public, max-age=600"; it was sent with "Cache-Control: no-store" so that no cache replays the messages\. Display messages on pages that are not cached, or pass noStore: false to manage Cache-Control yourself$/,
        ),
      ])
    })
  })

  it('a page no route matched: one warning for every such path, whatever paths a client makes up', async () => {
    await withApp(harness, spec, async (browser, app) => {
      for (const path of ['/unrouted/a', `/unrouted/${'b'.repeat(2000)}`, '/unrouted/c?x=1']) {
        await browser.add('info', ['shown'])
        const page = await browser.get(path)
        expect(page.status).toBe(200)
        expect(page.header('cache-control')).toBe('no-store')
      }
      // Hono names the pattern of the route that answered (`/unrouted/*`); the others matched none.
      expect(app.warnings()).toEqual([
        expect.stringMatching(
          /^@flash\/[a-z]+: the response to GET (\(a path without a matched route\)|\/unrouted\/\*) displayed messages but said "Cache-Control: public, max-age=600"/,
        ),
      ])
    })
  })

  it('noStore: false leaves Cache-Control to the app', async () => {
    await withApp(harness, { ...spec, flash: { ...spec.flash, noStore: false } }, async (browser, app) => {
      await browser.add('info', ['shown'])
      expect((await browser.get('/show')).header('cache-control')).toBeUndefined()
      await browser.add('info', ['shown'])
      const page = await browser.get(respondPath(200, { 'Cache-Control': 'public, max-age=600' }))
      expect(page.header('cache-control')).toBe('public, max-age=600')
      expect(app.warnings()).toEqual([])
    })
  })
}
