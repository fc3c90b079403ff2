/**
 * @module
 * Routes the flash middleware does not run on (Django's test_middleware_disabled and
 * test_middleware_disabled_fail_silently).
 */
import { expect, it } from 'vitest'
import { type AppSpec, withApp } from '../context.js'
import { FIVE_TEXTS, LEVEL_NAMES } from '../fixtures.js'
import type { AdapterHarness } from '../harness.js'

export function missingMiddlewareScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('test_middleware_disabled: adding without the middleware is a MessageFailure (500)', async () => {
    await withApp(harness, spec, async (browser) => {
      for (const name of LEVEL_NAMES) {
        const response = await browser.post(`/bare/add/${name}`, { messages: FIVE_TEXTS })
        expect(response.status).toBe(500)
      }
    })
  })

  it('test_middleware_disabled_fail_silently: failSilently adds nothing and does not throw', async () => {
    await withApp(harness, spec, async (browser) => {
      for (const name of LEVEL_NAMES) {
        const response = await browser.post(`/bare/add/${name}`, { messages: FIVE_TEXTS, failSilently: true })
        expect(response.status).toBe(302)
        expect(response.header('location')).toBe('/bare/show')
      }
      const shown = await browser.get('/bare/show')
      expect(shown.status).toBe(200)
      expect(JSON.parse(shown.body)).toEqual({ messages: [], level: 20, setLevel: false })
      expect(shown.setCookies).toEqual([])
    })
  })
}
