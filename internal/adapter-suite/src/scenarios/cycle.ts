/**
 * @module
 * Django's request/response cycle tests: full cycle per level, late-rendered templates,
 * several POSTs before one GET, messages shown once, the template context's level map.
 */
import { DEFAULT_LEVELS } from '@flash/core'
import { expect, it } from 'vitest'
import { type AppSpec, withApp } from '../context.js'
import { FIVE_TEXTS, LEVEL_NAMES, LEVELS } from '../fixtures.js'
import type { AdapterHarness } from '../harness.js'

export function cycleScenarios(harness: AdapterHarness, spec: AppSpec): void {
  const debugApp: AppSpec = { ...spec, flash: { level: 10 } }

  it('test_full_request_response_cycle: each level is shown once, in order, after the redirect', async () => {
    await withApp(harness, debugApp, async (browser) => {
      for (const name of LEVEL_NAMES) {
        await browser.add(name, FIVE_TEXTS)
        expect(await browser.show()).toEqual(
          FIVE_TEXTS.map((text) => ({ level: LEVELS[name], text, tags: name, extraTags: '', safe: false })),
        )
        expect(await browser.show()).toEqual([])
      }
    })
  })

  it('test_with_template_response: a late-rendered page consumes the messages it displays', async () => {
    await withApp(harness, debugApp, async (browser) => {
      for (const name of LEVEL_NAMES) {
        const redirect = await browser.post(`/late/add/${name}`, { messages: FIVE_TEXTS })
        expect(redirect.status).toBe(302)
        expect(redirect.header('location')).toBe('/late/show')
        expect(await browser.texts('/late/show')).toEqual(FIVE_TEXTS)
        expect(await browser.texts('/late/show')).toEqual([])
      }
    })
  })

  it('test_multiple_posts: five POSTs then one GET show all 25 messages in order', async () => {
    await withApp(harness, debugApp, async (browser) => {
      for (const name of LEVEL_NAMES) await browser.add(name, FIVE_TEXTS)
      const shown = await browser.show()
      expect(shown.map((m) => [m.level, m.text])).toEqual(
        LEVEL_NAMES.flatMap((name) => FIVE_TEXTS.map((text) => [LEVELS[name], text])),
      )
      expect(await browser.show()).toEqual([])
    })
  })

  it('test_context_processor_message_levels: templates get DEFAULT_MESSAGE_LEVELS', async () => {
    await withApp(harness, spec, async (browser) => {
      const response = await browser.get('/show')
      expect(JSON.parse(response.body).levels).toEqual(DEFAULT_LEVELS)
      expect(JSON.parse(response.body).levels).toEqual({
        DEBUG: 10,
        INFO: 20,
        SUCCESS: 25,
        WARNING: 30,
        ERROR: 40,
      })
    })
  })

  it('messages added on one request are shown on the next and never again', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('success', ['Profile saved.'])
      expect(await browser.show()).toEqual([
        { level: 25, text: 'Profile saved.', tags: 'success', extraTags: '', safe: false },
      ])
      expect(await browser.show()).toEqual([])
      await browser.add('error', ['Payment failed.'], { extraTags: 'billing urgent' })
      expect(await browser.show()).toEqual([
        {
          level: 40,
          text: 'Payment failed.',
          tags: 'billing urgent error',
          extraTags: 'billing urgent',
          safe: false,
        },
      ])
    })
  })

  it('reading the count does not consume; /keep shows them and keeps them (used = false)', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('info', ['one', 'two'])
      const count = await browser.get('/count')
      expect(JSON.parse(count.body)).toEqual({ count: 2 })
      expect((await browser.show('/keep')).map((m) => m.text)).toEqual(['one', 'two'])
      expect(await browser.texts()).toEqual(['one', 'two'])
      expect(await browser.texts()).toEqual([])
    })
  })

  it('test_existing_read_add_update: only messages added after the read are kept', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('info', ['old 1', 'old 2'])
      const response = await browser.post('/read-then-add')
      expect(response.status).toBe(200)
      expect(JSON.parse(response.body)).toEqual({ read: ['old 1', 'old 2'] })
      expect(await browser.texts()).toEqual(['added after read'])
      expect(await browser.texts()).toEqual([])
    })
  })

  it('trusted HTML keeps its safe mark through storage; plain HTML stays plain text', async () => {
    await withApp(harness, spec, async (browser) => {
      expect((await browser.post('/add-safe')).status).toBe(302)
      expect(await browser.show()).toEqual([
        { level: 25, text: '<a href="/x">link</a>', tags: 'success', extraTags: '', safe: true },
        { level: 20, text: '<b>plain</b>', tags: 'info', extraTags: '', safe: false },
      ])
    })
  })

  it('messages added before a handler error are kept for the next page', async () => {
    await withApp(harness, spec, async (browser) => {
      const response = await browser.post('/error-after-add')
      expect(response.status).toBe(500)
      expect(await browser.texts()).toEqual(['before the crash'])
    })
  })
}
