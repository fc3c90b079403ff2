/**
 * The message cookie survives middleware that runs after flash() on the way out and sets headers
 * of its own (cache-control, a session cookie) with `c.header()`, on a real @hono/node-server,
 * whose lightweight Response loses headers appended to `res.headers` when it is rebuilt
 * (honojs/node-server#304). The demo app has exactly this stack.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type FlashEnv, flash, getMessages, success } from '../src/index.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

const app = new Hono<FlashEnv>()
app.use(async (c, next) => {
  await next()
  c.header('cache-control', 'no-store')
})
app.use(async (c, next) => {
  await next()
  setCookie(c, 'seen', '1', { path: '/' })
})
app.use(flash({ secret: SECRET }))
app.post('/html', (c) => {
  success(c, 'From c.html.')
  return c.html('<p>saved</p>')
})
app.post('/text', (c) => {
  success(c, 'From c.text.')
  return c.text('saved')
})
app.post('/raw', (c) => {
  success(c, 'From a raw Response.')
  return new Response('saved', { headers: { 'content-type': 'text/plain' } })
})
app.post('/redirect', (c) => {
  success(c, 'From c.redirect.')
  return c.redirect('/')
})
app.get('/', (c) => c.json([...getMessages(c)].map(String)))

/** `app` on a real @hono/node-server, on a free loopback port. */
async function listening(app: Hono<FlashEnv>): Promise<{ base: string; close: () => void }> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((resolve) => server.once('listening', resolve))
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }
}

/**
 * `'string'` while `res` is still @hono/node-server's lightweight response with its string body
 * (`[status, body, headers]` under its "cache" symbol), `'rebuilt'` once it was turned into a full one.
 */
function bodyKind(res: Response): string {
  const parts = lightweightParts(res)
  return parts ? typeof parts[1] : 'rebuilt'
}

/** `'object'` while the lightweight response's init headers are still a plain object, else `'Headers'`. */
function headersKind(res: Response): string {
  const init = lightweightParts(res)?.[2]
  return init instanceof Headers ? 'Headers' : typeof init
}

function lightweightParts(res: Response): unknown[] | undefined {
  const key = Object.getOwnPropertySymbols(res).find((s) => s.description === 'cache')
  return key && (res as unknown as Record<symbol, unknown[]>)[key]
}

let close: () => void
let base = ''
beforeAll(async () => {
  ;({ base, close } = await listening(app))
})
afterAll(() => close())

describe('flash() inside middleware that sets headers after it, on @hono/node-server', () => {
  test.each([
    ['html', 'c.html()'],
    ['text', 'c.text()'],
    ['raw', 'a raw new Response()'],
    ['redirect', 'c.redirect()'],
  ])('/%s: a message added before %s reaches the next page', async (route) => {
    const b = browser((path, init) => fetch(`${base}${path}`, init))
    const added = await b.request(`/${route}`, { method: 'POST' })
    expect(added.headers.get('cache-control')).toBe('no-store')
    expect(added.setCookies.map((c) => c.split('=')[0])).toEqual(['messages', 'seen'])
    const shown = await b.request('/')
    expect(JSON.parse(shown.text)).toHaveLength(1)
    expect(shown.setCookies.find((c) => c.startsWith('messages='))).toMatch(/Max-Age=0/)
    expect(JSON.parse((await b.request('/')).text)).toEqual([])
  })
})

