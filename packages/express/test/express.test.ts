/**
 * The middleware itself, on Express 5 and 4: options, the storage on req and res.locals, the
 * cookie it writes, every way a response is sent, what an untouched request costs, errors,
 * late adds, and messages that cannot be stored.
 */
import { parseSetCookie, randomTexts } from '@flash/adapter-suite'
import type { RequestHandler } from 'express'
import { describe, expect, it, vi } from 'vitest'
import flash, {
  FlashConfigError,
  getMessages,
  MessagesNotStoredError,
  messagesContext,
  flash as namedFlash,
  STORAGE,
  storageOf,
  success,
  warning,
  webCrypto,
  withSuccessMessage,
} from '../src/index.js'
import { SECRET, SENDERS, testApp } from './app.js'
import { countingCrypto, serve } from './client.js'
import { EXPRESS_VERSIONS } from './harness.js'

/**
 * Replaces `res.locals` after flash(), as passport's (JavaScript) examples do: a new object, not
 * keys added to Express's. The cast: @flash's typing of res.locals asks TypeScript apps to keep
 * `messages` in it.
 */
const replaceLocals: RequestHandler = (req, res, next) => {
  res.locals = { profile: req.headers['x-user'] ?? 'anonymous' } as unknown as typeof res.locals
  next()
}

const SIGNED_VALUE = /^[A-Za-z0-9_.-]+:[0-9A-Za-z]+:[A-Za-z0-9_-]{43}$/

describe('flash()', () => {
  it('is the default export and returns a named middleware', () => {
    expect(flash).toBe(namedFlash)
    expect(flash({ secret: SECRET }).name).toBe('flashMiddleware')
  })

  it('rejects bad options at once, naming the option', () => {
    expect(() => flash({ secret: undefined })).toThrow(
      new FlashConfigError(
        '@flash/express: option "secret" is required: a non-empty string, or a non-empty list of them (the first signs, all verify)',
      ),
    )
    expect(() => flash(undefined as never)).toThrow(/option "secret" is required/)
    expect(() => flash({ secret: SECRET, logger: {} as never })).toThrow(
      '@flash/express: option "logger" must have a warn(message) method, e.g. console',
    )
    expect(() => flash({ secret: SECRET, cookie: { name: 'my messages' } })).toThrow(
      '@flash/express: option "cookie.name" must be a valid cookie name',
    )
    expect(() => flash({ secret: SECRET, cookie: { domain: 'a.test; evil' } })).toThrow(
      '@flash/express: option "cookie.domain" must be a host name such as "example.com" or ".example.com", ' +
        'without scheme, port or path (leave it out for a cookie of the exact host), got "a.test; evil"',
    )
    expect(() => flash({ secret: SECRET, cookie: { path: '/a;b' } })).toThrow(/option "cookie.path"/)
    expect(() => flash({ secret: SECRET, storage: 'memory' as never })).toThrow(/option "storage"/)
  })
})

