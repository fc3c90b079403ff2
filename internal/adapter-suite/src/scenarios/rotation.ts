/**
 * @module
 * Secret rotation: the first secret signs, every secret verifies (cookie-backed storages only).
 */
import { expect, it } from 'vitest'
import { type AppSpec, withApp } from '../context.js'
import { OLD_SECRET, SECRET } from '../fixtures.js'
import type { AdapterHarness } from '../harness.js'

export function rotationScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('a cookie signed with the old secret is read after rotation and re-signed with the new one', async () => {
    let oldCookie = ''
    await withApp(harness, { ...spec, flash: { secret: OLD_SECRET } }, async (browser) => {
      await browser.add('info', ['signed before rotation'])
      oldCookie = browser.jar.get('messages')!
    })
    let rewritten = ''
    await withApp(harness, { ...spec, flash: { secret: [SECRET, OLD_SECRET] } }, async (browser) => {
      browser.jar.set('messages', oldCookie)
      expect(JSON.parse((await browser.get('/count')).body)).toEqual({ count: 1 })
      await browser.add('info', ['added after rotation'])
      rewritten = browser.jar.get('messages')!
      expect(rewritten).not.toBe(oldCookie)
    })
    await withApp(harness, { ...spec, flash: { secret: SECRET } }, async (browser) => {
      browser.jar.set('messages', rewritten)
      expect(await browser.texts()).toEqual(['signed before rotation', 'added after rotation'])
    })
  })
}
