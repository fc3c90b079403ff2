/**
 * @module
 * The attacks of the security review, through every adapter (SECURITY.md lists them): forged
 * cookies built from a genuine one (the safe flag flipped, the signature truncated, extended or
 * re-encoded, another salt), message text that tries to break out of its header, and replay of a
 * cookie that was already shown.
 */
import { decodePayload, encodePayload, MESSAGES_SALT, TimestampSigner, webCrypto } from '@flash/core'
import { expect, it } from 'vitest'
import { setCookiesNamed } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import { SECRET } from '../fixtures.js'
import type { AdapterHarness, StandardApp } from '../harness.js'

async function shownFor(app: StandardApp, cookie: string): Promise<string[]> {
  const response = await app.request('/show', { headers: { cookie } })
  expect(response.status, cookie).toBe(200)
  return (JSON.parse(response.body) as { messages: { text: string }[] }).messages.map((m) => m.text)
}

/** Forgeries made from a genuine cookie without the secret, or with it under another salt. */
async function forgeries(genuine: string): Promise<Record<string, string>> {
  const [payload = '', timestamp = '', signature = ''] = genuine.split(':')
  const json = (await decodePayload(payload, webCrypto))!
  const safe = await encodePayload(json.replace('"__json_message",0,', '"__json_message",1,'), webCrypto)
  const otherSalt = (salt: string) =>
    new TimestampSigner({ secrets: [SECRET], salt, crypto: webCrypto }).sign(payload) as Promise<string>
  return {
    'safe flag flipped, signature kept': `${safe}:${timestamp}:${signature}`,
    'signature truncated': genuine.slice(0, -1),
    'signature extended': `${genuine}A`,
    'signature as padded standard base64': `${payload}:${timestamp}:${signature.replaceAll('-', '+').replaceAll('_', '/')}=`,
    'signature of the value without timestamp': `${payload}:${signature}`,
    'timestamp changed': `${payload}:${timestamp.slice(0, -1)}${timestamp.endsWith('0') ? '1' : '0'}:${signature}`,
    'signed for sessions (another salt)': await otherSalt('django.contrib.sessions'),
    'signed with a salt one character longer': await otherSalt(`${MESSAGES_SALT}x`),
  }
}

/** Text that would split or end the header if it were written as is. */
const INJECTION = 'done\r\nSet-Cookie: evil=1; Path=/\r\n\r\n<script>x</script>; "q", \\ \u2028 é'

export function attackScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('message text cannot add a header or a cookie', async () => {
    await withApp(harness, spec, async (browser) => {
      const response = await browser.add('info', [INJECTION])
      expect(response.setCookies.map((c) => c.split('=')[0])).not.toContain('evil')
      expect(response.header('evil')).toBeUndefined()
      for (const cookie of setCookiesNamed(response, 'messages'))
        expect(cookie.value).toMatch(/^[A-Za-z0-9_.:-]+$/)
      expect(await browser.texts()).toEqual([INJECTION])
    })
  })

  if (spec.storage === 'session') return

  it('forgeries made from a genuine cookie read as no messages', async () => {
    await withApp(harness, spec, async (browser, app) => {
      await browser.add('info', ['<b>plain text</b>'])
      const genuine = browser.jar.get('messages')!
      expect(await shownFor(app, `messages=${genuine}`)).toEqual(['<b>plain text</b>'])
      for (const [label, forged] of Object.entries(await forgeries(genuine))) {
        expect(forged, label).not.toBe(genuine)
        expect(await shownFor(app, `messages=${forged}`), label).toEqual([])
      }
    })
  })

  it('a copied cookie replays until maxAge, never after; without maxAge, forever', async () => {
    let now = 1_700_000_000
    const clock = () => now
    for (const maxAge of [60, undefined]) {
      await withApp(
        harness,
        { ...spec, flash: { clock, ...(maxAge ? { maxAge } : {}) } },
        async (browser, app) => {
          now = 1_700_000_000
          await browser.add('info', ['shown once'])
          const copy = browser.jar.get('messages')!
          expect(await browser.texts()).toEqual(['shown once'])
          expect(browser.jar.get('messages')).toBeUndefined()
          now += 60
          expect(await shownFor(app, `messages=${copy}`)).toEqual(['shown once'])
          now += 1
          expect(await shownFor(app, `messages=${copy}`)).toEqual(maxAge ? [] : ['shown once'])
          now += 10 * 365 * 86400
          expect(await shownFor(app, `messages=${copy}`)).toEqual(maxAge ? [] : ['shown once'])
        },
      )
    }
  })
}
