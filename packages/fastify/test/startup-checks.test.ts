/**
 * Misconfigurations that used to register and then answer 500 on every request that wrote
 * messages now fail at registration, naming the option and the fix: a cookie domain with a port
 * or a path the `cookie` package refuses ('cookie domain is invalid'), a `maxAge` it refuses
 * (1e300) or browsers cap, a `sessionKey` @fastify/session's `request.session` already uses
 * (`cookie`, `sessionId`... answered 500, `__proto__` lost the messages) or
 * @fastify/secure-session's timestamp, `tags` that are not an object. A malformed success
 * template is an error naming it, never shown raw.
 */
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import session from '@fastify/session'
import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import flash, { FlashConfigError, type FlashFastifyOptions, getMessages, success } from '../src/index.js'
import { Client, setCookies } from './client.js'
import { SESSION_SECRET } from './harness.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'

const PATH_ENCODED = (given: string, encoded: string) =>
  `option "cookie.path" is ${given}, but browsers match a cookie's path against the percent-encoded URL ` +
  `path and the frameworks' cookie serializers refuse other characters; write it encoded: ${encoded}`
const TOO_LONG = (given: string) =>
  `option "maxAge" is ${given} seconds, but browsers keep a cookie at most 400 days (34560000 seconds); ` +
  'use at most 34560000, or null for a cookie that lasts the browser session'
const RESERVED = (key: string, owner = "@fastify/session's request.session") =>
  `option "sessionKey" is "${key}", a name ${owner} already uses: messages stored under it would break the ` +
  'session or be lost; use another key, e.g. the default "_messages"'

/** The app: @fastify/cookie, flash, then @fastify/session, POST /add adds "hello", GET /show lists. */
async function appWith(options: Partial<FlashFastifyOptions>): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(cookie)
  await app.register(formbody)
  await app.register(flash, { secret: SECRET, ...options })
  await app.register(session, { secret: SESSION_SECRET, cookie: { secure: false } })
  app.post('/add', async (request, reply) => {
    success(request, 'hello')
    return reply.redirect('/show')
  })
  app.get('/show', async (request) => [...getMessages(request)].map(String))
  await app.ready()
  return app
}

/** The message cookie's `Set-Cookie` (@fastify/session sends its own too). */
function messageCookies(response: Parameters<typeof setCookies>[0]): string[] {
  return setCookies(response).filter((line) => line.startsWith('messages='))
}

describe('registration refuses what failed per request', () => {
  it.each<[Partial<FlashFastifyOptions>, string]>([
    [
      { cookie: { domain: 'example.com:8080' } },
      'option "cookie.domain" must be a host name such as "example.com" or ".example.com", without scheme, ' +
        'port or path (leave it out for a cookie of the exact host), got "example.com:8080"; use "example.com"',
    ],
    [{ cookie: { path: '/café' } }, PATH_ENCODED('"/café"', '"/caf%C3%A9"')],
    [{ cookie: { path: '/a\u0001b' } }, PATH_ENCODED('"/a\\u0001b"', '"/a%01b"')],
    [{ maxAge: 500 * 86400 }, TOO_LONG('43200000')],
    [{ maxAge: 1e300 }, TOO_LONG('1e+300')],
    ...['cookie', 'sessionId', 'encryptedSessionId', 'get', 'save'].map(
      (key): [Partial<FlashFastifyOptions>, string] => [
        { storage: 'session', sessionKey: key },
        RESERVED(key),
      ],
    ),
    [
      { storage: 'session', sessionKey: '__ts' },
      RESERVED('__ts', "@fastify/secure-session's session data (its timestamp)"),
    ],
    [
      { sessionKey: '__proto__' },
      'option "sessionKey" is "__proto__", a property every JavaScript object has: messages stored under it ' +
        'would be lost or break the session; use another key, e.g. the default "_messages"',
    ],
    [
      { tags: 'abc' as never },
      `option "tags" must be a plain object mapping levels to tags, e.g. { 40: 'danger' }, got "abc"`,
    ],
  ])('%j', async (options, message) => {
    await expect(appWith(options)).rejects.toThrow(new FlashConfigError(`@flash/fastify: ${message}`))
  })
})

describe('what stays valid works across requests', () => {
  it('maxAge of exactly 400 days goes out as Max-Age and the message arrives', async () => {
    const app = await appWith({ storage: 'cookie', maxAge: 34560000 })
    const client = new Client(app)
    expect(messageCookies(await client.post('/add'))).toEqual([
      expect.stringMatching(/^messages=[^;]+; Max-Age=34560000; Path=\/; HttpOnly; SameSite=Lax$/),
    ])
    expect((await client.get('/show')).json()).toEqual(['hello'])
    await app.close()
  })

  it("a domain with Django's leading dot and a percent-encoded path go out as given", async () => {
    const app = await appWith({ storage: 'cookie', cookie: { domain: '.example.com', path: '/caf%C3%A9' } })
    expect(messageCookies(await new Client(app).post('/add'))).toEqual([
      expect.stringMatching(/; Domain=\.example\.com; Path=\/caf%C3%A9; HttpOnly; SameSite=Lax$/),
    ])
    await app.close()
  })

  it('a session key the session plugins leave alone keeps the messages in the session', async () => {
    const app = await appWith({ storage: 'session', sessionKey: 'flash' })
    const client = new Client(app)
    expect((await client.post('/add')).statusCode).toBe(302)
    expect((await client.get('/show')).json()).toEqual(['hello'])
    await app.close()
  })
})

describe('a malformed success template', () => {
  it.each([
    ['%(name saved', '"%(name saved" at index 0 has no closing ")"'],
    [
      '%(name)x saved',
      '"%(name)x" at index 0 has the conversion "x", which is not one of s, r, d, i, u, f, F',
    ],
  ])('%j is an error naming it when the route is registered', async (template, problem) => {
    const app = Fastify()
    await app.register(cookie)
    await app.register(formbody)
    await app.register(flash, { secret: SECRET })
    const expected = new FlashConfigError(
      `@flash/fastify: route POST /contacts: success message ${JSON.stringify(template)} is not a valid ` +
        `template: ${problem}; write a field as %(field)s and a literal % as %%`,
    )
    expect(() =>
      app.post('/contacts', { config: { successMessage: template } }, async (_request, reply) =>
        reply.redirect('/show'),
      ),
    ).toThrow(expected)
    await app.close()
  })
})
