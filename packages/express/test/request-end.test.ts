/**
 * Where the end of a request depends on what Express knows: a session kept in a cookie
 * (cookie-session), express-session whose secure cookie is not sent over plain HTTP, and
 * `cookie.secure` over plain HTTP as `req.secure` (and `trust proxy`) sees it.
 */
import { parseSetCookie, randomTexts } from '@flash/adapter-suite'
import cookieSession from 'cookie-session'
import type { Express } from 'express'
import session from 'express-session'
import { describe, expect, it } from 'vitest'
import { type ExpressFlashOptions, flash, getMessages, success } from '../src/index.js'
import { SECRET } from './app.js'
import { serve } from './client.js'
import { EXPRESS_VERSIONS, SESSION_SECRET } from './harness.js'

/** `session` (a middleware or none), then flash and two routes: add the posted texts, show them. */
function appWith(express: () => Express, sessions: unknown, options: Partial<ExpressFlashOptions>) {
  const app = express()
  const warnings: string[] = []
  if (sessions) app.use(sessions as never)
  app.use(flash({ secret: SECRET, logger: { warn: (text) => warnings.push(text) }, ...options }))
  app.post('/add/:count', (req, res) => {
    for (const text of TEXTS.slice(0, Number(req.params.count))) success(req, text)
    res.redirect('/show')
  })
  app.get('/show', (req, res) => {
    res.json([...getMessages(req)].map(String))
  })
  return { app, warnings }
}

const TEXTS = randomTexts(30, 300)

describe.each(EXPRESS_VERSIONS)('$name', ({ express }) => {
  it('cookie-session keeps the session in a cookie: at most 2048 characters of messages go there, the rest is reported', async () => {
    const { app, warnings } = appWith(express, cookieSession({ name: 'sess', keys: [SESSION_SECRET] }), {
      storage: 'session',
    })
    const { client, close } = await serve(app)
    try {
      const redirect = await client.post('/add/30')
      const sess = redirect.headers
        .getSetCookie()
        .map(parseSetCookie)
        .find((c) => c.name === 'sess')
      expect(sess!.value.length).toBeLessThan(4096)
      const shown = (await (await client.get('/show')).json()) as string[]
      expect(shown.length).toBeGreaterThan(0)
      expect(shown).toEqual(TEXTS.slice(30 - shown.length))
      expect(warnings).toEqual([
        expect.stringMatching(
          new RegExp(
            `^@flash/express: ${30 - shown.length} messages could not be stored and will not be shown \\(the session is kept in a cookie`,
          ),
        ),
      ])
    } finally {
      await close()
    }
  })

  it('express-session with cookie.secure over plain HTTP sends no session cookie: what goes there is reported', async () => {
    const { app, warnings } = appWith(
      express,
      session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, cookie: { secure: true } }),
      { storage: 'session' },
    )
    const { client, close } = await serve(app)
    try {
      const redirect = await client.post('/add/1')
      expect(redirect.headers.getSetCookie()).toEqual([])
      expect(await (await client.get('/show')).json()).toEqual([])
      expect(warnings).toEqual([
        `@flash/express: 1 message could not be stored and will not be shown (express-session does not send its ` +
          `cookie when cookie.secure is true on a plain-HTTP request, so the session is not found again; pass ` +
          `cookie: { secure: 'auto' } to express-session, and behind a TLS-terminating proxy app.set('trust proxy', ...)): ` +
          JSON.stringify(TEXTS[0]!.slice(0, 80)),
      ])
    } finally {
      await close()
    }
  })

  it("express-session with cookie.secure: 'auto' over plain HTTP keeps the message", async () => {
    const { app, warnings } = appWith(
      express,
      session({
        secret: SESSION_SECRET,
        resave: false,
        saveUninitialized: false,
        cookie: { secure: 'auto' },
      }),
      { storage: 'session' },
    )
    const { client, close } = await serve(app)
    try {
      await client.post('/add/1')
      expect(await (await client.get('/show')).json()).toEqual([TEXTS[0]])
      expect(warnings).toEqual([])
    } finally {
      await close()
    }
  })

  it("scope: 'redirect' behind a trusted proxy binds a redirect to the forwarded host; an untrusted X-Forwarded-Host binds nothing", async () => {
    const proxied = (trust: boolean) => {
      const app = express()
      if (trust) app.set('trust proxy', 'loopback')
      app.use(flash({ secret: SECRET, scope: 'redirect' }))
      app.post('/save', (req, res) => {
        success(req, 'Saved.')
        res.redirect(303, 'https://app.example.com/show')
      })
      return app
    }
    const forwarded = { 'x-forwarded-host': 'app.example.com', 'x-forwarded-proto': 'https' }
    for (const trust of [true, false]) {
      const { client, close } = await serve(proxied(trust))
      try {
        const response = await client.send('/save', { method: 'POST', headers: forwarded })
        const location = response.headers.get('location')!
        if (trust) expect(location).toMatch(/^https:\/\/app\.example\.com\/show\?_flash=[A-Za-z0-9_-]{16}$/)
        else expect(location).toBe('https://app.example.com/show')
      } finally {
        await close()
      }
    }
  })

  it("cookie.secure: behind a trusted proxy that says https no warning; over plain HTTP one, naming 'trust proxy'", async () => {
    const { app, warnings } = appWith(express, undefined, { storage: 'cookie', cookie: { secure: true } })
    app.set('trust proxy', 'loopback')
    const { client, close } = await serve(app)
    try {
      const proxied = await client.send('/add/1', {
        method: 'POST',
        headers: { 'x-forwarded-proto': 'https' },
      })
      expect(parseSetCookie(proxied.headers.getSetCookie()[0]!).attributes.get('secure')).toBe('')
      expect(warnings).toEqual([])
      await client.post('/add/1')
      await client.post('/add/1')
      expect(warnings).toEqual([
        `@flash/express: option "cookie.secure" is true, but a request came over plain HTTP, so browsers other ` +
          `than on http://localhost drop the message cookie and its messages are lost; behind a TLS-terminating ` +
          `proxy set app.set('trust proxy', ...) so that req.secure is true, or use cookie.secure: false in development`,
      ])
    } finally {
      await close()
    }
  })
})
