/**
 * @module
 * Whatever a client sends as the message cookie, the page renders (200) with no messages:
 * tampered, truncated, garbage, oversized, or signed with another secret. Real Django cookies
 * signed with the shared secret read exactly as Django wrote them.
 */
import { expect, it } from 'vitest'
import { setCookiesNamed } from '../browser.js'
import { type AppSpec, withApp } from '../context.js'
import { DJANGO_COOKIES, DJANGO_SECRET } from '../fixtures.js'
import type { AdapterHarness } from '../harness.js'

/** Cookie values derived from a valid one. */
function badValues(valid: string): Record<string, string> {
  const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1)
  return {
    'tampered payload': flip(valid, 3),
    'tampered signature': flip(valid, valid.length - 2),
    truncated: valid.slice(0, valid.length - 5),
    'payload only': valid.split(':')[0]!,
    garbage: 'not-a-cookie',
    'wrong separators': valid.replaceAll(':', '.'),
    'invalid base64': `!!!!${valid.slice(4)}`,
    oversized: 'A'.repeat(8 * 1024),
    'percent-encoded': encodeURIComponent(valid).replaceAll('%3A', '%3a'),
    'legacy hash$json':
      '"c1b0c6d6f4b1e58b0b4b2f53f05a14cbe4a2b8ef$[[\\"__json_message\\"\\0540\\05420\\054\\"old\\"]]"',
    empty: '',
  }
}

export function badCookieScenarios(harness: AdapterHarness, spec: AppSpec): void {
  it('bad message cookies read as no messages, never a 500', async () => {
    await withApp(harness, spec, async (browser) => {
      await browser.add('info', ['genuine'])
      const valid = browser.jar.get('messages') ?? 'W1siX19qc29uX21lc3NhZ2UiLDAsMjAsIngiLCIiXV0:1r31eq:abc'
      for (const [label, value] of Object.entries(badValues(valid))) {
        browser.jar.set('messages', value)
        const response = await browser.get('/show')
        expect(response.status, label).toBe(200)
        expect(JSON.parse(response.body).messages, label).toEqual(
          spec.storage === 'session' ? expect.any(Array) : [],
        )
      }
    })
  })

  if (spec.storage === 'session') return

  it('a cookie signed with another secret reads as no messages', async () => {
    let foreign = ''
    await withApp(
      harness,
      { ...spec, flash: { secret: 'another-secret-entirely-0123456789-abc' } },
      async (browser) => {
        await browser.add('info', ['from another app'])
        foreign = browser.jar.get('messages')!
      },
    )
    expect(foreign).toMatch(/^[A-Za-z0-9_.-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}$/)
    await withApp(harness, spec, async (browser) => {
      browser.jar.set('messages', foreign)
      expect(await browser.show()).toEqual([])
    })
  })

  it(`a bad cookie that was read is ${spec.storage === 'cookie' ? 'deleted' : 'left alone (Django fallback)'}`, async () => {
    await withApp(harness, spec, async (browser) => {
      browser.jar.set(
        'messages',
        'W1siX19qc29uX21lc3NhZ2UiLDAsMjAsIngiLCIiXV0:1r31eq:bad-signature-of-the-right-size-0123456789',
      )
      const response = await browser.get('/show')
      const written = setCookiesNamed(response, 'messages')
      if (spec.storage === 'cookie') expect(written.map((c) => c.deletes)).toEqual([true])
      else expect(written).toEqual([])
    })
  })

  it('real Django cookies signed with the shared secret show exactly their messages', async () => {
    await withApp(harness, { ...spec, flash: { secret: DJANGO_SECRET, level: 0 } }, async (browser) => {
      for (const vector of DJANGO_COOKIES) {
        browser.jar.set('messages', vector.cookie)
        const shown = await browser.show()
        expect(
          shown.map((m) => ({ level: m.level, text: m.text, extraTags: m.extraTags, safe: m.safe })),
          vector.name,
        ).toEqual(vector.messages)
      }
    })
  })
}
