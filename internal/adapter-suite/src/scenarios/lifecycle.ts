/**
 * @module
 * The end of a request, the same on every adapter (issue 13, "nothing is lost silently"): a
 * message added after the response went out is refused with one accurate report (thrown with
 * `strict`), messages displayed after it stay stored and are reported once, a thrown value that is not an `Error` keeps the messages added before it, and a
 * `secure` cookie over plain HTTP is sent with one warning.
 */
import { expect, it } from 'vitest'
import { setCookiesNamed } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import type { AdapterHarness } from '../harness.js'

const LATE_REPORT = new RegExp(
  '^@flash/[a-z]+: 1 message could not be stored and will not be shown \\(it was added after @flash had stored ' +
    'the messages of this request, e.g. in a stream, a timer or a hook that runs after the ' +
    'response, or in a middleware mounted before \\(outside\\) @flash once the rest returned; add ' +
    'messages before the response is sent, in code that runs inside @flash\\): "added too late"$',
)

const LATE_DISPLAY_REPORT = new RegExp(
  '^@flash/[a-z]+: 1 message was displayed after @flash had stored the messages of this request, so it was ' +
    'not consumed and will show again on the next page: something read them after @flash ended the request, ' +
    'e\\.g\\. a middleware mounted before \\(outside\\) @flash that renders an error page or a layout once the ' +
    'rest returned, or a stream callback; mount @flash first, or read the messages before the response is ' +
    'returned \\(reported once\\)$',
)

/** Wait until `ready()` (the late add runs on a timer after the response), at most two seconds. */
async function eventually(ready: () => boolean): Promise<void> {
  for (let waited = 0; !ready() && waited < 2000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export function lifecycleScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('a message added after the response was sent is refused with one accurate report and never shown', async () => {
    await withApp(harness, spec, async (browser, app) => {
      expect((await browser.post('/add-later')).status).toBe(200)
      await eventually(() => app.warnings().length > 0)
      expect(app.warnings()).toEqual([expect.stringMatching(LATE_REPORT)])
      expect(app.thrown()).toEqual([])
      expect(await browser.texts()).toEqual([])
    })
  })

  it('strict: the late add throws MessagesNotStoredError where the message is added', async () => {
    await withApp(harness, { ...spec, flash: { strict: true } }, async (browser, app) => {
      expect((await browser.post('/add-later')).status).toBe(200)
      await eventually(() => app.thrown().length > 0)
      expect(app.thrown()).toEqual([
        expect.stringMatching(new RegExp(`^MessagesNotStoredError: ${LATE_REPORT.source.slice(1)}`)),
      ])
      expect(app.warnings()).toEqual([])
      expect(await browser.texts()).toEqual([])
    })
  })

  it('messages displayed after the response went out stay stored, show on the next page, and are reported once', async () => {
    await withApp(harness, spec, async (browser, app) => {
      await browser.add('info', ['read too late'])
      expect((await browser.get('/read-later')).status).toBe(200)
      await eventually(() => app.warnings().length > 0)
      expect(app.warnings()).toEqual([expect.stringMatching(LATE_DISPLAY_REPORT)])
      expect(app.thrown()).toEqual([])
      expect(await browser.texts()).toEqual(['read too late'])

      // The same misplaced read on every request: one report per app, not one per request.
      await browser.add('info', ['read too late again'])
      expect((await browser.get('/read-later')).status).toBe(200)
      await new Promise((resolve) => setTimeout(resolve, 60))
      expect(app.warnings()).toHaveLength(1)
      expect(await browser.texts()).toEqual(['read too late again'])
    })
  })

  it('a thrown value that is not an Error keeps the messages added before it', async () => {
    await withApp(harness, spec, async (browser) => {
      const response = await browser.post('/throw-non-error-after-add')
      expect(response.status).toBe(500)
      expect(await browser.texts()).toEqual(['before the crash'])
    })
  })

  if (spec.storage !== 'session') {
    it('cookie.secure over plain HTTP: the cookie is sent, Secure, and one warning says how to fix it', async () => {
      await withApp(harness, { ...spec, flash: { cookie: { secure: true } } }, async (browser, app) => {
        for (const text of ['first', 'second']) {
          const [cookie] = setCookiesNamed(await browser.add('info', [text]), 'messages')
          expect(cookie?.attributes.get('secure')).toBe('')
        }
        expect(app.warnings()).toEqual([
          expect.stringMatching(
            /^@flash\/[a-z]+: option "cookie\.secure" is true, but a request came over plain HTTP, so browsers other than on http:\/\/localhost drop the message cookie and its messages are lost; .+, or use cookie\.secure: false in development$/,
          ),
        ])
      })
    })
  }
}
