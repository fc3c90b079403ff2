/**
 * @module
 * htmx (`htmx: true`): an htmx request's undisplayed messages go out in `HX-Trigger` (merged with
 * the app's, ASCII only) and are consumed; `HX-Redirect`, `HX-Location` and `HX-Refresh` keep them
 * for the next page; a history restore and apps without the option are left as Django would.
 */
import { expect, it } from 'vitest'
import { type AppSpec, withApp } from '../context.js'
import type { AdapterHarness } from '../harness.js'

const HX = { 'HX-Request': 'true' }
const SAVED = {
  level: 25,
  levelTag: 'success',
  extraTags: '',
  tags: 'success',
  message: 'Saved.',
  safe: false,
}

function respondPath(headers?: Record<string, string>, extra = ''): string {
  const query = headers ? `&headers=${encodeURIComponent(JSON.stringify(headers))}` : ''
  return `/respond?read=none${query}${extra}`
}

export function htmxScenarios(harness: AdapterHarness, spec: AppSpec): void {
  const htmx = { ...spec, flash: { ...spec.flash, htmx: true } }

  it('an hx-post that redirects keeps the message; the fragment after it carries it in HX-Trigger, once', async () => {
    await withApp(harness, htmx, async (browser) => {
      const post = await browser.send('/add/success', {
        method: 'POST',
        headers: HX,
        body: { messages: ['Saved.'] },
      })
      expect(post.status).toBe(302)
      expect(post.header('hx-trigger')).toBeUndefined()
      const fragment = await browser.send(respondPath(), { headers: HX })
      expect(JSON.parse(fragment.header('hx-trigger')!)).toEqual({ messages: [SAVED] })
      expect(fragment.header('cache-control')).toBe('no-store')
      expect(await browser.texts()).toEqual([])
    })
  })

  it('a message added by an htmx request answered with a fragment goes out in HX-Trigger', async () => {
    await withApp(harness, htmx, async (browser) => {
      const fragment = await browser.send(respondPath(), {
        method: 'POST',
        headers: HX,
        body: { messages: ['Added.'] },
      })
      expect(
        JSON.parse(fragment.header('hx-trigger')!).messages.map((m: { message: string }) => m.message),
      ).toEqual(['Added.'])
      expect(await browser.texts()).toEqual([])
    })
  })

  it("an htmx request answered 204 (htmx's way to fire events without a swap) gets its messages in HX-Trigger", async () => {
    await withApp(harness, htmx, async (browser) => {
      await browser.add('success', ['Saved.'])
      const noContent = await browser.send(`${respondPath()}&status=204`, {
        method: 'POST',
        headers: HX,
        body: { messages: ['Deleted.'] },
      })
      expect(noContent.status).toBe(204)
      expect(
        JSON.parse(noContent.header('hx-trigger')!).messages.map((m: { message: string }) => m.message),
      ).toEqual(['Saved.', 'Deleted.'])
      expect(noContent.header('cache-control')).toBe('no-store')
      expect(await browser.texts()).toEqual([])
      // What a 204 rendered went nowhere but the header: it is delivered there too, once.
      await browser.add('success', ['Rendered.'])
      const rendered = await browser.send('/respond?status=204', { headers: HX })
      expect(
        JSON.parse(rendered.header('hx-trigger')!).messages.map((m: { message: string }) => m.message),
      ).toEqual(['Rendered.'])
      expect(await browser.texts()).toEqual([])
      // Not to a HEAD, nor without HX-Request: a 204 shows nothing there, and keeps them.
      await browser.add('success', ['Kept.'])
      const head = await browser.send(`${respondPath()}&status=204`, { method: 'HEAD', headers: HX })
      expect(head.header('hx-trigger')).toBeUndefined()
      expect((await browser.send(`${respondPath()}&status=204`, {})).header('hx-trigger')).toBeUndefined()
      expect(await browser.texts()).toEqual(['Kept.'])
    })
  })

  it('an htmx request that adds a message and then fails sends it in HX-Trigger on the error response', async () => {
    await withApp(harness, htmx, async (browser) => {
      const failed = await browser.send('/error-after-add', { method: 'POST', headers: HX })
      expect(failed.status).toBe(500)
      expect(
        JSON.parse(failed.header('hx-trigger')!).messages.map((m: { message: string }) => m.message),
      ).toEqual(['before the crash'])
      expect(await browser.texts()).toEqual([])
    })
  })

  it('messages that would make HX-Trigger longer than htmx.maxTriggerSize stay for the next page, with one warning', async () => {
    const long = ['a'.repeat(900), 'b'.repeat(900), 'c'.repeat(900)]
    await withApp(harness, htmx, async (browser, app) => {
      const fragment = await browser.send(respondPath(), {
        method: 'POST',
        headers: HX,
        body: { messages: long },
      })
      expect(fragment.status).toBe(200)
      expect(fragment.header('hx-trigger')).toBeUndefined()
      expect(await browser.texts()).toEqual(long)
      expect(app.warnings()).toEqual([
        expect.stringMatching(
          /^@flash\/[a-z]+: 3 messages would make an HX-Trigger header of \d+ characters, over htmx\.maxTriggerSize \(2048\); they were not sent in it and stay stored/,
        ),
      ])
    })
    const roomy = { ...spec, flash: { ...spec.flash, htmx: { maxTriggerSize: 4096 } } }
    await withApp(harness, roomy, async (browser, app) => {
      const fragment = await browser.send(respondPath(), {
        method: 'POST',
        headers: HX,
        body: { messages: long },
      })
      const sent = fragment.header('hx-trigger')!
      expect(sent.length).toBeGreaterThan(2048)
      expect(JSON.parse(sent).messages.map((m: { message: string }) => m.message)).toEqual(long)
      expect(await browser.texts()).toEqual([])
      expect(app.warnings()).toEqual([])
    })
  })

  it("merges with the app's HX-Trigger, as a JSON object or as event names", async () => {
    await withApp(harness, htmx, async (browser) => {
      await browser.add('success', ['Saved.'])
      const json = await browser.send(respondPath({ 'HX-Trigger': '{"closeModal":{"id":3}}' }), {
        headers: HX,
      })
      expect(JSON.parse(json.header('hx-trigger')!)).toEqual({ closeModal: { id: 3 }, messages: [SAVED] })
      await browser.add('success', ['Saved.'])
      const names = await browser.send(respondPath({ 'HX-Trigger': 'closeModal, refreshList' }), {
        headers: HX,
      })
      expect(JSON.parse(names.header('hx-trigger')!)).toEqual({
        closeModal: {},
        refreshList: {},
        messages: [SAVED],
      })
    })
  })

  it('the header is ASCII: any text is escaped as \\uXXXX and reads back the same', async () => {
    const text = 'Gespeichert ✓ — “ok” 🎉 \u2028 <b>&</b>'
    await withApp(harness, htmx, async (browser) => {
      await browser.add('info', [text])
      const fragment = await browser.send(respondPath(), { headers: HX })
      const raw = fragment.header('hx-trigger')!
      expect(raw).toMatch(/^[\x20-\x7e]+$/)
      expect(JSON.parse(raw).messages[0].message).toBe(text)
    })
  })

  for (const [name, value] of [
    ['HX-Redirect', '/next'],
    ['HX-Location', '/next'],
    ['HX-Refresh', 'true'],
  ] as const) {
    it(`${name} keeps the messages for the page the browser goes to, even when the response rendered them`, async () => {
      await withApp(harness, htmx, async (browser) => {
        await browser.add('success', ['Saved.'])
        const fragment = await browser.send(respondPath({ [name]: value }), { headers: HX })
        expect(fragment.header('hx-trigger')).toBeUndefined()
        await browser.send(`/respond?headers=${encodeURIComponent(JSON.stringify({ [name]: value }))}`, {
          headers: HX,
        })
        expect(await browser.texts()).toEqual(['Saved.'])
      })
    })
  }

  it('a history restore, an htmx request that displayed its messages, and apps without htmx: no HX-Trigger', async () => {
    await withApp(harness, htmx, async (browser) => {
      await browser.add('success', ['Saved.'])
      const restore = await browser.send(respondPath(), {
        headers: { ...HX, 'HX-History-Restore-Request': 'true' },
      })
      expect(restore.header('hx-trigger')).toBeUndefined()
      const page = await browser.send('/show', { headers: HX })
      expect(page.header('hx-trigger')).toBeUndefined()
      expect(JSON.parse(page.body).messages.map((m: { text: string }) => m.text)).toEqual(['Saved.'])
    })
    await withApp(harness, spec, async (browser) => {
      await browser.add('success', ['Saved.'])
      expect((await browser.send(respondPath(), { headers: HX })).header('hx-trigger')).toBeUndefined()
      expect(await browser.texts()).toEqual(['Saved.'])
    })
  })

  it('htmx: { event } names the event; an HX-Trigger that cannot be merged is left alone with the messages', async () => {
    await withApp(
      harness,
      { ...spec, flash: { ...spec.flash, htmx: { event: 'flash' } } },
      async (browser) => {
        await browser.add('success', ['Saved.'])
        const own = await browser.send(respondPath({ 'HX-Trigger': '{"flash":"theirs"}' }), { headers: HX })
        expect(own.header('hx-trigger')).toBe('{"flash":"theirs"}')
        const fragment = await browser.send(respondPath(), { headers: HX })
        expect(JSON.parse(fragment.header('hx-trigger')!)).toEqual({ flash: [SAVED] })
      },
    )
  })
}
