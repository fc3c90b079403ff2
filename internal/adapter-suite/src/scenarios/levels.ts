/**
 * @module
 * Minimum levels (default, low, high, per request, reset) and per-configuration tags
 * (Django's test_default_level ... test_custom_tags), through real requests.
 */
import { expect, it } from 'vitest'
import type { Browser } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import { DJANGO_LEVEL_MESSAGES } from '../fixtures.js'
import type { AdapterHarness } from '../harness.js'

/** POST Django's six helper messages, one request each, through `prefix` (e.g. `/add` or `/level/30/add`). */
async function addLevelMessages(browser: Browser, prefix = '/add'): Promise<void> {
  for (const [level, text, extraTags] of DJANGO_LEVEL_MESSAGES) {
    const response = await browser.post(`${prefix}/${level}`, { messages: [text], extraTags })
    expect(response.status).toBe(302)
  }
}

export function levelScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('test_default_level: INFO by default, DEBUG is not recorded', async () => {
    await withApp(harness, spec, async (browser) => {
      expect(JSON.parse((await browser.get('/level')).body)).toEqual({ level: 20 })
      await addLevelMessages(browser)
      expect(await browser.texts()).toEqual([
        'A generic info message',
        'Some custom level',
        'A warning',
        'An error',
        'This was a triumph.',
      ])
    })
  })

  it('test_low_level: a configured level of 5 records all six', async () => {
    await withApp(harness, { ...spec, flash: { level: 5 } }, async (browser) => {
      expect(JSON.parse((await browser.get('/level')).body)).toEqual({ level: 5 })
      await addLevelMessages(browser)
      expect((await browser.show()).map((m) => m.level)).toEqual([20, 29, 10, 30, 40, 25])
    })
  })

  it('test_high_level: setLevel(30) for the request records only WARNING and ERROR', async () => {
    await withApp(harness, spec, async (browser) => {
      await addLevelMessages(browser, '/level/30/add')
      expect(await browser.texts()).toEqual(['A warning', 'An error'])
    })
  })

  it('test_settings_level: a configured level of 29 records 29 and above', async () => {
    await withApp(harness, { ...spec, flash: { level: 29 } }, async (browser) => {
      await addLevelMessages(browser)
      expect((await browser.show()).map((m) => m.level)).toEqual([29, 30, 40])
    })
  })

  it('a per-request level applies to that request only; setLevel(null) restores the default', async () => {
    await withApp(harness, spec, async (browser) => {
      expect((await browser.post('/level/10/add/debug', { messages: ['kept debug'] })).status).toBe(302)
      expect((await browser.post('/add/debug', { messages: ['dropped debug'] })).status).toBe(302)
      expect(
        (await browser.post('/level/reset/add/debug', { messages: ['dropped after reset'] })).status,
      ).toBe(302)
      expect(await browser.texts()).toEqual(['kept debug'])
    })
  })

  it('test_tags and test_level_tag: extra tags first, then the level tag; unknown levels untagged', async () => {
    await withApp(harness, { ...spec, flash: { level: 0 } }, async (browser) => {
      await addLevelMessages(browser)
      const shown = await browser.show()
      expect(shown.map((m) => m.tags)).toEqual(['info', '', 'extra-tag debug', 'warning', 'error', 'success'])
    })
  })

  it('test_custom_tags: the tags option is merged over the defaults', async () => {
    const tags = { 20: 'info', 10: '', 30: '', 40: 'bad', 29: 'custom' }
    await withApp(harness, { ...spec, flash: { level: 0, tags } }, async (browser) => {
      await addLevelMessages(browser)
      expect((await browser.show()).map((m) => m.tags)).toEqual([
        'info',
        'custom',
        'extra-tag',
        '',
        'bad',
        'success',
      ])
    })
  })
}
