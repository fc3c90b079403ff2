/**
 * @module
 * Every adapter reads the `Cookie` header as Django does (the core's `cookieFromHeader`), so an
 * app that shares the message cookie with Django sees what Django sees: of two `messages` pairs
 * the last wins, and a quoted value is unquoted.
 */
import { expect, it } from 'vitest'
import { type AppSpec, withApp } from '../context.js'
import type { AdapterHarness, StandardApp } from '../harness.js'

async function shownFor(app: StandardApp, cookie: string): Promise<string[]> {
  const response = await app.request('/show', { headers: { cookie } })
  expect(response.status, cookie).toBe(200)
  return (JSON.parse(response.body) as { messages: { text: string }[] }).messages.map((m) => m.text)
}

export function cookieHeaderScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('two message cookies in one header: the last wins, as in Django; a quoted one is unquoted', async () => {
    await withApp(harness, spec, async (browser, app) => {
      await browser.add('info', ['from the first cookie'])
      const first = browser.jar.get('messages')!
      await browser.texts()
      await browser.add('info', ['from the second cookie'])
      const second = browser.jar.get('messages')!
      expect(await shownFor(app, `messages=${first}; theme=dark; messages=${second}`)).toEqual([
        'from the second cookie',
      ])
      expect(await shownFor(app, `messages=${second}; messages=${first}`)).toEqual(['from the first cookie'])
      expect(await shownFor(app, `messages=${first}; messages=junk`)).toEqual([])
      expect(await shownFor(app, `messages="${first}"`)).toEqual(['from the first cookie'])
      expect(await shownFor(app, `messages="${first.replaceAll(':', '\\:')}"`)).toEqual([
        'from the first cookie',
      ])
      expect(await shownFor(app, ` messages = ${first} ;`)).toEqual(['from the first cookie'])
    })
  })
}
