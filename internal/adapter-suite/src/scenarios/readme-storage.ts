/**
 * @module
 * The custom storage of the READMEs ("Writing a storage", and the storage contract in
 * packages/core/README.md), verbatim from `readme-storage.ts`, plugged in with the `storage`
 * option of each adapter and driven over its requests with the id cookie carried back.
 */
import { expect, it } from 'vitest'
import { withApp } from '../context.js'
import { parseSetCookie } from '../cookie-jar.js'
import type { AdapterHarness } from '../harness.js'
import { MapStorage } from '../readme-storage.js'

const storage = { storage: (seam, config) => new MapStorage(seam, config) } as const satisfies {
  storage: (...args: ConstructorParameters<typeof MapStorage>) => MapStorage
}

export function readmeStorageScenarios(harness: AdapterHarness): void {
  it('adds on one request, shows once on the next over plain http, then deletes its id cookie', async () => {
    await withApp(harness, { storage: 'cookie', session: false, flash: storage }, async (browser) => {
      const added = await browser.add('success', ['Saved.'])
      const [idCookie] = added.setCookies.filter((header) => header.startsWith('flash_id='))
      expect(idCookie).toMatch(/^flash_id=[0-9a-f-]{36}; /)
      const attributes = idCookie!.toLowerCase()
      // An hour, as Max-Age or (Koa's cookies) as Expires.
      const expires = parseSetCookie(idCookie!).attributes.get('expires')
      if (expires) expect(Math.round((Date.parse(expires) - Date.now()) / 60_000)).toBe(60)
      else expect(attributes).toContain('max-age=3600')
      expect(attributes).toContain('httponly')
      expect(attributes).not.toContain('secure')
      expect(added.setCookies.filter((header) => header.startsWith('messages='))).toEqual([])

      const shown = await browser.get('/show')
      expect(JSON.parse(shown.body).messages.map((m: { text: string }) => m.text)).toEqual(['Saved.'])
      const idCookies = shown.setCookies.filter((h) => h.startsWith('flash_id='))
      expect(idCookies.map((h) => parseSetCookie(h).deletes)).toEqual([true])
      expect(browser.jar.get('flash_id')).toBeUndefined()
      expect(await browser.show()).toEqual([])
    })
  })

  it('a request without the id cookie sets nothing', async () => {
    await withApp(harness, { storage: 'cookie', session: false, flash: storage }, async (browser) => {
      const response = await browser.get('/show')
      expect(JSON.parse(response.body).messages).toEqual([])
      expect(response.setCookies).toEqual([])
    })
  })
}
