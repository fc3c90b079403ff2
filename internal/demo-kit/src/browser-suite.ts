/**
 * @module
 * The demos' browser tests, written once: each app's `test/browser.test.ts` calls
 * {@link runBrowserSuite}. One Chromium per test file, a fresh browser context (cookie jar) per
 * test, the app on a free port of 127.0.0.1; any other host is blocked.
 *
 * Without Chromium the suite is skipped with a loud warning, except under `CI=true`, where a
 * missing browser is a failure.
 */
import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type Browser, chromium, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type ForeignSite, forgeUrl, startForeignSite } from './foreign-site.js'
import { type DemoHarness, startWithLogs } from './harness.js'
import { DEMO_LEVELS } from './levels.js'
import { NOTES_LINK } from './playground.js'
import { decodePng, distinctColours } from './png.js'

/** Debian's Chromium; `CHROMIUM_PATH` overrides. */
export const CHROMIUM_PATH = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium'

/** How the suites launch Chromium. */
export const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/** One message as the page shows it (without the dismiss button). */
interface Shown {
  tags: string
  role: string | null
  text: string
}

/** Declare the browser tests for one demo app. */
export function runBrowserSuite(harness: DemoHarness): void {
  const title = `demo in Chromium: ${harness.name}`
  if (!existsSync(CHROMIUM_PATH)) {
    if (process.env['CI'] === 'true') {
      describe(title, () => {
        test('Chromium is installed', () => {
          throw new Error(
            `CI=true and no Chromium at ${CHROMIUM_PATH}: install it (apt-get install -y chromium)`,
          )
        })
      })
      return
    }
    console.warn(
      `\n${'!'.repeat(78)}\n!!! SKIPPING the ${harness.name} demo's browser tests: no Chromium at ${CHROMIUM_PATH}.\n` +
        `!!! Install it (apt-get install -y chromium) or set CHROMIUM_PATH. Under CI=true this fails.\n${'!'.repeat(78)}\n`,
    )
    describe.skip(title, () => {
      test('browser tests (Chromium missing)', () => {})
    })
    return
  }

  describe(title, () => {
    let demo: Awaited<ReturnType<typeof startWithLogs>>
    let browser: Browser
    let foreign: ForeignSite
    beforeAll(async () => {
      ;[demo, browser, foreign] = await Promise.all([
        startWithLogs(harness),
        chromium.launch({ executablePath: CHROMIUM_PATH, args: LAUNCH_ARGS }),
        startForeignSite(),
      ])
    })
    afterAll(async () => {
      await Promise.all([browser?.close(), demo?.close(), foreign?.close()])
    })

    /** A fresh context (its own cookies) with one page; only the app and the foreign site are reachable. */
    async function withPage(use: (page: Page) => Promise<void>): Promise<void> {
      const context = await browser.newContext({ baseURL: demo.url, viewport: { width: 1000, height: 900 } })
      const hosts = new Set([demo.url, ...foreign.origins].map((url) => new URL(url).host))
      await context.route('**/*', (route) =>
        hosts.has(new URL(route.request().url()).host) ? route.continue() : route.abort(),
      )
      try {
        const page = await context.newPage()
        const favicon = watchFavicon(page)
        await use(page)
        await favicon.check()
      } finally {
        await context.close()
      }
    }

    test('create a note: the success message appears once, not after reload nor on back', async () => {
      await withPage(async (page) => {
        await page.goto('/')
        expect(await createNote(page, 'Groceries')).toEqual({ post: 303, page: 200 })
        expect(await shown(page)).toEqual([
          { tags: 'success', role: 'status', text: '“Groceries” was created.' },
        ])
        expect(await page.locator('ul.notes li span').first().textContent()).toBe('Groceries')
        // Dismissing removes the list.
        await page.click('ul.messages li .dismiss')
        expect(await page.locator('ul.messages').count()).toBe(0)
        await page.reload()
        expect(await shown(page)).toEqual([])

        await createNote(page, 'Errands')
        expect(await shown(page)).toEqual([
          { tags: 'success', role: 'status', text: '“Errands” was created.' },
        ])
        await Promise.all([page.waitForNavigation(), page.click('header nav a[href="/playground"]')])
        await page.goBack()
        expect(new URL(page.url()).pathname).toBe('/')
        expect(await page.locator('ul.notes li span').first().textContent()).toBe('Errands')
        expect(await shown(page)).toEqual([])
      })
    })

    for (const scope of ['none', 'redirect'] as const) {
      test(`scope ${scope}: tab A submits, tab B loads a page before A's redirect arrives`, async () => {
        await withPage(async (tabA) => {
          await tabA.goto('/playground')
          await switchScope(tabA, scope)
          const tabB = await tabA.context().newPage()
          await tabB.goto('/playground')
          // Tab A's POST reaches the server and its response (with the message cookie) the browser,
          // but the redirect is answered only after tab B loaded a page: the race users report.
          let release!: () => void
          const released = new Promise<void>((resolve) => {
            release = resolve
          })
          let answered!: (status: number) => void
          const posted = new Promise<number>((resolve) => {
            answered = resolve
          })
          await tabA.route(
            (url) => url.pathname === '/playground',
            async (route) => {
              if (route.request().method() !== 'POST') return route.continue()
              const response = await route.fetch({ maxRedirects: 0 })
              answered(response.status())
              await released
              // route.fetch() stored its cookies in the context already; sending them again would
              // bring back a cookie tab B's page has since replaced.
              const headers = response.headers()
              delete headers['set-cookie']
              await route.fulfill({ response, headers })
            },
          )
          await tabA.fill('#text', 'From tab A')
          const arrived = Promise.all([tabA.waitForNavigation(), tabA.click('#add')])
          expect(await posted).toBe(303)
          await tabB.reload()
          const inB = await shown(tabB)
          release()
          await arrived
          const inA = await shown(tabA)
          if (scope === 'none') {
            // Django's behaviour: whichever tab loads next shows it.
            expect(inB.map((m) => m.text)).toEqual(['From tab A'])
            expect(inA).toEqual([])
            return
          }
          expect(inB).toEqual([])
          expect(inA.map((m) => m.text)).toEqual(['From tab A'])
          // The address bar loses _flash once the page loaded; the rest of the URL stays.
          await tabA.waitForFunction(() => !window.location.search.includes('_flash'))
          expect(new URL(tabA.url()).pathname).toBe('/playground')
          expect(new URL(tabA.url()).search).toBe('')
          await tabA.reload()
          expect(await shown(tabA)).toEqual([])
          await tabB.reload()
          expect(await shown(tabB)).toEqual([])
        })
      })
    }

    test('two POSTs before one GET: both messages, in order', async () => {
      await withPage(async (page) => {
        await page.goto('/')
        const kinds = await page.evaluate(async () => {
          const types: string[] = []
          for (const title of ['First', 'Second']) {
            // The page's own form, with its hidden fields (the CSRF token where the demo has one).
            const form = document.querySelector<HTMLFormElement>('form[action="/notes"]')!
            const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>)
            body.set('title', title)
            types.push((await fetch('/notes', { method: 'POST', body, redirect: 'manual' })).type)
          }
          return types
        })
        expect(kinds).toEqual(['opaqueredirect', 'opaqueredirect'])
        await page.goto('/')
        expect(await shown(page)).toEqual([
          { tags: 'success', role: 'status', text: '“First” was created.' },
          { tags: 'success', role: 'status', text: '“Second” was created.' },
        ])
      })
    })

    test('validation error: shown with the form, status 422, not on the next page', async () => {
      await withPage(async (page) => {
        await page.goto('/')
        expect(await createNote(page, '   ')).toEqual({ post: 422, page: 422 })
        expect(await shown(page)).toEqual([{ tags: 'error', role: 'alert', text: 'A note needs a title.' }])
        expect(await page.getAttribute('#title', 'aria-invalid')).toBe('true')
        await Promise.all([page.waitForNavigation(), page.click('header nav a[href="/"]')])
        expect(await shown(page)).toEqual([])
      })
    })

    test('playground: each level has its own class, role, colour and icon', async () => {
      await withPage(async (page) => {
        await addEveryLevel(page)
        const list = await shown(page)
        expect(list.map((m) => m.tags)).toEqual(DEMO_LEVELS.map((l) => l.tag))
        expect(list.map((m) => m.role)).toEqual(['status', 'status', 'status', 'alert', 'alert', 'alert'])
        const styles = await page.$$eval('ul.messages > li', (items) =>
          items.map((li) => {
            const style = getComputedStyle(li)
            return {
              background: style.backgroundColor,
              border: style.borderLeftColor,
              icon: getComputedStyle(li, '::before').content,
            }
          }),
        )
        for (const key of ['background', 'border', 'icon'] as const) {
          expect(new Set(styles.map((s) => s[key])).size, key).toBe(DEMO_LEVELS.length)
        }
        expect(styles.map((s) => s.icon)).not.toContain('none')
      })
    })

    test('playground: 30 messages of 300 characters with fallback storage are all shown, in order', async () => {
      await withPage(async (page) => {
        const cookies = recordMessageCookies(page)
        await page.goto('/playground')
        await switchStorage(page, 'fallback')
        expect(await addFromForm(page, { text: 'Overflow', count: '30', length: '300' })).toBe(200)
        const texts = (await shown(page)).map((m) => m.text)
        expect(texts.map(order)).toEqual(range(1, 30))
        expect(texts.map((t) => t.length)).toEqual(Array(30).fill(300))
        const sizes = await cookies()
        expect(sizes.length).toBeGreaterThan(0)
        expect(Math.max(...sizes)).toBeLessThanOrEqual(2048)
        const inSession = Number(
          /^(\d+) messages?$/.exec((await page.textContent('#where-session')) ?? '')?.[1],
        )
        expect(inSession).toBeGreaterThan(0)
        expect(inSession).toBeLessThan(30)
        expect(await page.textContent('#where-cookie')).toMatch(/^\d+ of 2048 characters$/)
        expect(demo.logs.filter((l) => l.includes('could not be stored'))).toEqual([])
      })
    })

    test('playground: the same with cookie-only storage keeps the newest and logs the dropped', async () => {
      await withPage(async (page) => {
        const cookies = recordMessageCookies(page)
        await page.goto('/playground')
        await switchStorage(page, 'cookie')
        const before = demo.logs.length
        expect(await addFromForm(page, { text: 'Dropped', count: '30', length: '300' })).toBe(200)
        const kept = (await shown(page)).map((m) => order(m.text))
        expect(kept.length).toBeGreaterThan(0)
        expect(kept.length).toBeLessThan(30)
        expect(kept).toEqual(range(31 - kept.length, 30))
        expect(Math.max(...(await cookies()))).toBeLessThanOrEqual(2048)
        expect(await page.textContent('#where-session')).toBe('not used')
        const logged = demo.logs.slice(before).filter((l) => l.includes('could not be stored'))
        expect(logged).toHaveLength(1)
        expect(logged[0]).toContain(`${30 - kept.length} messages could not be stored`)
        expect(logged[0]).toContain('"Dropped (1/30) ')
      })
    })

    test('escaping: an <img onerror> renders as text, also before the server-written link', async () => {
      await withPage(async (page) => {
        const attack = '<img src=x onerror="window.__xss=1">'
        await page.goto('/playground')
        expect(await addFromForm(page, { text: attack, level: '20' })).toBe(200)
        expect(await shown(page)).toEqual([{ tags: 'info', role: 'status', text: attack }])
        expect(await page.locator('ul.messages img').count()).toBe(0)

        expect(await addFromForm(page, { text: attack, level: '20', link: true })).toBe(200)
        expect(await shown(page)).toEqual([
          { tags: 'info', role: 'status', text: `${attack} Back to your notes` },
        ])
        expect(await page.locator('ul.messages img').count()).toBe(0)
        expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined()
        const link = page.locator('ul.messages li a')
        expect([await link.getAttribute('href'), await link.textContent()]).toEqual([
          '/',
          'Back to your notes',
        ])
        expect(NOTES_LINK).toBe('<a href="/">Back to your notes</a>')
      })
    })

    test('CSRF: a form on another site plants no message and no note; the own forms still work', async () => {
      await withPage(async (page) => {
        const attack = '<img src=x onerror="window.__xss=1">'
        await page.goto('/playground') // a visitor of the demo, with its cookies
        for (const origin of foreign.origins) {
          // `trusted` is what the playground used to markSafe; `link` is its server-written link now.
          const playground = { level: '20', text: attack, trusted: 'on', link: 'on', count: '1' }
          expect([origin, await forge(page, forgeUrl(origin, `${demo.url}/playground`, playground))]).toEqual(
            [origin, 403],
          )
          expect([
            origin,
            await forge(page, forgeUrl(origin, `${demo.url}/notes`, { title: 'Planted' })),
          ]).toEqual([origin, 403])
        }
        await page.goto('/playground')
        expect(await shown(page)).toEqual([])
        expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined()
        await page.goto('/')
        expect(await page.locator('ul.notes li span', { hasText: 'Planted' }).count()).toBe(0)

        expect(await createNote(page, 'Mine')).toEqual({ post: 303, page: 200 })
        expect(await shown(page)).toEqual([{ tags: 'success', role: 'status', text: '“Mine” was created.' }])
        await page.goto('/playground')
        expect(await addFromForm(page, { text: 'Also mine', level: '20', link: true })).toBe(200)
        expect(await shown(page)).toEqual([
          { tags: 'info', role: 'status', text: 'Also mine Back to your notes' },
        ])
      })
    })

    test('screenshot of the playground with one message of every level (saved, not blank)', async () => {
      await withPage(async (page) => {
        await addEveryLevel(page)
        await mkdir(harness.artifactsDir, { recursive: true })
        const png = await page.screenshot({ fullPage: true })
        await writeFile(join(harness.artifactsDir, 'playground.png'), png)
        const pixels = decodePng(png)
        expect(pixels.width).toBe(1000)
        expect(distinctColours(pixels)).toBeGreaterThan(8)
        // Each message's left border is in the screenshot, in that level's colour.
        const borders = await page.$$eval('ul.messages > li', (items) =>
          items.map((li) => {
            const box = li.getBoundingClientRect()
            return {
              x: box.left + 3,
              y: box.top + window.scrollY + box.height / 2,
              colour: getComputedStyle(li).borderLeftColor,
            }
          }),
        )
        expect(borders).toHaveLength(DEMO_LEVELS.length)
        for (const border of borders) {
          expect(`rgb(${pixels.at(border.x, border.y).join(', ')})`).toBe(border.colour)
        }
      })
    })
  })
}

