/**
 * Misconfigurations that used to start and then go wrong on every request now fail when flash()
 * is called, naming the option and the fix, in the words the other adapters use: a cookie domain
 * with a port (sent, and refused by browsers), a path with a control character (a 500 per write),
 * a `maxAge` past 400 days (refused before, in Hono's words only), a `sessionKey` every object
 * has, `tags` that are not an object. `app.use(flash)` cannot be seen at startup: its requests
 * now fail saying to call the factory. A malformed success template is an error naming it, never
 * shown raw. Through `app.request`.
 */
import { Hono } from 'hono'
import { describe, expect, test } from 'vitest'
import {
  FlashConfigError,
  type FlashEnv,
  flash,
  getMessages,
  type HonoFlashOptions,
  success,
  withSuccessMessage,
} from '../src/index.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

const PATH_ENCODED = (given: string, encoded: string) =>
  `option "cookie.path" is ${given}, but browsers match a cookie's path against the percent-encoded URL ` +
  `path and the frameworks' cookie serializers refuse other characters; write it encoded: ${encoded}`
const TOO_LONG = (given: string) =>
  `option "maxAge" is ${given} seconds, but browsers keep a cookie at most 400 days (34560000 seconds); ` +
  'use at most 34560000, or null for a cookie that lasts the browser session'

describe('flash() refuses at startup what went wrong per request', () => {
  test.each<[Partial<HonoFlashOptions>, string]>([
    [
      { cookie: { domain: 'example.com:8080' } },
      'option "cookie.domain" must be a host name such as "example.com" or ".example.com", without scheme, ' +
        'port or path (leave it out for a cookie of the exact host), got "example.com:8080"; use "example.com"',
    ],
    [{ cookie: { path: '/café' } }, PATH_ENCODED('"/café"', '"/caf%C3%A9"')],
    [{ cookie: { path: '/a\u0001b' } }, PATH_ENCODED('"/a\\u0001b"', '"/a%01b"')],
    [{ maxAge: 500 * 86400 }, TOO_LONG('43200000')],
    [{ maxAge: 1e300 }, TOO_LONG('1e+300')],
    ...['__proto__', 'constructor'].map((key): [Partial<HonoFlashOptions>, string] => [
      { storage: 'session', sessionKey: key },
      `option "sessionKey" is "${key}", a property every JavaScript object has: messages stored under it ` +
        'would be lost or break the session; use another key, e.g. the default "_messages"',
    ]),
    [
      { tags: ['a'] as never },
      `option "tags" must be a plain object mapping levels to tags, e.g. { 40: 'danger' }, got an array (["a"])`,
    ],
  ])('%j', (options, message) => {
    expect(() => flash({ secret: SECRET, ...options })).toThrow(
      new FlashConfigError(`@flash/hono: ${message}`),
    )
  })
})

/** POST /add adds "hello" and redirects, GET /show lists; errors are answered with their message. */
function appWith(middleware: unknown) {
  const app = new Hono<FlashEnv>()
  const errors: Error[] = []
  app.onError((error, c) => {
    errors.push(error)
    return c.text(error.message, 500)
  })
  app.use(middleware as ReturnType<typeof flash>)
  app.post('/add', (c) => {
    success(c, 'hello')
    return c.redirect('/show')
  })
  app.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  return { app, errors, client: browser((path, init) => app.request(path, init)) }
}

describe('what stays valid works across requests', () => {
  test('maxAge of exactly 400 days goes out as Max-Age and the message arrives', async () => {
    const { client } = appWith(flash({ secret: SECRET, storage: 'cookie', maxAge: 34560000 }))
    expect((await client.request('/add', { method: 'POST' })).setCookies).toEqual([
      expect.stringMatching(/^messages=[^;]+; Max-Age=34560000; Path=\/; HttpOnly; SameSite=Lax$/),
    ])
    expect(JSON.parse((await client.request('/show')).text)).toEqual(['hello'])
  })

  test("a domain with Django's leading dot and a percent-encoded path go out as given", async () => {
    const { client } = appWith(
      flash({ secret: SECRET, storage: 'cookie', cookie: { domain: '.example.com', path: '/caf%C3%A9' } }),
    )
    expect((await client.request('/add', { method: 'POST' })).setCookies).toEqual([
      expect.stringMatching(/; Domain=\.example\.com; Path=\/caf%C3%A9; HttpOnly; SameSite=Lax$/),
    ])
  })
})

describe('app.use(flash), the factory uncalled', () => {
  test('every request fails saying to call it, not that "env" is an unknown option', async () => {
    const { client, errors } = appWith(flash)
    expect((await client.request('/add', { method: 'POST' })).status).toBe(500)
    expect((await client.request('/show')).status).toBe(500)
    const called = new FlashConfigError(
      '@flash/hono: flash was passed to app.use() uncalled, so it is called on every request with the request ' +
        'as its options; flash is a factory: call it, app.use(flash({ secret: process.env.FLASH_SECRET }))',
    )
    expect(errors).toEqual([called, called])
  })
})

describe('a malformed success template', () => {
  test.each([
    ['%(name saved', '"%(name saved" at index 0 has no closing ")"'],
    [
      '%(name)x saved',
      '"%(name)x" at index 0 has the conversion "x", which is not one of s, r, d, i, u, f, F',
    ],
  ])('%j is an error naming it where the route is declared', (template, problem) => {
    expect(() => withSuccessMessage(template, (c) => c.redirect('/show'))).toThrow(
      new FlashConfigError(
        `@flash/hono: success message ${JSON.stringify(template)} is not a valid template: ${problem}; ` +
          'write a field as %(field)s and a literal % as %%',
      ),
    )
  })
})
