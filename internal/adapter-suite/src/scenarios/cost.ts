/**
 * @module
 * A request that does not touch messages, or reads when there are none, writes nothing.
 */
import { expect, it } from 'vitest'
import { setCookiesNamed } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import { countingCrypto } from '../counting-crypto.js'
import type { AdapterHarness } from '../harness.js'

export function costScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('an untouched request sends no Set-Cookie and writes no session', async () => {
    await withApp(harness, spec, async (browser, app) => {
      const response = await browser.get('/untouched')
      expect(response.status).toBe(200)
      expect(response.body).toBe('ok')
      expect(response.setCookies).toEqual([])
      expect(app.sessionWrites()).toBe(0)
    })
  })

  it('a read with nothing stored sends no Set-Cookie and writes no session', async () => {
    await withApp(harness, spec, async (browser, app) => {
      expect(await browser.show()).toEqual([])
      const again = await browser.get('/show')
      expect(again.setCookies).toEqual([])
      expect(app.sessionWrites()).toBe(0)
    })
  })

  it('an untouched request leaves pending messages where they are', async () => {
    await withApp(harness, spec, async (browser, app) => {
      await browser.add('warning', ['still here'])
      const writes = app.sessionWrites()
      const response = await browser.get('/untouched')
      expect(response.setCookies).toEqual([])
      expect(app.sessionWrites()).toBe(writes)
      expect(await browser.texts()).toEqual(['still here'])
    })
  })

  if (spec.storage !== 'session') {
    it('with a synchronous crypto, a request that carries a message cookie but never touches messages verifies nothing', async () => {
      const crypto = countingCrypto()
      await withApp(harness, { ...spec, flash: { ...spec.flash, crypto } }, async (browser, app) => {
        await browser.add('info', ['kept for the page'])
        expect(browser.jar.get('messages')).toBeDefined()
        const calls = crypto.calls
        const writes = app.sessionWrites()
        expect(calls).toBeGreaterThan(0)
        const untouched = await browser.get('/untouched')
        expect([untouched.status, untouched.body]).toEqual([200, 'ok'])
        expect(untouched.setCookies).toEqual([])
        expect(crypto.calls).toBe(calls)
        expect(app.sessionWrites()).toBe(writes)
        expect(await browser.texts()).toEqual(['kept for the page'])
        expect(crypto.calls).toBeGreaterThan(calls)
      })
    })

    it('consuming the last messages deletes the message cookie', async () => {
      await withApp(harness, spec, async (browser) => {
        await browser.add('info', ['bye'])
        expect(browser.jar.get('messages')).toBeDefined()
        const response = await browser.get('/show')
        const [deletion] = setCookiesNamed(response, 'messages')
        expect(deletion?.deletes).toBe(true)
        expect(browser.jar.get('messages')).toBeUndefined()
      })
    })
  }
}
