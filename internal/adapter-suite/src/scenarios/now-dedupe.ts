/**
 * @module
 * `{ now: true }` (Rails' `flash.now`): shown by this response if it displays messages, never
 * stored. `dedupe: true`: a message equal to one already pending is not added again.
 */
import { expect, it } from 'vitest'
import { setCookiesNamed } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import type { AdapterHarness } from '../harness.js'

type Rendered = { messages: { text: string }[] }
const texts = (body: string) => (JSON.parse(body) as Rendered).messages.map((m) => m.text)

export function nowDedupeScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('now: a re-rendered form with status 422 shows the error and does not leave it for the next page', async () => {
    await withApp(harness, spec, async (browser, app) => {
      const form = await browser.post('/respond?status=422', { messages: ['Title is required.'], now: true })
      expect(form.status).toBe(422)
      expect(texts(form.body)).toEqual(['Title is required.'])
      expect(setCookiesNamed(form, 'messages')).toEqual([])
      expect(app.sessionWrites()).toBe(0)
      expect(await browser.texts()).toEqual([])
    })
  })

  it('now: shown with the stored messages; a now message never displayed is not stored either', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('info', ['stored'])
      const form = await browser.post('/respond?status=422', { messages: ['now'], now: true })
      expect(texts(form.body)).toEqual(['stored', 'now'])
      expect(await browser.texts()).toEqual([])
      expect(
        (await browser.post('/respond?status=302&read=none', { messages: ['unseen now'], now: true })).status,
      ).toBe(302)
      expect(await browser.texts()).toEqual([])
    })
  })

  it('dedupe: a form submitted three times shows one "Saved."; other extra tags or levels still count', async () => {
    await withApp(harness, { ...spec, flash: { ...spec.flash, dedupe: true } }, async (browser) => {
      for (let i = 0; i < 3; i++) await browser.add('success', ['Saved.'])
      await browser.add('success', ['Saved.'], { extraTags: 'other' })
      await browser.add('info', ['Saved.'])
      const shown = await browser.show()
      expect(shown.map((m) => [m.level, m.text, m.extraTags])).toEqual([
        [25, 'Saved.', ''],
        [25, 'Saved.', 'other'],
        [20, 'Saved.', ''],
      ])
      // Once displayed, the same message is new again.
      await browser.add('success', ['Saved.'])
      expect(await browser.texts()).toEqual(['Saved.'])
    })
  })

  it('without dedupe (the default, as Django), three submissions show three messages', async () => {
    await withApp(harness, spec, async (browser) => {
      for (let i = 0; i < 3; i++) await browser.add('success', ['Saved.'])
      expect(await browser.texts()).toEqual(['Saved.', 'Saved.', 'Saved.'])
    })
  })

  it('messagesJson: the undisplayed messages as JSON, consumed', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('success', ['Saved.'], { extraTags: 'notes' })
      await browser.post('/add-safe')
      const json = await browser.get('/json')
      expect(JSON.parse(json.body)).toEqual([
        {
          level: 25,
          levelTag: 'success',
          extraTags: 'notes',
          tags: 'notes success',
          message: 'Saved.',
          safe: false,
        },
        {
          level: 25,
          levelTag: 'success',
          extraTags: '',
          tags: 'success',
          message: '<a href="/x">link</a>',
          safe: true,
        },
        { level: 20, levelTag: 'info', extraTags: '', tags: 'info', message: '<b>plain</b>', safe: false },
      ])
      expect(json.header('cache-control')).toBe('no-store')
      expect(await browser.texts()).toEqual([])
    })
  })
}
