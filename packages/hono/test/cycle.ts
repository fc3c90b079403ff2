/**
 * @module
 * The adapter's own request/response cycle tests, run on Node (cycle.test.ts) and in the
 * edge-runtime environment (edge.test.ts).
 */
import { Hono } from 'hono'
import { setCookie } from 'hono/cookie'
import { describe, expect, test } from 'vitest'
import { type FlashEnv, flash, getMessages, type HonoFlashOptions, success, warning } from '../src/index.js'
import { browser } from './client.js'

export const SECRET = 'a-test-secret-that-is-long-enough-0123456789'

export function notesApp(options: Partial<HonoFlashOptions> = {}) {
  const logged: string[] = []
  const app = new Hono<FlashEnv>()
  app.use(flash({ secret: SECRET, logger: (text) => logged.push(text), ...options }))
  app.post('/notes', (c) => {
    success(c, 'Note saved.')
    return c.redirect('/')
  })
  app.post('/two', (c) => {
    success(c, 'one')
    warning(c, 'two')
    return c.redirect('/')
  })
  app.get('/', (c) =>
    c.json([...getMessages(c)].map((m) => ({ level: m.level, text: String(m), tags: m.tags }))),
  )
  app.get('/untouched', (c) => c.text('ok'))
  app.get('/count', (c) => c.json(getMessages(c).length))
  return { app, logged }
}

export function cycleTests(label: string) {
  describe(`request/response cycle (${label})`, () => {
    test('add, redirect, show once, in order, then nothing', async () => {
      const { app, logged } = notesApp()
      const b = browser((path, init) => app.request(path, init))
      const added = await b.request('/two', { method: 'POST' })
      expect(added.status).toBe(302)
      expect(added.headers.get('location')).toBe('/')
      expect(added.setCookies).toHaveLength(1)
      const shown = await b.request('/')
      expect(JSON.parse(shown.text)).toEqual([
        { level: 25, text: 'one', tags: 'success' },
        { level: 30, text: 'two', tags: 'warning' },
      ])
      expect(shown.setCookies).toEqual([
        'messages=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
      ])
      const again = await b.request('/')
      expect(JSON.parse(again.text)).toEqual([])
      expect(again.setCookies).toEqual([])
      expect(logged).toEqual([])
    })

    test('a response with immutable headers (Response.redirect, a fetch() result) still carries the cookie', async () => {
      const { app } = notesApp()
      app.post('/immutable', (c) => {
        success(c, 'Saved behind a native redirect.')
        return Response.redirect('http://localhost/', 303)
      })
      app.get('/other-cookie', (c) => {
        setCookie(c, 'theme', 'dark')
        success(c, 'Kept beside another cookie.')
        return c.text('ok')
      })
      const b = browser((path, init) => app.request(path, init))
      const added = await b.request('/immutable', { method: 'POST' })
      expect(added.status).toBe(303)
      expect(added.setCookies).toHaveLength(1)
      expect(JSON.parse((await b.request('/')).text)).toEqual([
        { level: 25, text: 'Saved behind a native redirect.', tags: 'success' },
      ])
      const both = await b.request('/other-cookie')
      expect(both.setCookies.map((c) => c.slice(0, c.indexOf('=')))).toEqual(['theme', 'messages'])
    })

    test('the cookie value is written raw, with exact attributes', async () => {
      const { app } = notesApp({
        cookie: { name: 'flash', domain: 'example.com', path: '/app', secure: true },
      })
      const res = await app.request('/notes', { method: 'POST' })
      const [line] = res.headers.getSetCookie()
      expect(line).toMatch(
        /^flash=[A-Za-z0-9_-]+:[A-Za-z0-9]+:[A-Za-z0-9_-]{43}; Domain=example\.com; Path=\/app; HttpOnly; Secure; SameSite=Lax$/,
      )
      expect(line).not.toContain('%')
    })

    test('maxAge and sameSite: false reach the header', async () => {
      const { app } = notesApp({ maxAge: 600, cookie: { sameSite: false, httpOnly: false } })
      const res = await app.request('/notes', { method: 'POST' })
      expect(res.headers.getSetCookie()[0]).toMatch(/^messages=[^;]+; Max-Age=600; Path=\/$/)
    })

    test('an untouched request costs nothing: no Set-Cookie, even with a message cookie', async () => {
      const { app } = notesApp()
      const b = browser((path, init) => app.request(path, init))
      expect((await b.request('/untouched')).setCookies).toEqual([])
      await b.request('/notes', { method: 'POST' })
      const untouched = await b.request('/untouched')
      expect(untouched.setCookies).toEqual([])
      expect(JSON.parse((await b.request('/count')).text)).toBe(1)
      expect(JSON.parse((await b.request('/')).text)).toHaveLength(1)
    })

    test('a read with no incoming cookie sends no Set-Cookie', async () => {
      const { app } = notesApp()
      const res = await app.request('/')
      expect(await res.json()).toEqual([])
      expect(res.headers.getSetCookie()).toEqual([])
    })

    test.each([
      ['garbage', 'messages=garbage'],
      [
        'tampered',
        'messages=W1siX19qc29uX21lc3NhZ2UiLDAsMjUsImhpIiwiIl1d:1xUdT7:AAAAzOpODld9c5lB301aRtjluPVvD1npQk9wrSKMwM',
      ],
      ['percent-encoded junk', 'messages=%E0%A4%A; other=1'],
      ['quoted', 'messages="a:b:c"'],
      ['huge', `messages=${'a'.repeat(5000)}`],
    ])('a %s cookie is 200 and no messages; cookie storage deletes it once read', async (_, cookie) => {
      const { app } = notesApp({ storage: 'cookie' })
      const res = await app.request('/', { headers: { cookie } })
      expect(res.status).toBe(200)
      expect(await res.json()).toEqual([])
      expect(res.headers.getSetCookie()).toEqual([
        'messages=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
      ])
      const untouched = await app.request('/untouched', { headers: { cookie } })
      expect(untouched.status).toBe(200)
      expect(untouched.headers.getSetCookie()).toEqual([])
    })

    test("Set-Cookie is appended: another middleware's cookies survive, before and after flash", async () => {
      const app = new Hono<FlashEnv>()
      app.use(async (c, next) => {
        await next()
        setCookie(c, 'outer', 'a b')
      })
      app.use(flash({ secret: SECRET }))
      app.use(async (c, next) => {
        setCookie(c, 'inner', '1')
        await next()
      })
      app.post('/notes', (c) => {
        setCookie(c, 'handler', '2')
        success(c, 'Note saved.')
        return c.redirect('/')
      })
      const res = await app.request('/notes', { method: 'POST' })
      const names = res.headers.getSetCookie().map((l) => l.slice(0, l.indexOf('=')))
      expect(names).toEqual(['inner', 'handler', 'messages', 'outer'])
      expect(res.headers.getSetCookie()[3]).toBe('outer=a%20b; Path=/')
    })
  })
}
