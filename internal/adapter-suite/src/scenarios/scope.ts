/**
 * @module
 * `scope: 'redirect'` (issue 16): the message goes to the tab that caused it. One cookie jar
 * plays two tabs of one browser: tab A submits, tab B loads a page in between, and each sees only
 * what is its own; chains, cross-origin redirects, the `scopeSeconds` expiry on a frozen clock.
 */
import { CLEAN_URL_SCRIPT } from '@flash/core'
import { expect, it } from 'vitest'
import type { Browser } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import { randomTexts } from '../fixtures.js'
import type { AdapterHarness, SuiteResponse } from '../harness.js'

const ID = /[?&]_flash=([A-Za-z0-9_-]{16})(?:&|#|$)/

/** Tab A's form: POST the texts, answered 303 to `to` (its Location is returned). */
async function submit(browser: Browser, texts: string[], to = '/show'): Promise<string> {
  const response = await browser.post(`/add-redirect/info?to=${encodeURIComponent(to)}`, { messages: texts })
  expect(response.status).toBe(303)
  return response.header('location')!
}

function idOf(location: string): string {
  const match = ID.exec(location)
  expect(match, `no _flash=<id> in ${location}`).not.toBeNull()
  return match![1]!
}

async function follow(browser: Browser, location: string): Promise<SuiteResponse> {
  return browser.get(location)
}

export function scopeScenarios(harness: AdapterHarness, spec: AppSpec): void {
  const scoped: AppSpec = { ...spec, flash: { ...spec.flash, scope: 'redirect' } }

  it('tab A gets a 303 with _flash; tab B sees nothing of it; tab A follows and sees it once', async () => {
    await withApp(harness, scoped, async (browser) => {
      const location = await submit(browser, ['Comment saved.'])
      const id = idOf(location)
      expect(location).toBe(`/show?_flash=${id}`)
      expect(await browser.texts('/show')).toEqual([])
      expect(await browser.texts(location)).toEqual(['Comment saved.'])
      expect(await browser.texts(location)).toEqual([])
      expect(await browser.texts('/show')).toEqual([])
    })
  })

  it('two tabs submit one after the other; each sees only its own, whichever comes first', async () => {
    await withApp(harness, scoped, async (browser) => {
      const a = await submit(browser, ['from A'])
      const b = await submit(browser, ['from B 1', 'from B 2'])
      expect(idOf(a)).not.toBe(idOf(b))
      expect(await browser.texts(b)).toEqual(['from B 1', 'from B 2'])
      expect(await browser.texts(a)).toEqual(['from A'])
      expect(await browser.texts('/show')).toEqual([])
    })
  })

  it('a request with _flash shows its own and the unbound ones; another id shows only unbound ones', async () => {
    await withApp(harness, scoped, async (browser) => {
      // Unbound: added by a request that does not redirect.
      expect((await browser.post('/read-then-add')).status).toBe(200)
      const location = await submit(browser, ['bound'])
      expect(await browser.texts('/show?_flash=AAAAAAAAAAAAAAAA')).toEqual(['added after read'])
      expect(await browser.texts(location)).toEqual(['bound'])
    })
  })

  it('the Location keeps its query and fragment', async () => {
    await withApp(harness, scoped, async (browser) => {
      const location = await submit(browser, ['kept'], '/show?page=2&q=a%20b#comment-4')
      expect(location).toBe(`/show?page=2&q=a%20b&_flash=${idOf(location)}#comment-4`)
      expect(await browser.texts(location.slice(0, location.indexOf('#')))).toEqual(['kept'])
    })
  })

  it('a redirect chain carries the same id to the page that shows the message', async () => {
    await withApp(harness, scoped, async (browser) => {
      const first = await submit(browser, ['through the chain'], '/redirect?to=%2Fshow')
      const id = idOf(first)
      const hop = await follow(browser, first)
      expect(hop.status).toBe(302)
      expect(hop.header('location')).toBe(`/show?_flash=${id}`)
      expect(await browser.texts('/show')).toEqual([])
      expect(await browser.texts(hop.header('location'))).toEqual(['through the chain'])
    })
  })

  it('a cross-origin Location is never rewritten; its message is unbound, for the next page of any tab', async () => {
    await withApp(harness, scoped, async (browser) => {
      for (const to of ['https://elsewhere.example/done?x=1', '//elsewhere.example/done']) {
        expect(await submit(browser, [`to ${to}`], to)).toBe(to)
        expect(await browser.texts('/show')).toEqual([`to ${to}`])
      }
    })
  })

  it('messages of a request that does not redirect are unbound', async () => {
    await withApp(harness, scoped, async (browser) => {
      const response = await browser.post('/read-then-add')
      expect(response.header('location')).toBeUndefined()
      expect(await browser.texts('/show')).toEqual(['added after read'])
    })
  })

  it('a bound message nobody came for within scopeSeconds is shown by the next page of any tab', async () => {
    let now = 1_800_000_000
    const clock = () => now
    await withApp(
      harness,
      { ...scoped, flash: { ...scoped.flash, clock, scopeSeconds: 30 } },
      async (browser) => {
        await submit(browser, ['waited'])
        now += 29
        expect(await browser.texts('/show')).toEqual([])
        now += 1
        expect(await browser.texts('/show')).toEqual(['waited'])
        expect(await browser.texts('/show')).toEqual([])
      },
    )
  })

  it('a page of another tab leaves the bound messages untouched: no Set-Cookie, no session write', async () => {
    await withApp(harness, scoped, async (browser, app) => {
      await submit(browser, ['untouched'])
      const writes = app.sessionWrites()
      const other = await browser.get('/show')
      expect(other.setCookies.filter((c) => c.startsWith('messages='))).toEqual([])
      expect(app.sessionWrites()).toBe(writes)
    })
  })

  // The limit of session-backed storages counts messages: each tab's marker is not one.
  if (spec.flash?.storage === undefined && spec.storage !== 'cookie') {
    it('maxSessionMessages counts messages, not the tabs they are bound to', async () => {
      const limited = { ...scoped, flash: { ...scoped.flash, maxSessionMessages: 3 } }
      await withApp(harness, limited, async (browser, app) => {
        const tabs = []
        for (const text of ['tab 1', 'tab 2', 'tab 3']) tabs.push(await submit(browser, [text]))
        expect(app.warnings()).toEqual([])
        tabs.push(await submit(browser, ['tab 4']))
        expect(app.warnings()).toHaveLength(1)
        expect(app.warnings()[0]).toContain('1 message could not be stored')
        expect(app.warnings()[0]).toContain('"tab 1"')
        expect(await browser.texts(tabs[0]!)).toEqual([])
        expect(await browser.texts(tabs[3]!)).toEqual(['tab 4'])
        expect(await browser.texts(tabs[1]!)).toEqual(['tab 2'])
        expect(await browser.texts(tabs[2]!)).toEqual(['tab 3'])
      })
    })
  }

  // The cookie storage drops the oldest, the tab's marker first: the messages it keeps must stay bound.
  if (spec.flash?.storage === undefined && spec.storage === 'cookie') {
    it("a full cookie keeps the newest of a redirect's messages, still bound to its tab", async () => {
      const texts = randomTexts(6, 600, 16)
      await withApp(harness, scoped, async (browser, app) => {
        const location = await submit(browser, texts)
        expect(app.warnings()).toHaveLength(1)
        expect(app.warnings()[0]).toContain('could not be stored')
        expect(await browser.texts('/show')).toEqual([])
        const shown = await browser.texts(location)
        expect(shown.length).toBeGreaterThan(0)
        expect(shown).toEqual(texts.slice(texts.length - shown.length))
        expect(await browser.texts(location)).toEqual([])
      })
    })
  }

  it('an htmx response that navigates with HX-Redirect or HX-Location binds its messages to the URL it sends the browser to', async () => {
    const navigates = (headers: Record<string, string>) =>
      `/respond?read=none&headers=${encodeURIComponent(JSON.stringify(headers))}`
    const htmx = { 'HX-Request': 'true' }
    await withApp(harness, scoped, async (browser) => {
      const redirect = await browser.send(navigates({ 'HX-Redirect': '/show?sort=new' }), {
        method: 'POST',
        headers: htmx,
        body: { messages: ['by HX-Redirect'] },
      })
      const redirectUrl = redirect.header('hx-redirect')!
      expect(redirectUrl).toBe(`/show?sort=new&_flash=${idOf(redirectUrl)}`)
      const location = await browser.send(navigates({ 'HX-Location': '{"path":"/show","target":"#main"}' }), {
        method: 'POST',
        headers: htmx,
        body: { messages: ['by HX-Location'] },
      })
      const spec = JSON.parse(location.header('hx-location')!)
      expect(spec).toEqual({ path: `/show?_flash=${idOf(spec.path)}`, target: '#main' })
      const plain = await browser.send(navigates({ 'HX-Location': '/show' }), {
        method: 'POST',
        headers: htmx,
        body: { messages: ['by a plain HX-Location'] },
      })
      const plainPath = plain.header('hx-location')!
      expect(await browser.texts('/show')).toEqual([])
      expect(await browser.texts(plainPath)).toEqual(['by a plain HX-Location'])
      expect(await browser.texts(spec.path)).toEqual(['by HX-Location'])
      expect(await browser.texts(redirectUrl)).toEqual(['by HX-Redirect'])
      // Another origin, or a request that is not htmx's: left alone, unbound.
      const elsewhere = await browser.send(navigates({ 'HX-Redirect': 'https://elsewhere.example/' }), {
        method: 'POST',
        headers: htmx,
        body: { messages: ['unbound'] },
      })
      expect(elsewhere.header('hx-redirect')).toBe('https://elsewhere.example/')
      expect(await browser.texts('/show')).toEqual(['unbound'])
    })
  })

  it("htmx: messages too long for the HX-Trigger of their own tab's request go to its next page, unbound", async () => {
    const long = ['a'.repeat(900), 'b'.repeat(900), 'c'.repeat(900)]
    const htmxScoped = { ...scoped, flash: { ...scoped.flash, htmx: true } }
    await withApp(harness, htmxScoped, async (browser) => {
      const headers = encodeURIComponent(JSON.stringify({ 'HX-Location': '/respond?read=none' }))
      const post = await browser.send(`/respond?read=none&headers=${headers}`, {
        method: 'POST',
        headers: { 'HX-Request': 'true' },
        body: { messages: long },
      })
      const path = post.header('hx-location')!
      expect(path).toBe(`/respond?read=none&_flash=${idOf(path)}`)
      const fragment = await browser.send(path, { headers: { 'HX-Request': 'true' } })
      expect(fragment.header('hx-trigger')).toBeUndefined()
      expect(await browser.texts('/show')).toEqual(long)
      expect(await browser.texts('/show')).toEqual([])
    })
  })

  it('serves the script that removes _flash from the address bar', async () => {
    await withApp(harness, scoped, async (browser) => {
      const response = await browser.get('/_flash/clean-url.js')
      expect(response.status).toBe(200)
      expect(response.header('content-type')).toBe('text/javascript; charset=utf-8')
      expect(response.body).toBe(CLEAN_URL_SCRIPT)
    })
  })

  it("scope: 'none' (the default) leaves the Location alone and shows the message to any tab", async () => {
    await withApp(harness, spec, async (browser) => {
      expect(await submit(browser, ['anywhere'])).toBe('/show')
      expect(await browser.texts('/show')).toEqual(['anywhere'])
      expect((await browser.get('/_flash/clean-url.js')).status).toBe(404)
    })
  })
}
