/**
 * @module
 * The htmx and Turbo pages of every demo in real Chromium, with the real libraries (htmx 4, the
 * current major, and htmx 2, the previous; Turbo 8): where a message goes when the response is a
 * fragment, a client-side redirect or a Turbo Stream, and that it is shown once.
 */
import { existsSync } from 'node:fs'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { CHROMIUM_PATH, LAUNCH_ARGS, switchScope, watchFavicon } from './browser-suite.js'
import { type DemoHarness, startWithLogs } from './harness.js'
import { LIVE_TEXTS } from './live-pages.js'
import { HTMX_MAJORS } from './vendor.js'

/** Declare the htmx and Turbo browser tests for one demo app (skipped without Chromium). */
export function runLiveBrowserSuite(harness: DemoHarness): void {
  const title = `htmx and Turbo in Chromium: ${harness.name}`
  if (!existsSync(CHROMIUM_PATH) && process.env['CI'] !== 'true') {
    describe.skip(title, () => test('Chromium missing', () => {}))
    return
  }
  describe(title, () => {
    let demo: Awaited<ReturnType<typeof startWithLogs>>
    let browser: Browser
    beforeAll(async () => {
      ;[demo, browser] = await Promise.all([
        startWithLogs(harness),
        chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS }),
      ])
    })
    afterAll(async () => {
      await Promise.all([browser?.close(), demo?.close()])
    })

    /** A fresh context (its own cookies); only the app is reachable, so nothing comes from a CDN. */
    async function withPage(use: (page: Page) => Promise<void>): Promise<void> {
      const context = await browser.newContext({ baseURL: demo.url })
      const host = new URL(demo.url).host
      await context.route('**/*', (route) =>
        new URL(route.request().url()).host === host ? route.continue() : route.abort(),
      )
      try {
        const page = await context.newPage()
        const errors: string[] = []
        // Turbo 8 leaves the rejection of a fetch it cancels itself (a hover prefetch or a visit
        // cut short by a quick navigation) unhandled: an AbortError, the page's own doing, not an app
        // error. It came up now and then in the Back-and-forth test.
        page.on('pageerror', (error) => {
          if (error.name !== 'AbortError' && !error.message.startsWith('signal is aborted'))
            errors.push(error.message)
        })
        // A failed load (a 404 for /favicon.ico among them) is logged as a console error.
        page.on('console', (message) => {
          if (message.type() === 'error') errors.push(`${message.text()} (${message.location().url})`)
        })
        const favicon = watchFavicon(page)
        await use(page)
        expect(errors).toEqual([])
        await favicon.check()
      } finally {
        await context.close()
      }
    }

    /**
     * Leave `/turbo` by a Turbo Drive link, then press Back once the other page is shown (Turbo
     * has cached its snapshot of `/turbo` by then), and wait until the snapshot is rendered.
     */
    async function awayAndBack(page: Page): Promise<void> {
      await page.click('#elsewhere')
      await page.getByText('Back to Turbo').waitFor()
      await page.goBack()
      await page.waitForURL((url) => url.pathname === '/turbo')
      await page.locator('form[action="/turbo/stream"]').waitFor()
    }

    const toasts = (page: Page) => page.locator('#toasts li').allTextContents()
    const listed = (page: Page) => page.locator('ul.messages li').allTextContents()

    for (const major of HTMX_MAJORS) {
      test(`htmx ${major}: an hx-post that redirects shows its toast`, async () => {
        await withPage(async (page) => {
          await page.goto(`/htmx?v=${major}`)
          await page.click('form[hx-post^="/htmx/save"] button')
          await expect.poll(() => toasts(page)).toEqual([LIVE_TEXTS.saved])
          expect(await page.locator('#result p.result').count()).toBe(1)
          expect(await page.locator('#toasts li').getAttribute('class')).toBe('success')
          await page.reload()
          expect(await listed(page)).toEqual([])
        })
      })

      test(`htmx ${major}: a fragment without a message list shows a toast; the message is gone on reload`, async () => {
        await withPage(async (page) => {
          await page.goto(`/htmx?v=${major}`)
          await page.click('form[hx-post^="/htmx/update"] button')
          await expect.poll(() => toasts(page)).toEqual([LIVE_TEXTS.updated])
          expect(await page.locator('#result').textContent()).toBe('Updated.')
          await page.reload()
          expect(await listed(page)).toEqual([])
          expect(await toasts(page)).toEqual([])
        })
      })

      test(`htmx ${major}: a boosted form lists the message; Back after a boosted visit does not list it again`, async () => {
        await withPage(async (page) => {
          await page.goto(`/htmx?v=${major}`)
          await page.click('form[action^="/htmx/boosted"] button')
          await expect.poll(() => listed(page)).toEqual([LIVE_TEXTS.boosted])
          await page.click('#away')
          await expect.poll(() => page.locator('#back-to-htmx').count()).toBe(1)
          await page.goBack()
          await page.waitForURL((url) => url.pathname === '/htmx')
          // htmx restores after the URL changed: wait for the page itself, then look.
          await expect.poll(() => page.locator('form[action^="/htmx/boosted"]').count()).toBe(1)
          expect(await listed(page)).toEqual([])
          expect(await toasts(page)).toEqual([])
        })
      })

      test(`htmx ${major}: HX-Redirect keeps the message for the next page`, async () => {
        await withPage(async (page) => {
          await page.goto(`/htmx?v=${major}`)
          await Promise.all([page.waitForNavigation(), page.click('form[hx-post^="/htmx/leave"] button')])
          expect(await listed(page)).toEqual([LIVE_TEXTS.moved])
          expect(await toasts(page)).toEqual([])
          await page.reload()
          expect(await listed(page)).toEqual([])
        })
      })
    }

    test('Turbo: form POST -> redirect shows the message once; the back button does not show it again', async () => {
      await withPage(async (page) => {
        await page.goto('/turbo')
        await page.click('form[action="/turbo/save"] button')
        await expect.poll(() => listed(page)).toEqual([LIVE_TEXTS.turboSaved])
        // A Turbo Drive visit away, then back: Turbo restores its snapshot, without the temporary list.
        await page.click('#elsewhere')
        await page.waitForURL('**/turbo/elsewhere')
        expect(await listed(page)).toEqual([])
        await page.goBack()
        await page.waitForURL((url) => url.pathname === '/turbo')
        // Turbo renders its snapshot after the URL changed: wait for the page, then look.
        await expect.poll(() => page.locator('form[action="/turbo/save"]').count()).toBe(1)
        expect(await listed(page)).toEqual([])
        await page.reload()
        expect(await listed(page)).toEqual([])
      })
    })

    test('Turbo: after Back, a Turbo Stream form response still shows its message, once', async () => {
      await withPage(async (page) => {
        await page.goto('/turbo')
        await awayAndBack(page)
        // The page is Turbo's snapshot now: the stream needs its target list in it.
        await page.click('form[action="/turbo/stream"] button')
        await expect.poll(() => listed(page)).toEqual([LIVE_TEXTS.streamed])
        await awayAndBack(page)
        expect(await listed(page)).toEqual([])
      })
    })

    test("Turbo, scope 'redirect': the redirect shows the message and _flash leaves the address bar", async () => {
      await withPage(async (page) => {
        await page.goto('/playground')
        await switchScope(page, 'redirect')
        await page.goto('/turbo')
        const redirected = page.waitForRequest((r) => new URL(r.url()).searchParams.has('_flash'))
        await page.click('form[action="/turbo/save"] button')
        expect(new URL((await redirected).url()).pathname).toBe('/turbo')
        await expect.poll(() => listed(page)).toEqual([LIVE_TEXTS.turboSaved])
        await expect.poll(() => new URL(page.url()).search).toBe('')
        expect(new URL(page.url()).pathname).toBe('/turbo')
        await page.reload()
        expect(await listed(page)).toEqual([])
      })
    })

    test('Turbo: a Turbo Stream form response shows the message, once', async () => {
      await withPage(async (page) => {
        await page.goto('/turbo')
        const response = page.waitForResponse((r) => r.url().endsWith('/turbo/stream'))
        await page.click('form[action="/turbo/stream"] button')
        expect(
          (await (await response).headerValue('content-type'))?.startsWith('text/vnd.turbo-stream.html'),
        ).toBe(true)
        await expect.poll(() => listed(page)).toEqual([LIVE_TEXTS.streamed])
        expect(new URL(page.url()).pathname).toBe('/turbo')
        await page.reload()
        expect(await listed(page)).toEqual([])
      })
    })
  })
}
