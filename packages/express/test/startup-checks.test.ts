/**
 * Misconfigurations that used to start and then fail, or go wrong, on every request now fail when
 * flash() is called, naming the option and the fix: a cookie domain with a port (sent, and
 * refused by browsers), a path `res.cookie` throws for (ERR_INVALID_CHAR), a `maxAge` that wrote
 * `Expires=Invalid Date`, a `sessionKey` express-session's `req.session` already uses (`save`
 * and `__proto__` lost the messages, `id` answered 500, `cookie` hung the request), `tags` that
 * are not an object. `app.use(flash)` cannot be seen at startup: its requests now fail saying to
 * call the factory. A malformed success template is an error naming it, never shown raw. Over
 * real HTTP, on Express 5 and 4.
 */
import type { Express } from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import connectFlash from '../src/connect-flash.js'
import {
  type ExpressFlashOptions,
  FlashConfigError,
  flash,
  getMessages,
  success,
  withSuccessMessage,
} from '../src/index.js'
import { SECRET, testApp } from './app.js'
import { serve } from './client.js'
import { CountingMemoryStore, EXPRESS_VERSIONS } from './harness.js'

const running: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of running.splice(0)) await close()
})

const PATH_ENCODED = (given: string, encoded: string) =>
  `option "cookie.path" is ${given}, but browsers match a cookie's path against the percent-encoded URL ` +
  `path and the frameworks' cookie serializers refuse other characters; write it encoded: ${encoded}`
const TOO_LONG = (given: string) =>
  `option "maxAge" is ${given} seconds, but browsers keep a cookie at most 400 days (34560000 seconds); ` +
  'use at most 34560000, or null for a cookie that lasts the browser session'
const RESERVED = (key: string) =>
  `option "sessionKey" is "${key}", a name express-session's req.session already uses: messages stored ` +
  'under it would break the session or be lost; use another key, e.g. the default "_messages"'
const CALL_IT =
  '@flash/express: flash was passed to app.use() uncalled, so it is called on every request with the request ' +
  'as its options; flash is a factory: call it, app.use(flash({ secret: process.env.FLASH_SECRET }))'

describe('flash() refuses at startup what failed per request', () => {
  it.each<[Partial<ExpressFlashOptions>, string]>([
    [
      { cookie: { domain: 'example.com:8080' } },
      'option "cookie.domain" must be a host name such as "example.com" or ".example.com", without scheme, ' +
        'port or path (leave it out for a cookie of the exact host), got "example.com:8080"; use "example.com"',
    ],
    [{ cookie: { path: '/café' } }, PATH_ENCODED('"/café"', '"/caf%C3%A9"')],
    [{ cookie: { path: '/a\u0001b' } }, PATH_ENCODED('"/a\\u0001b"', '"/a%01b"')],
    [{ maxAge: 500 * 86400 }, TOO_LONG('43200000')],
    [{ maxAge: 1e13 }, TOO_LONG('10000000000000')],
    ...['cookie', 'id', 'save', 'req', 'regenerate'].map((key): [Partial<ExpressFlashOptions>, string] => [
      { storage: 'session', sessionKey: key },
      RESERVED(key),
    ]),
    [
      { sessionKey: '__proto__' },
      'option "sessionKey" is "__proto__", a property every JavaScript object has: messages stored under it ' +
        'would be lost or break the session; use another key, e.g. the default "_messages"',
    ],
    [
      { tags: ['a'] as never },
      `option "tags" must be a plain object mapping levels to tags, e.g. { 40: 'danger' }, got an array (["a"])`,
    ],
  ])('%j', (options, message) => {
    const error = new FlashConfigError(`@flash/express: ${message}`)
    expect(() => flash({ secret: SECRET, ...options })).toThrow(error)
    expect(() => connectFlash({ secret: SECRET, ...options })).toThrow(error)
  })
})

describe.each(EXPRESS_VERSIONS)('over HTTP on $name', ({ express }) => {
  async function start(options: Partial<ExpressFlashOptions>, routes?: (app: Express) => void) {
    const { app, errors } = testApp({ express, flash: options, store: new CountingMemoryStore(), routes })
    const served = await serve(app)
    running.push(served.close)
    return { client: served.client, errors }
  }

  it('maxAge of exactly 400 days: Max-Age and a real Expires date, and the message arrives', async () => {
    const { client } = await start({ storage: 'cookie', maxAge: 34560000 })
    const before = Date.now()
    const [cookie] = (await client.post('/add', { text: 'hello' })).headers.getSetCookie()
    expect(cookie).toMatch(
      /^messages=[^;]+; Max-Age=34560000; Expires=[^;]+ GMT; Path=\/; HttpOnly; SameSite=Lax$/,
    )
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie as string)?.[1] as string)
    expect(expires - before).toBeGreaterThan(34559990 * 1000)
    expect(await (await client.get('/show')).json()).toEqual(['hello'])
  })

  it('a session key express-session leaves alone keeps the messages in the session', async () => {
    const { client } = await start({ storage: 'session', sessionKey: 'flash' })
    expect((await client.post('/add', { text: 'hello' })).status).toBe(302)
    expect(await (await client.get('/show')).json()).toEqual(['hello'])
  })

  it.each([
    ['flash', flash],
    ['connect-flash', connectFlash],
  ])('app.use(%s) uncalled: every request fails saying to call it', async (_name, factory) => {
    const app = express()
    const errors: unknown[] = []
    app.use(factory as never)
    app.post('/add', (req, res) => {
      success(req, 'hello')
      res.redirect('/show')
    })
    app.get('/show', (req, res) => {
      res.json([...getMessages(req)].map(String))
    })
    app.use(((error, _req, res, _next) => {
      errors.push(error)
      res.status(500).send('failed')
    }) as import('express').ErrorRequestHandler)
    const served = await serve(app)
    running.push(served.close)
    expect((await served.client.post('/add')).status).toBe(500)
    expect((await served.client.get('/show')).status).toBe(500)
    expect(errors).toEqual([new FlashConfigError(CALL_IT), new FlashConfigError(CALL_IT)])
  })

  it.each([
    ['%(name saved', '"%(name saved" at index 0 has no closing ")"'],
    [
      '%(name)x saved',
      '"%(name)x" at index 0 has the conversion "x", which is not one of s, r, d, i, u, f, F',
    ],
  ])(
    'a malformed success template %j is an error naming it where the route is declared',
    (template, problem) => {
      expect(() => withSuccessMessage(template, (_req, res) => res.redirect('/show'))).toThrow(
        new FlashConfigError(
          `@flash/express: success message ${JSON.stringify(template)} is not a valid template: ${problem}; ` +
            'write a field as %(field)s and a literal % as %%',
        ),
      )
    },
  )
})
