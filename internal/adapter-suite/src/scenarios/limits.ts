/**
 * @module
 * Whatever is written reads back on the next request: the cookie never exceeds what the reader
 * keeps (4096 characters of name and value, even with `maxCookieSize: 0`), never holds more JSON than the reader
 * inflates (1 MiB), and `maxAge` never makes a cookie that is deleted as it is set.
 */
import { expect, it } from 'vitest'
import { setCookiesNamed } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import { randomTexts, SECRET } from '../fixtures.js'
import type { AdapterHarness } from '../harness.js'

/** Random text does not compress: twelve of these never fit in 4096 characters. */
const TWELVE_LONG = randomTexts(12, 406)
/** Each compresses to a few hundred characters; together they inflate past 1 MiB. */
const ZEROS = '0'.repeat(600_000)
const ONES = '1'.repeat(600_000)

export function limitScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('maxAge under one second is refused at startup, naming the option', async () => {
    await expect(
      harness.start({ flash: { secret: SECRET, storage: spec.storage, maxAge: 0.5 }, session: spec.session }),
    ).rejects.toThrow('option "maxAge" is in seconds and must be at least 1, got 0.5')
  })

  if (spec.storage === 'session') return

  it('maxAge: 1 writes a cookie the browser keeps', async () => {
    await withApp(harness, { ...spec, flash: { maxAge: 1 } }, async (browser) => {
      const response = await browser.add('info', ['kept for a second'])
      const [cookie] = setCookiesNamed(response, 'messages')
      expect(cookie?.deletes).toBe(false)
      expect(browser.jar.get('messages')).toBe(cookie?.value)
    })
  })

  it('maxCookieSize: 0 writes at most 4096 characters of name and value, and the next request reads them', async () => {
    await withApp(harness, { ...spec, flash: { maxCookieSize: 0 } }, async (browser, app) => {
      const response = await browser.add('info', TWELVE_LONG)
      const [cookie] = setCookiesNamed(response, 'messages')
      expect(cookie!.value.length).toBeGreaterThan(3000)
      expect(`messages=${cookie!.value}`.length).toBeLessThanOrEqual(4097)
      const shown = await browser.texts()
      if (spec.storage === 'fallback') {
        // The rest went to the session.
        expect(shown).toEqual(TWELVE_LONG)
        expect(app.warnings()).toEqual([])
      } else {
        expect(shown).toEqual(TWELVE_LONG.slice(3))
        expect(app.warnings()).toHaveLength(1)
        expect(app.warnings()[0]).toContain('3 messages could not be stored')
      }
    })
  })

  it('JSON that would inflate past 1 MiB is not written, however well it compresses', async () => {
    await withApp(harness, spec, async (browser, app) => {
      // Two requests: each message is under the frameworks' body limits; together they are not.
      await browser.add('info', [ZEROS])
      await browser.add('info', [ONES, 'last'])
      expect(browser.jar.get('messages')!.length).toBeLessThanOrEqual(2048)
      const shown = (await browser.texts()).map((text) => text.slice(0, 5))
      if (spec.storage === 'fallback') {
        // The cookie keeps the oldest; the session takes the rest.
        expect(shown).toEqual(['00000', '11111', 'last'])
        expect(app.warnings()).toEqual([])
      } else {
        expect(shown).toEqual(['11111', 'last'])
        expect(app.warnings()).toHaveLength(1)
        expect(app.warnings()[0]).toContain(
          '1 message could not be stored and will not be shown (the message cookie is limited to 2048 ' +
            'characters, and to 1048576 characters of JSON once inflated and cookie storage drops the oldest)',
        )
      }
    })
  })
}
