/**
 * Misconfigurations that used to start and then fail, or go wrong, on every request now fail when
 * flash() or withSuccessMessage() is called, naming the option and the fix: a cookie path or
 * domain Koa's `cookies` refuses per write ('option domain is invalid'), a `maxAge` that wrote
 * `expires=Invalid Date`, a `sessionKey` koa-session's `ctx.session` already uses, `tags` that are
 * not an object, a malformed success template. `app.use(flash)` cannot be seen at startup: its
 * requests now fail saying to call the factory. Through a real `http.Server`.
 */
import { SECRET } from '@flash/adapter-suite'
import { bodyParser } from '@koa/bodyparser'
import Koa, { type Middleware } from 'koa'
import session from 'koa-session'
import { afterEach, describe, expect, it } from 'vitest'
import {
  FlashConfigError,
  flash,
  getMessages,
  type KoaFlashOptions,
  success,
  withSuccessMessage,
} from '../src/index.js'
import { serve } from './client.js'
import { APP_KEYS } from './harness.js'

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
  `option "sessionKey" is "${key}", a name koa-session's ctx.session already uses: messages stored under ` +
  'it would break the session or be lost; use another key, e.g. the default "messages"'

describe('flash() refuses at startup what failed per request', () => {
  it.each<[Partial<KoaFlashOptions>, string]>([
    [
      { cookie: { domain: 'example.com:8080' } },
      'option "cookie.domain" must be a host name such as "example.com" or ".example.com", without scheme, ' +
        'port or path (leave it out for a cookie of the exact host), got "example.com:8080"; use "example.com"',
    ],
    [{ cookie: { path: '/café' } }, PATH_ENCODED('"/café"', '"/caf%C3%A9"')],
    [{ cookie: { path: '/a\u0001b' } }, PATH_ENCODED('"/a\\u0001b"', '"/a%01b"')],
    [{ maxAge: 500 * 86400 }, TOO_LONG('43200000')],
    [{ maxAge: 1e13 }, TOO_LONG('10000000000000')],
    [{ maxAge: 1e300 }, TOO_LONG('1e+300')],
    ...['isNew', 'maxAge', 'length', 'toJSON', 'save'].map((key): [Partial<KoaFlashOptions>, string] => [
      { storage: 'session', sessionKey: key },
      RESERVED(key),
    ]),
    [
      { sessionKey: '__proto__' },
      'option "sessionKey" is "__proto__", a property every JavaScript object has: messages stored under it ' +
        'would be lost or break the session; use another key, e.g. the default "messages"',
    ],
    [
      { tags: 'abc' as never },
      `option "tags" must be a plain object mapping levels to tags, e.g. { 40: 'danger' }, got "abc"`,
    ],
  ])('%j', (options, message) => {
    expect(() => flash({ secret: SECRET, ...options })).toThrow(
      new FlashConfigError(`@flash/koa: ${message}`),
    )
  })
})

/** A Koa app: koa-session, flash with `options`, POST /add adds "hello" and redirects, GET /show lists. */
async function start(options: Partial<KoaFlashOptions>, mount?: Middleware) {
  const app = new Koa()
  app.keys = APP_KEYS
  app.silent = true
  const errors: Error[] = []
  app.on('error', (error: Error) => errors.push(error))
  app.use(session(app))
  app.use(mount ?? flash({ secret: SECRET, ...options }))
  app.use(async (ctx) => {
    if (ctx.path === '/add') {
      success(ctx, 'hello')
      ctx.redirect('/show')
    } else ctx.body = [...getMessages(ctx)].map(String)
  })
  const served = await serve(app)
  running.push(served.close)
  return { client: served.client, errors }
}