describe.each(EXPRESS_VERSIONS)('$name', ({ express }) => {
  describe('req.messages and res.locals', () => {
    it('are the storage the core API uses, and templates get it with DEFAULT_MESSAGE_LEVELS', async () => {
      const seen: unknown[] = []
      const { app } = testApp({
        express,
        routes: (a) =>
          a.get('/inspect', (req, res) => {
            seen.push(
              req.messages === storageOf(req),
              res.locals.messages === req.messages,
              (req as unknown as Record<symbol, unknown>)[STORAGE] === req.messages,
              res.locals.DEFAULT_MESSAGE_LEVELS,
              messagesContext(req).messages === req.messages,
            )
            res.send('ok')
          }),
      })
      const { client, close } = await serve(app)
      try {
        await client.get('/inspect')
        expect(seen).toEqual([
          true,
          true,
          true,
          { DEBUG: 10, INFO: 20, SUCCESS: 25, WARNING: 30, ERROR: 40 },
          true,
        ])
      } finally {
        await close()
      }
    })

    it('a template rendered with res.render() shows the messages from res.locals and consumes them', async () => {
      const { app } = testApp({
        express,
        routes: (a) => a.get('/page', (_req, res) => res.render('page', { title: 'Notes' })),
      })
      const { client, close } = await serve(app)
      try {
        await client.post('/add', { text: '<b>Saved</b> & done' })
        const page = await (await client.get('/page')).text()
        expect(page).toBe(
          '<h1>Notes</h1>\n<ul class="messages"><li class="success">&lt;b&gt;Saved&lt;/b&gt; &amp; done</li></ul>\n',
        )
        expect(await (await client.get('/show')).json()).toEqual([])
      } finally {
        await close()
      }
    })
    it('an app that replaces res.locals after flash() (a common pattern) still adds and shows messages', async () => {
      const { app } = testApp({
        express,
        routes: (a) => {
          a.use(replaceLocals)
          a.post('/save', (req, res) => {
            success(req, `Saved for ${res.locals.profile}.`)
            res.redirect('/show')
          })
        },
      })
      const { client, close } = await serve(app)
      try {
        const saved = await client.post('/save', {})
        expect(saved.status).toBe(302)
        expect(await (await client.get('/show')).json()).toEqual(['Saved for anonymous.'])
      } finally {
        await close()
      }
    })

    it('a res.locals the app replaces after flash() still gives templates the messages and the levels', async () => {
      const { app } = testApp({
        express,
        routes: (a) => {
          a.use(replaceLocals)
          a.get('/page', (_req, res) => res.render('page', { title: 'Notes' }))
          a.get('/levels', (_req, res) => res.json(res.locals.DEFAULT_MESSAGE_LEVELS))
        },
      })
      const { client, close } = await serve(app)
      try {
        // The first request installs what carries them: the second one's template must show them too.
        for (const text of ['First', 'Second']) {
          await client.post('/add', { text })
          expect(await (await client.get('/page')).text()).toBe(
            `<h1>Notes</h1>\n<ul class="messages"><li class="success">${text}</li></ul>\n`,
          )
          expect(await (await client.get('/show')).json()).toEqual([])
        }
        expect(await (await client.get('/levels')).json()).toEqual({
          DEBUG: 10,
          INFO: 20,
          SUCCESS: 25,
          WARNING: 30,
          ERROR: 40,
        })
      } finally {
        await close()
      }
    })

    it.each([
      ['a frozen object', () => Object.freeze({ profile: 'frozen' })],
      ['null', () => null],
      ['a copy of it', (before: object) => ({ ...before, profile: 'copied' })],
    ])(
      'messages added before res.locals is replaced with %s are stored, and later adds find flash()',
      async (_name, replace) => {
        const { app, warnings } = testApp({
          express,
          routes: (a) =>
            a.post('/replace', (req, res) => {
              success(req, 'Before.')
              res.locals = replace(res.locals) as unknown as typeof res.locals
              success(req, 'After.')
              res.redirect('/show')
            }),
        })
        const { client, close } = await serve(app)
        try {
          // Twice: the first request of an app installs what carries them, later ones use it.
          for (let round = 0; round < 2; round++) {
            expect((await client.post('/replace', {})).status).toBe(302)
            expect(await (await client.get('/show')).json()).toEqual(['Before.', 'After.'])
          }
          expect(warnings).toEqual([])
        } finally {
          await close()
        }
      },
    )
  })

  describe('cookies', () => {
    it('writes the message cookie raw, with exact attributes', async () => {
      const { app } = testApp({ express })
      const { client, close } = await serve(app)
      try {
        const response = await client.post('/add')
        const [line, ...others] = response.headers.getSetCookie()
        expect(others).toEqual([])
        const cookie = parseSetCookie(line!)
        expect(cookie.name).toBe('messages')
        expect(cookie.value).toMatch(SIGNED_VALUE)
        expect(line).toBe(`messages=${cookie.value}; Path=/; HttpOnly; SameSite=Lax`)
      } finally {
        await close()
      }
    })

    it('honours the cookie options and maxAge (Max-Age and Expires), and deletes with both', async () => {
      const { app } = testApp({
        express,
        flash: {
          maxAge: 600,
          cookie: { name: 'flash', domain: 'example.test', path: '/', secure: true, sameSite: 'Strict' },
        },
      })
      const { client, close } = await serve(app)
      try {
        const before = Date.now()
        const [line] = (await client.post('/add')).headers.getSetCookie()
        const cookie = parseSetCookie(line!)
        expect(line).toBe(
          `flash=${cookie.value}; Max-Age=600; Expires=${cookie.attributes.get('expires')}; Path=/; Domain=example.test; HttpOnly; Secure; SameSite=Strict`,
        )
        const expires = Date.parse(cookie.attributes.get('expires')!)
        expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 600_000)
        expect(expires).toBeLessThanOrEqual(Date.now() + 600_000)
        client.jar.set('flash', cookie.value)
        const [deletion] = (await client.get('/show')).headers.getSetCookie()
        expect(deletion).toBe(
          'flash=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/; Domain=example.test; HttpOnly; Secure; SameSite=Strict',
        )
      } finally {
        await close()
      }
    })

    it('keeps the Set-Cookie lines the app wrote with res.cookie(), before and after the message', async () => {
      const { app } = testApp({
        express,
        routes: (a) =>
          a.post('/both', (req, res) => {
            res.cookie('theme', 'dark')
            success(req, 'Saved.')
            res.append('Set-Cookie', 'late=1; Path=/')
            res.redirect('/show')
          }),
      })
      const { client, close } = await serve(app)
      try {
        const lines = (await client.post('/both')).headers.getSetCookie()
        expect(lines.map((l) => parseSetCookie(l).name)).toEqual(['theme', 'late', 'messages'])
        expect(lines[0]).toBe('theme=dark; Path=/')
        expect(await (await client.get('/show')).json()).toEqual(['Saved.'])
      } finally {
        await close()
      }
    })

    for (const mode of ['plain', 'signed'] as const) {
      it(`is read and written correctly alongside cookie-parser (${mode})`, async () => {
        const seen: unknown[] = []
        const { app } = testApp({
          express,
          cookieParser: mode,
          routes: (a) => {
            a.post('/sign', (req, res) => {
              res.cookie('user', 'ada', { signed: mode === 'signed' })
              success(req, 'Hello, Ada: 100% ready;')
              res.redirect('/show')
            })
            a.get('/cookies', (req, res) => {
              seen.push(
                mode === 'signed' ? req.signedCookies.user : req.cookies.user,
                typeof req.cookies.messages,
              )
              res.json([...getMessages(req)].map(String))
            })
          },
        })
        const { client, close } = await serve(app)
        try {
          await client.post('/sign')
          expect(await (await client.get('/cookies')).json()).toEqual(['Hello, Ada: 100% ready;'])
          expect(seen).toEqual(['ada', 'string'])
          expect(client.jar.get('messages')).toBeUndefined()
        } finally {
          await close()
        }
      })
    }

    it('a percent-encoded copy of a genuine cookie is not genuine (read raw, not decoded)', async () => {
      const { app } = testApp({ express, cookieParser: 'plain' })
      const { client, close } = await serve(app)
      try {
        await client.post('/add')
        const value = client.jar.get('messages')!
        client.jar.set('messages', value.replace(':', '%3A'))
        const response = await client.get('/show')
        expect(response.status).toBe(200)
        expect(await response.json()).toEqual([])
      } finally {
        await close()
      }
    })
  })

  describe('persisted before the headers go out', () => {
    for (const [name, send] of Object.entries(SENDERS)) {
      it(`when the response is sent with ${name}`, async () => {
        const { app } = testApp({
          express,
          routes: (a) =>
            a.get('/send', (req, res, next) => {
              warning(req, `sent with ${name}`)
              send(req, res, next)
            }),
        })
        const { client, close } = await serve(app)
        try {
          const response = await client.get('/send')
          expect(response.status).toBeLessThan(400)
          await response.text()
          expect(response.headers.getSetCookie().map((l) => parseSetCookie(l).name)).toEqual(['messages'])
          expect(await (await client.get('/show')).json()).toEqual([`sent with ${name}`])
        } finally {
          await close()
        }
      })
    }

    it('res.writeHead(status, headers) with its own Set-Cookie keeps both cookies and the status', async () => {
      const { app } = testApp({
        express,
        routes: (a) =>
          a.post(
            '/raw',
            withSuccessMessage('Created.', (_req, res) => {
              res.writeHead(201, { 'Set-Cookie': ['raw=1; Path=/'], 'Content-Type': 'text/plain' })
              res.end('created')
            }),
          ),
      })
      const { client, close } = await serve(app)
      try {
        const response = await client.post('/raw')
        expect(response.status).toBe(201)
        expect(response.headers.get('content-type')).toBe('text/plain')
        expect(response.headers.getSetCookie().map((l) => parseSetCookie(l).name)).toEqual([
          'raw',
          'messages',
        ])
        expect(await (await client.get('/show')).json()).toEqual(['Created.'])
      } finally {
        await close()
      }
    })

    it("res.writeHead(status, [name, value, ...]), Node's flat array form, keeps the headers @flash sets", async () => {
      const { app } = testApp({ express, flash: { htmx: true } })
      app.post('/added', (req, res) => {
        warning(req, 'Added.')
        res.writeHead(303, ['Location', '/show', 'Set-Cookie', 'raw=1; Path=/'])
        res.end()
      })
      app.get('/fragment', (_req, res) => {
        res.writeHead(200, ['HX-Trigger', 'closeModal', 'Content-Type', 'text/html'])
        res.end('<p>fragment</p>')
      })
      app.get('/page', (req, res) => {
        const body = [...getMessages(req)].map(String).join()
        res.writeHead(200, ['Cache-Control', 'public, max-age=600', 'Set-Cookie', 'raw=2; Path=/'])
        res.end(body)
      })
      const { client, close } = await serve(app)
      try {
        const added = await client.post('/added')
        expect(added.status).toBe(303)
        expect(added.headers.get('location')).toBe('/show')
        expect(added.headers.getSetCookie().map((l) => parseSetCookie(l).name)).toEqual(['raw', 'messages'])
        // An htmx fragment: the app's event and the messages in one HX-Trigger, consumed once.
        const fragment = await client.send('/fragment', { headers: { 'HX-Request': 'true' } })
        expect(fragment.headers.get('content-type')).toBe('text/html')
        const trigger = JSON.parse(fragment.headers.get('hx-trigger') ?? '{}')
        expect(Object.keys(trigger)).toEqual(['closeModal', 'messages'])
        expect(trigger.messages.map((m: { message: string }) => m.message)).toEqual(['Added.'])
        expect(await (await client.get('/show')).json()).toEqual([])
        // A page that displayed a message: its cookie deleted, no shared cache may keep it.
        await client.post('/added')
        const page = await client.get('/page')
        expect(await page.text()).toBe('Added.')
        expect(page.headers.get('cache-control')).toBe('no-store')
        expect(page.headers.getSetCookie().map((l) => parseSetCookie(l).name)).toEqual(['raw', 'messages'])
        expect(await (await client.get('/show')).json()).toEqual([])
      } finally {
        await close()
      }
    })

    it('a streamed response whose asynchronous storage finishes too late is reported, not lost silently', async () => {
      const { app, warnings } = testApp({ express, flash: { crypto: webCrypto } })
      app.get('/stream', (req, res) => {
        warning(req, 'Streamed.')
        res.write('first')
        res.end()
      })
      const { client, close } = await serve(app)
      try {
        const response = await client.get('/stream')
        expect(await response.text()).toBe('first')
        expect(response.headers.getSetCookie()).toEqual([])
        // The signature comes after the response: wait for its report.
        await vi.waitFor(() => expect(warnings).toHaveLength(1), { timeout: 10_000 })
        expect(warnings).toEqual([
          '@flash/express: 1 message could not be stored and will not be shown (the response headers were sent ' +
            'by res.write() or a pipe before the asynchronous storage (Web Crypto or a custom storage such as ' +
            '@flash/redis) wrote its cookie; add messages in responses sent whole (res.send(), res.json(), ' +
            'res.redirect()), which wait for the storage, or use the default crypto (node:crypto) with the ' +
            'built-in storages): "Streamed."',
        ])
      } finally {
        await close()
      }
    })

    it('mounted twice (app and router), the first middleware serves and the message is stored once', async () => {
      const { app } = testApp({
        express,
        routes: (a) =>
          a.post(
            '/twice',
            (req, _res, next) => {
              success(req, 'Before the second mount.')
              next()
            },
            flash({ secret: SECRET }),
            (req, res) => {
              success(req, 'Once.')
              res.redirect('/show')
            },
          ),
      })
      const { client, close } = await serve(app)
      try {
        const redirect = await client.post('/twice')
        expect(redirect.headers.getSetCookie().map((l) => parseSetCookie(l).name)).toEqual(['messages'])
        expect(await (await client.get('/show')).json()).toEqual(['Before the second mount.', 'Once.'])
      } finally {
        await close()
      }
    })

    it('with Web Crypto (asynchronous signing) the response waits for the cookie', async () => {
      const { app } = testApp({ express, flash: { crypto: webCrypto } })
      const { client, close } = await serve(app)
      try {
        const redirect = await client.post('/add')
        expect(redirect.status).toBe(302)
        expect(parseSetCookie(redirect.headers.getSetCookie()[0]!).value).toMatch(SIGNED_VALUE)
        expect(await (await client.get('/show')).json()).toEqual(['Note saved.'])
      } finally {
        await close()
      }
    })
  })

  describe('untouched requests', () => {
    it('do no crypto and send no Set-Cookie, even with a message cookie present', async () => {
      const crypto = countingCrypto()
      const { app } = testApp({ express, flash: { crypto } })
      const { client, close } = await serve(app)
      try {
        const empty = await client.get('/untouched')
        expect(empty.headers.getSetCookie()).toEqual([])
        expect(crypto.calls).toBe(0)
        await client.post('/add')
        const calls = crypto.calls
        expect(calls).toBeGreaterThan(0)
        const untouched = await client.get('/untouched')
        expect(await untouched.text()).toBe('ok')
        expect(untouched.headers.getSetCookie()).toEqual([])
        expect(crypto.calls).toBe(calls)
        expect(await (await client.get('/show')).json()).toEqual(['Note saved.'])
      } finally {
        await close()
      }
    })
  })

  describe('errors', () => {
    it('a message added before next(err) is shown by the error page the app renders', async () => {
      const { app, errors } = testApp({
        express,
        routes: (a) =>
          a.post('/pay', (req, _res, next) => {
            warning(req, 'Your card was declined.')
            next(new Error('payment failed'))
          }),
      })
      const { client, close } = await serve(app)
      try {
        const page = await client.post('/pay')
        expect(page.status).toBe(500)
        expect(await page.text()).toBe(
          '<h1>Error: payment failed</h1>\n<ul class="messages"><li class="warning">Your card was declined.</li></ul>\n',
        )
        expect(errors).toHaveLength(1)
        // Shown once: consumed by the error page.
        expect(await (await client.get('/show')).json()).toEqual([])
      } finally {
        await close()
      }
    })

    it('a message added after the response was sent is refused with one report (thrown with strict)', async () => {
      const late = (a: import('express').Express, failures: unknown[]) =>
        a.get('/late', (req, res) => {
          res.json({ ok: true })
          try {
            success(req, 'Too late.')
          } catch (error) {
            failures.push(error)
          }
        })
      const REPORT =
        '@flash/express: 1 message could not be stored and will not be shown (it was added after @flash had ' +
        'stored the messages of this request, e.g. in a stream, a timer or a hook that runs after the ' +
        'response, or in a middleware mounted before (outside) @flash once the rest returned; add ' +
        'messages before the response is sent, in code that runs inside @flash): "Too late."'
      for (const strict of [false, true]) {
        const failures: unknown[] = []
        const { app, warnings } = testApp({ express, flash: { strict }, routes: (a) => late(a, failures) })
        const { client, close } = await serve(app)
        try {
          const response = await client.get('/late')
          expect(response.status).toBe(200)
          expect(response.headers.getSetCookie()).toEqual([])
          expect(await (await client.get('/show')).json()).toEqual([])
          if (strict) {
            expect(failures).toHaveLength(1)
            expect(failures[0]).toBeInstanceOf(MessagesNotStoredError)
            expect((failures[0] as MessagesNotStoredError).message).toBe(REPORT)
            expect((failures[0] as MessagesNotStoredError).unstored.map(String)).toEqual(['Too late.'])
            expect(warnings).toEqual([])
          } else {
            expect(failures).toEqual([])
            expect(warnings).toEqual([REPORT])
          }
        } finally {
          await close()
        }
      }
    })
  })

  describe('messages that cannot be stored', () => {
    const FIVE_LONG = randomTexts(5, 406)
    const addLong = (a: import('express').Express) =>
      a.post('/long', (req, res) => {
        for (const text of FIVE_LONG) success(req, text)
        res.redirect('/show')
      })

    it('are reported through the logger, with count and texts', async () => {
      const { app, warnings } = testApp({ express, flash: { storage: 'cookie' }, routes: addLong })
      const { client, close } = await serve(app)
      try {
        expect((await client.post('/long')).status).toBe(302)
        expect(warnings).toHaveLength(1)
        expect(warnings[0]).toMatch(/^@flash\/express: 1 message could not be stored and will not be shown/)
        expect(warnings[0]).toContain(JSON.stringify(FIVE_LONG[0]!.slice(0, 80)))
      } finally {
        await close()
      }
    })

    it('with strict: true are a MessagesNotStoredError for the app error handler', async () => {
      const { app, errors } = testApp({
        express,
        flash: { storage: 'cookie', strict: true },
        routes: addLong,
      })
      const { client, close } = await serve(app)
      try {
        const response = await client.post('/long')
        expect(response.status).toBe(500)
        expect(errors).toHaveLength(1)
        expect(errors[0]).toBeInstanceOf(MessagesNotStoredError)
        expect((errors[0] as MessagesNotStoredError).unstored.map(String)).toEqual([FIVE_LONG[0]])
      } finally {
        await close()
      }
    })
  })
})
