/**
 * The demo's CSRF protection: a cross-origin form post is refused before it touches notes or
 * messages, as is a post that does not say where it comes from; same-origin posts go through.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startDemo } from '../src/app.js'

let demo: { url: string; close(): Promise<void> }
beforeAll(async () => {
  demo = await startDemo({ secret: 'demo-csrf-test-secret-0123456789abcdef', port: 0, log: () => {} })
})
afterAll(() => demo.close())

const post = (headers: Record<string, string>) =>
  fetch(`${demo.url}/notes`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: 'title=Forged',
    redirect: 'manual',
  })

describe('cross-origin form posts', () => {
  it('are refused with 403, and nothing is created or flashed', async () => {
    for (const headers of <Record<string, string>[]>[
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { origin: 'https://evil.example' },
      { origin: 'null' },
      {},
    ]) {
      const response = await post(headers)
      expect(response.status).toBe(403)
      expect(response.headers.getSetCookie()).toEqual([])
    }
    expect(await (await fetch(demo.url)).text()).not.toContain('Forged')
  })

  it('same-origin posts (by Sec-Fetch-Site or Origin) go through', async () => {
    const host = new URL(demo.url).host
    for (const headers of <Record<string, string>[]>[
      { 'sec-fetch-site': 'same-origin' },
      { origin: `http://${host}` },
    ]) {
      const response = await post(headers)
      expect(response.status).toBe(303)
    }
  })
})