describe('what stays valid works over HTTP', () => {
  it('maxAge of exactly 400 days: Max-Age and a real expires date, and the message arrives', async () => {
    const { client } = await start({ storage: 'cookie', maxAge: 34560000 })
    const before = Date.now()
    const added = await client.post('/add')
    const [cookie] = added.headers.getSetCookie()
    expect(cookie).toMatch(
      /^messages=[^;]+; path=\/; expires=[^;]+; max-age=34560000; samesite=lax; httponly$/,
    )
    const expires = Date.parse(/expires=([^;]+)/.exec(cookie as string)?.[1] as string)
    expect(expires - before).toBeGreaterThan(34559990 * 1000)
    expect(await (await client.get('/show')).json()).toEqual(['hello'])
  })

  it("a domain with Django's leading dot, and a percent-encoded path, go out as given", async () => {
    const { client } = await start({
      storage: 'cookie',
      cookie: { domain: '.example.com', path: '/caf%C3%A9' },
    })
    expect((await client.post('/add')).headers.getSetCookie()).toEqual([
      expect.stringMatching(/; path=\/caf%C3%A9; domain=\.example\.com; samesite=lax; httponly$/),
    ])
  })
})

describe('app.use(flash), the factory uncalled', () => {
  it('every request fails saying to call it, not that "request" is an unknown option', async () => {
    const { client, errors } = await start({}, flash as unknown as Middleware)
    expect((await client.post('/add')).status).toBe(500)
    expect((await client.get('/show')).status).toBe(500)
    const called =
      '@flash/koa: flash was passed to app.use() uncalled, so it is called on every request with the request as ' +
      'its options; flash is a factory: call it, app.use(flash({ secret: process.env.FLASH_SECRET }))'
    expect(errors.map((e) => [e.name, e.message])).toEqual([
      ['FlashConfigError', called],
      ['FlashConfigError', called],
    ])
  })
})

describe('withSuccessMessage checks its arguments when the route is declared', () => {
  const handler = () => undefined
  it.each<[unknown, unknown, string]>([
    [
      123,
      handler,
      '@flash/koa: withSuccessMessage(message, handler) needs a "%(field)s" template or a function ' +
        '(body, result) => string as message, not number',
    ],
    [
      null,
      handler,
      '@flash/koa: withSuccessMessage(message, handler) needs a "%(field)s" template or a function ' +
        '(body, result) => string as message, not null',
    ],
    ['x', undefined, '@flash/koa: withSuccessMessage(message, handler) needs a handler function'],
    [
      '%(name saved',
      handler,
      '@flash/koa: success message "%(name saved" is not a valid template: "%(name saved" at index 0 has no ' +
        'closing ")"; write a field as %(field)s and a literal % as %%',
    ],
    [
      '%(name)x saved',
      handler,
      '@flash/koa: success message "%(name)x saved" is not a valid template: "%(name)x" at index 0 has the ' +
        'conversion "x", which is not one of s, r, d, i, u, f, F; write a field as %(field)s and a literal % as %%',
    ],
  ])('withSuccessMessage(%j, %s)', (message, handler, error) => {
    expect(() => withSuccessMessage(message as string, handler as () => void)).toThrow(
      new FlashConfigError(error),
    )
  })

  it('so a bad one never runs a handler whose effect then ends in a 500', async () => {
    let created = 0
    const app = new Koa()
    app.silent = true
    app.use(bodyParser())
    app.use(flash({ secret: SECRET }))
    const declare = () =>
      withSuccessMessage(123 as unknown as string, (ctx) => {
        created++
        ctx.redirect('/')
      })
    expect(declare).toThrow(FlashConfigError)
    // A valid one, declared the same way, still works end to end.
    const route = withSuccessMessage('%(name)s saved (%(count)03d)', (ctx) => {
      created++
      ctx.redirect('/show')
    })
    app.use(async (ctx, next) => {
      if (ctx.path === '/create') return route(ctx, next)
      ctx.body = [...getMessages(ctx)].map(String)
    })
    const served = await serve(app)
    running.push(served.close)
    expect((await served.client.post('/create', { name: 'Ada', count: '7' })).status).toBe(302)
    expect(await (await served.client.get('/show')).json()).toEqual(['Ada saved (007)'])
    expect(created).toBe(1)
  })
})