/** The messages on the page, in order. */
function shown(page: Page): Promise<Shown[]> {
  return page.$$eval('ul.messages > li', (items) =>
    items.map((li) => {
      const copy = li.cloneNode(true) as HTMLElement
      for (const button of copy.querySelectorAll('.dismiss')) button.remove()
      return { tags: li.className, role: li.getAttribute('role'), text: copy.textContent ?? '' }
    }),
  )
}

/** Submit the "New note" form: the status of the POST and of the page finally shown. */
async function createNote(page: Page, title: string): Promise<{ post: number; page: number }> {
  await page.fill('#title', title)
  const [response] = await Promise.all([page.waitForNavigation(), page.click('#create')])
  const redirect = await response!.request().redirectedFrom()?.response()
  return { post: (redirect ?? response)!.status(), page: response!.status() }
}

/**
 * Every page names its icon (`data:,`, none), so the browser asks for no /favicon.ico, which would
 * be a 404 in its console. Chromium asks for it late, after the load event, so a 404 may not be
 * seen before a test ends: `check()` also looks for the `<link rel="icon">` of the page shown last.
 */
export function watchFavicon(page: Page): { check(): Promise<void> } {
  const missing: string[] = []
  page.on('console', (message) => {
    if (message.location().url.endsWith('/favicon.ico')) missing.push(message.text())
  })
  return {
    async check() {
      const path = new URL(page.url()).pathname
      const icon = await page.evaluate(() => document.querySelector('link[rel="icon"]')?.getAttribute('href'))
      expect([path, icon, missing]).toEqual([path, 'data:,', []])
    },
  }
}

