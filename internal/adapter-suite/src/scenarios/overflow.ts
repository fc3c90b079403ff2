/**
 * @module
 * What happens when messages do not fit in the 2048-character cookie (Django's
 * test_max_cookie_length, test_session_fallback, test_session_fallback_only, test_no_fallback).
 */
import { expect, it } from 'vitest'
import { setCookiesNamed } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import { randomTexts } from '../fixtures.js'
import type { AdapterHarness } from '../harness.js'

const FIVE_LONG = randomTexts(5, 406)

export function overflowScenarios(harness: AdapterHarness, spec: AppSpec): void {
  if (spec.storage === 'fallback') {
    it('test_session_fallback: what does not fit goes to the session; the next page shows all five in order', async () => {
      await withApp(harness, spec, async (browser, app) => {
        const writesBefore = app.sessionWrites()
        const response = await browser.add('info', FIVE_LONG)
        const [cookie] = setCookiesNamed(response, 'messages')
        expect(cookie?.value.length).toBeLessThanOrEqual(2048)
        expect(app.sessionWrites()).toBeGreaterThan(writesBefore)
        expect(await browser.texts()).toEqual(FIVE_LONG)
        expect(await browser.texts()).toEqual([])
        expect(app.warnings()).toEqual([])
      })
    })

    it('test_session_fallback_only: a message larger than the cookie lives in the session alone', async () => {
      await withApp(harness, spec, async (browser) => {
        const [huge] = randomTexts(1, 5000)
        await browser.add('info', [huge!])
        expect(await browser.texts()).toEqual([huge])
      })
    })

    it('test_no_fallback: when everything fits in the cookie the session is never written', async () => {
      await withApp(harness, spec, async (browser, app) => {
        const writesBefore = app.sessionWrites()
        await browser.add(
          'info',
          ['0', '1', '2', '3', '4'].map((d) => d.repeat(100)),
        )
        expect(app.sessionWrites()).toBe(writesBefore)
        expect(await browser.texts()).toEqual(['0', '1', '2', '3', '4'].map((d) => d.repeat(100)))
      })
    })

    it('fallback without a session keeps the oldest in the cookie and reports the rest', async () => {
      await withApp(harness, { ...spec, session: false }, async (browser, app) => {
        await browser.add('info', FIVE_LONG)
        expect(await browser.texts()).toEqual(FIVE_LONG.slice(0, 4))
        expect(app.warnings()).toHaveLength(1)
        expect(app.warnings()[0]).toContain('1 message could not be stored')
        expect(app.warnings()[0]).toContain(FIVE_LONG[4]!.slice(0, 40))
      })
    })
  }

  if (spec.storage === 'cookie') {
    it('test_max_cookie_length: cookie storage keeps the newest that fit and reports the oldest', async () => {
      await withApp(harness, spec, async (browser, app) => {
        const response = await browser.add('info', FIVE_LONG)
        const [cookie] = setCookiesNamed(response, 'messages')
        expect(cookie?.value.length).toBeLessThanOrEqual(2048)
        expect(await browser.texts()).toEqual(FIVE_LONG.slice(1))
        expect(app.warnings()).toHaveLength(1)
        expect(app.warnings()[0]).toContain('1 message could not be stored')
        expect(app.warnings()[0]).toContain(FIVE_LONG[0]!.slice(0, 40))
      })
    })
  }

  if (spec.storage === 'session') {
    it('session storage has no size limit and sets no message cookie', async () => {
      await withApp(harness, spec, async (browser) => {
        const response = await browser.add('info', FIVE_LONG)
        expect(setCookiesNamed(response, 'messages')).toEqual([])
        expect(await browser.texts()).toEqual(FIVE_LONG)
      })
    })
  }
}