describe('the late cookie on @hono/node-server keeps its lightweight response', () => {
  test('a string body stays a string (written in one call, not rebuilt into a stream)', async () => {
    const bodies: string[] = []
    const probed = new Hono<FlashEnv>()
    probed.use(async (c, next) => {
      await next()
      bodies.push(bodyKind(c.res))
    })
    probed.use(flash({ secret: SECRET }))
    probed.post('/', (c) => {
      success(c, 'Saved.')
      return c.text('saved')
    })
    const server = await listening(probed)
    try {
      const response = await fetch(`${server.base}/`, { method: 'POST' })
      expect(await response.text()).toBe('saved')
      expect(response.headers.getSetCookie().map((c) => c.split('=')[0])).toEqual(['messages'])
      expect(response.headers.get('content-type')).toBe('text/plain; charset=UTF-8')
      expect(bodies).toEqual(['string'])
    } finally {
      server.close()
    }
  })

  test('the page that displays keeps it too, and its no-store survives an outer c.header()', async () => {
    const bodies: string[] = []
    const probed = new Hono<FlashEnv>()
    probed.use(async (c, next) => {
      await next()
      c.header('x-outer', '1')
    })
    probed.use(async (c, next) => {
      await next()
      bodies.push(bodyKind(c.res))
    })
    probed.use(flash({ secret: SECRET }))
    probed.post('/', (c) => {
      success(c, 'Saved.')
      return c.redirect('/')
    })
    probed.get('/', (c) => c.text([...getMessages(c)].map(String).join('|')))
    const server = await listening(probed)
    try {
      const b = browser((path, init) => fetch(`${server.base}${path}`, init))
      await b.request('/', { method: 'POST' })
      const shown = await b.request('/')
      expect(shown.text).toBe('Saved.')
      expect(shown.headers.get('cache-control')).toBe('no-store')
      expect(shown.headers.get('x-outer')).toBe('1')
      expect(shown.setCookies.find((c) => c.startsWith('messages='))).toMatch(/Max-Age=0/)
      // The displaying page was not rebuilt into a stream (a redirect has no body to keep).
      expect(bodies.at(-1)).toBe('string')
    } finally {
      server.close()
    }
  })

  test('a page that displays and adds keeps plain-object headers: its cookie and no-store make no Headers', async () => {
    const kinds: string[] = []
    const probed = new Hono<FlashEnv>()
    probed.use(async (c, next) => {
      await next()
      kinds.push(`${bodyKind(c.res)} body, ${headersKind(c.res)} headers`)
    })
    probed.use(flash({ secret: SECRET }))
    probed.get('/', (c) => {
      const shown = [...getMessages(c)].map(String).join('|')
      success(c, 'Again.')
      return c.html(`<p>${shown}</p>`)
    })
    const server = await listening(probed)
    try {
      const b = browser((path, init) => fetch(`${server.base}${path}`, init))
      const first = await b.request('/')
      expect(first.setCookies.map((c) => c.split('=')[0])).toEqual(['messages'])
      const second = await b.request('/')
      expect(second.text).toBe('<p>Again.</p>')
      expect(second.headers.get('content-type')).toBe('text/html; charset=UTF-8')
      expect(second.headers.get('cache-control')).toBe('no-store')
      expect(second.setCookies.map((c) => c.split('=')[0])).toEqual(['messages'])
      // No Headers was made for the late headers: node-server wrote the plain object in one call.
      expect(kinds).toEqual(['string body, object headers', 'string body, object headers'])
    } finally {
      server.close()
    }
  })

  test("an app's header object shared by every response is never written to", async () => {
    const shared: Record<string, string> = { 'content-type': 'text/plain; charset=UTF-8' }
    const probed = new Hono<FlashEnv>()
    probed.use(flash({ secret: SECRET }))
    // Bodies of one length: node-server itself writes Content-Length into the object it is given.
    probed.post('/', (c) => {
      success(c, 'Saved.')
      return new Response('saved', { headers: shared })
    })
    probed.get('/plain', () => new Response('plain', { headers: shared }))
    probed.get('/', (c) => c.text([...getMessages(c)].map(String).join('|')))
    const server = await listening(probed)
    try {
      const alice = browser((path, init) => fetch(`${server.base}${path}`, init))
      const bob = browser((path, init) => fetch(`${server.base}${path}`, init))
      const added = await alice.request('/', { method: 'POST' })
      expect(added.setCookies.map((c) => c.split('=')[0])).toEqual(['messages'])
      // Another visitor's response, made from the same object, carries none of Alice's headers.
      const other = await bob.request('/plain')
      expect(other.text).toBe('plain')
      expect(other.setCookies).toEqual([])
      expect(Object.keys(shared).map((k) => k.toLowerCase())).not.toContain('set-cookie')
      expect((await alice.request('/')).text).toBe('Saved.')
    } finally {
      server.close()
    }
  })

  test('headers the response was made with are kept, merged or added to, each in its own line', async () => {
    const probed = new Hono<FlashEnv>()
    probed.use(async (c, next) => {
      await next()
      c.header('x-outer', '1')
    })
    probed.use(flash({ secret: SECRET }))
    probed.get('/', (c) => {
      const shown = [...getMessages(c)].map(String).join('|')
      success(c, 'Again.')
      return new Response(shown, {
        headers: { 'Cache-Control': 'private, max-age=60', 'Set-Cookie': 'theirs=1; Path=/' },
      })
    })
    const server = await listening(probed)
    try {
      const b = browser((path, init) => fetch(`${server.base}${path}`, init))
      await b.request('/')
      const second = await b.request('/')
      expect(second.text).toBe('Again.')
      expect(second.headers.get('cache-control')).toBe('private, no-store')
      expect(second.headers.get('x-outer')).toBe('1')
      expect(second.setCookies.map((c) => c.split('=')[0]).sort()).toEqual(['messages', 'theirs'])
    } finally {
      server.close()
    }
  })
})