/** Open a page of the foreign site and submit its form: the status the demo answered the POST with. */
async function forge(page: Page, url: string): Promise<number> {
  await page.goto(url)
  const [response] = await Promise.all([page.waitForNavigation(), page.click('#forge')])
  const redirect = await response!.request().redirectedFrom()?.response()
  return (redirect ?? response)!.status()
}

/** Choose a scope with the playground's scope form. */
export async function switchScope(page: Page, scope: string): Promise<void> {
  await page.check(`input[name="scope"][value="${scope}"]`)
  await Promise.all([page.waitForNavigation(), page.click('#switch-scope')])
  expect(await page.textContent('#scope-name')).toBe(scope)
}

/** Choose a storage with the switcher form. */
async function switchStorage(page: Page, storage: string): Promise<void> {
  await page.check(`input[name="storage"][value="${storage}"]`)
  await Promise.all([page.waitForNavigation(), page.click('#switch')])
  expect(await page.textContent('#storage-name')).toBe(storage)
}

interface PlaygroundFill {
  text: string
  level?: string
  count?: string
  length?: string
  link?: boolean
  minLevel?: string
}

/** Fill and submit the playground form; the status of the page shown. */
async function addFromForm(page: Page, fill: PlaygroundFill): Promise<number> {
  await page.selectOption('#level', fill.level ?? '20')
  await page.fill('#text', fill.text)
  await page.fill('#count', fill.count ?? '1')
  await page.fill('#length', fill.length ?? '0')
  await page.setChecked('#link', fill.link ?? false)
  await page.selectOption('#minLevel', fill.minLevel ?? '')
  const [response] = await Promise.all([page.waitForNavigation(), page.click('#add')])
  return response!.status()
}

