/**
 * `trustProxy` on @hono/node-server behind a TLS-terminating proxy: `c.req.url` is `http://` with the
 * upstream's host, so without the option a redirect to the site's own `https://` address is not
 * same-origin and `scope: 'redirect'` leaves it unbound (any tab would show its message). With it,
 * the request's origin comes from `X-Forwarded-Proto` and `X-Forwarded-Host`.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { describe, expect, test } from 'vitest'
import { type FlashEnv, flash, getMessages, success } from '../src/index.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

const FORWARDED = { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'app.example.com' }
const BOUND = /^https:\/\/app\.example\.com\/show\?_flash=[A-Za-z0-9_-]{16}$/

async function behindProxy(
  trustProxy: boolean | undefined,
  use: (tab: ReturnType<typeof browser>) => Promise<void>,
) {
  const app = new Hono<FlashEnv>()
  app.use(flash({ secret: SECRET, scope: 'redirect', ...(trustProxy === undefined ? {} : { trustProxy }) }))
  app.post('/save', (c) => {
    success(c, 'Saved.')
    return c.redirect('https://app.example.com/show', 303)
  })
  app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s))
  })
  const { port } = server.address() as AddressInfo
  try {
    await use(browser((path, init) => fetch(`http://127.0.0.1:${port}${path}`, init)))
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

describe('trustProxy', () => {
  test('binds a redirect to the forwarded https origin; another tab sees nothing, the redirected one sees it once', async () => {
    await behindProxy(true, async (tab) => {
      const saved = await tab.request('/save', { method: 'POST', headers: FORWARDED })
      const location = saved.headers.get('location')!
      expect(location).toMatch(BOUND)
      const otherTab = await tab.request('/show', { headers: FORWARDED })
      expect(JSON.parse(otherTab.text)).toEqual([])
      const own = await tab.request(new URL(location).pathname + new URL(location).search, {
        headers: FORWARDED,
      })
      expect(JSON.parse(own.text)).toEqual(['Saved.'])
    })
  })

  test('off by default: the forwarded headers are not trusted, and the redirect stays unbound', async () => {
    await behindProxy(undefined, async (tab) => {
      const saved = await tab.request('/save', { method: 'POST', headers: FORWARDED })
      expect(saved.headers.get('location')).toBe('https://app.example.com/show')
      const otherTab = await tab.request('/show', { headers: FORWARDED })
      expect(JSON.parse(otherTab.text)).toEqual(['Saved.'])
    })
  })

  test('forwarded values that are no host are ignored; a request without them keeps its own origin', async () => {
    await behindProxy(true, async (tab) => {
      const spoofed = await tab.request('/save', {
        method: 'POST',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example/x' },
      })
      expect(spoofed.status).toBe(303)
      expect(spoofed.headers.get('location')).toBe('https://app.example.com/show')
      const direct = await tab.request('/save', { method: 'POST' })
      expect(direct.headers.get('location')).toBe('https://app.example.com/show')
    })
  })
})