/** One message of every level, added by two POSTs... six, then shown on one page. */
async function addEveryLevel(page: Page): Promise<void> {
  await page.goto('/playground')
  const statuses = await page.evaluate(async (levels) => {
    const types: string[] = []
    const form = document.querySelector<HTMLFormElement>('form[action="/playground"]')!
    for (const level of levels) {
      const body = new URLSearchParams(new FormData(form) as unknown as Record<string, string>)
      body.set('level', String(level.value))
      body.set('text', `${level.name} message.`)
      body.set('minLevel', '10')
      types.push((await fetch('/playground', { method: 'POST', body, redirect: 'manual' })).type)
    }
    return types
  }, DEMO_LEVELS)
  expect(statuses).toEqual(DEMO_LEVELS.map(() => 'opaqueredirect'))
  await page.goto('/playground')
}

/** Record the length of every message cookie value the app sets; resolve them all at the end. */
function recordMessageCookies(page: Page): () => Promise<number[]> {
  const pending: Promise<number[]>[] = []
  page.on('response', (response) => {
    pending.push(
      response.headersArray().then((headers) =>
        headers
          .filter((h) => h.name.toLowerCase() === 'set-cookie' && h.value.startsWith('messages='))
          .map((h) => h.value.split(';')[0]!.length - 'messages='.length)
          .filter((length) => length > 0),
      ),
    )
  })
  return async () => (await Promise.all(pending)).flat()
}

/** `n` of a `"... (n/30) ..."` message. */
function order(text: string): number {
  return Number(/\((\d+)\/30\)/.exec(text)?.[1])
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i)
}
