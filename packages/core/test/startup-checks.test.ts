/**
 * Options that used to pass startup and then fail, or go wrong, on every request: a cookie path or
 * domain the serializers or browsers refuse, a `maxAge` past what browsers keep, a `sessionKey`
 * the session object already uses, `tags` that are not an object, and `app.use(flash)` (the
 * factory uncalled). Each now fails in `resolveOptions` with the option and the fix.
 */
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import {
  type AdapterProfile,
  FlashConfigError,
  type FlashOptions,
  rejectUncalledFactory,
  resolveOptions,
} from '../src/index.js'
import { PROFILE } from './helpers/config.js'

const SECRET = 'x'.repeat(32)

function failure(options: object, profile: AdapterProfile = PROFILE): string {
  try {
    resolveOptions({ secret: SECRET, ...options } as FlashOptions, profile)
  } catch (error) {
    expect(error).toBeInstanceOf(FlashConfigError)
    return (error as Error).message
  }
  throw new Error('resolveOptions accepted invalid options')
}

const HOST_NAME =
  '@flash/test: option "cookie.domain" must be a host name such as "example.com" or ".example.com", ' +
  'without scheme, port or path (leave it out for a cookie of the exact host), got '

describe('cookie.path and cookie.domain: what every serializer and browser accepts', () => {
  it.each([
    [
      '/café',
      '@flash/test: option "cookie.path" is "/café", but browsers match a cookie\'s path against the ' +
        "percent-encoded URL path and the frameworks' cookie serializers refuse other characters; " +
        'write it encoded: "/caf%C3%A9"',
    ],
    [
      '/a|b^c',
      '@flash/test: option "cookie.path" is "/a|b^c", but browsers match a cookie\'s path against the ' +
        "percent-encoded URL path and the frameworks' cookie serializers refuse other characters; " +
        'write it encoded: "/a%7Cb%5Ec"',
    ],
    [
      '/a\u0001b',
      '@flash/test: option "cookie.path" is "/a\\u0001b", but browsers match a cookie\'s path against the ' +
        "percent-encoded URL path and the frameworks' cookie serializers refuse other characters; " +
        'write it encoded: "/a%01b"',
    ],
    [
      '/a b<c>',
      '@flash/test: option "cookie.path" is "/a b<c>", but browsers match a cookie\'s path against the ' +
        "percent-encoded URL path and the frameworks' cookie serializers refuse other characters; " +
        'write it encoded: "/a%20b%3Cc%3E"',
    ],
    [
      '/\ud800',
      '@flash/test: option "cookie.path" is "/\\ud800", but browsers match a cookie\'s path against the ' +
        "percent-encoded URL path and the frameworks' cookie serializers refuse other characters; " +
        'use only printable ASCII',
    ],
    ['/a;b', '@flash/test: option "cookie.path" must not contain ";", which ends the attribute, got "/a;b"'],
    [
      'app',
      '@flash/test: option "cookie.path" must be a URL path starting with "/", e.g. "/" or "/app", got "app"',
    ],
    [
      42,
      '@flash/test: option "cookie.path" must be a URL path starting with "/", e.g. "/" or "/app", got 42',
    ],
  ])('path %j is refused', (path, message) => {
    expect(failure({ cookie: { path } })).toBe(message)
  })

  it.each([
    ['example.com:8080', `${HOST_NAME}"example.com:8080"; use "example.com"`],
    ['https://example.com/app', `${HOST_NAME}"https://example.com/app"; use "example.com"`],
    ['bücher.example', `${HOST_NAME}"bücher.example"; use "xn--bcher-kva.example"`],
    ['example.com.', `${HOST_NAME}"example.com."`],
    ['a;b', `${HOST_NAME}"a;b"`],
    [5, `${HOST_NAME}5`],
  ])('domain %j is refused', (domain, message) => {
    expect(failure({ cookie: { domain } })).toBe(message)
  })

  it("keeps what is valid as given, Django's leading dot included", () => {
    const config = resolveOptions(
      {
        secret: SECRET,
        cookie: { path: "/app/caf%C3%A9/a-b_c.d~e!$&'()*+,=:@", domain: '.Sub-1.example.com' },
      },
      PROFILE,
    )
    expect(config.cookieAttributes).toMatchObject({
      path: "/app/caf%C3%A9/a-b_c.d~e!$&'()*+,=:@",
      domain: '.Sub-1.example.com',
    })
    const domainOf = (domain: string) =>
      resolveOptions({ secret: SECRET, cookie: { domain } }, PROFILE).cookieAttributes.domain
    expect(domainOf('127.0.0.1')).toBe('127.0.0.1')
    // An empty COOKIE_DOMAIN: the exact host, as before (no adapter sent `Domain=`).
    expect(domainOf('')).toBeUndefined()
  })
})

describe('maxAge: at most the 400 days browsers keep a cookie', () => {
  const TOO_LONG = (given: string) =>
    `@flash/test: option "maxAge" is ${given} seconds, but browsers keep a cookie at most 400 days ` +
    '(34560000 seconds); use at most 34560000, or null for a cookie that lasts the browser session'

  it.each([
    [34560000.5, TOO_LONG('34560000.5')],
    [500 * 86400, TOO_LONG('43200000')],
    [1e13, TOO_LONG('10000000000000')],
    [1e300, TOO_LONG('1e+300')],
  ])('%d is refused', (maxAge, message) => {
    expect(failure({ maxAge })).toBe(message)
  })

  it('accepts exactly 400 days, sent as Max-Age', () => {
    const config = resolveOptions({ secret: SECRET, maxAge: 34560000 }, PROFILE)
    expect([config.maxAge, config.cookieAttributes.maxAge]).toEqual([34560000, 34560000])
  })
})

describe('sessionKey: not a name the session object already uses', () => {
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'])(
    '%s, which every object has, is refused on any adapter',
    (sessionKey) => {
      expect(failure({ sessionKey })).toBe(
        `@flash/test: option "sessionKey" is "${sessionKey}", a property every JavaScript object has: ` +
          'messages stored under it would be lost or break the session; use another key, e.g. the default "_messages"',
      )
    },
  )

  const library: AdapterProfile = {
    ...PROFILE,
    defaultSessionKey: 'messages',
    reservedSessionKeys: [
      { owner: "a-session's req.session", keys: ['save', 'id'] },
      { owner: "b-session's session data", keys: ['__ts'] },
    ],
  }

  it.each([
    ['save', "a-session's req.session"],
    ['id', "a-session's req.session"],
    ['__ts', "b-session's session data"],
  ])("%s, reserved by the adapter's session library, is refused naming it", (sessionKey, owner) => {
    expect(failure({ sessionKey }, library)).toBe(
      `@flash/test: option "sessionKey" is "${sessionKey}", a name ${owner} already uses: messages stored ` +
        'under it would break the session or be lost; use another key, e.g. the default "messages"',
    )
  })

  it('any other key is accepted', () => {
    expect(resolveOptions({ secret: SECRET, sessionKey: 'saved' }, library).sessionKey).toBe('saved')
    expect(resolveOptions({ secret: SECRET, sessionKey: 'save' }, PROFILE).sessionKey).toBe('save')
  })
})

describe('tags: a plain object', () => {
  it.each([
    ['abc', '"abc"'],
    [['a'], 'an array (["a"])'],
    [new Map([[40, 'danger']]), 'a Map'],
    [5, '5'],
  ])('%j is refused', (tags, got) => {
    expect(failure({ tags })).toBe(
      `@flash/test: option "tags" must be a plain object mapping levels to tags, e.g. { 40: 'danger' }, got ${got}`,
    )
  })

  it('an object made in another realm (a vm context) is a plain object too', () => {
    const tags = runInNewContext('({ 40: "danger" })') as Record<number, string>
    expect(resolveOptions({ secret: SECRET, tags }, PROFILE).levelTags.get(40)).toBe('danger')
  })

  it('an object, or one without a prototype, is accepted; null is the default', () => {
    expect(resolveOptions({ secret: SECRET, tags: { 40: 'danger' } }, PROFILE).levelTags.get(40)).toBe(
      'danger',
    )
    const bare = Object.assign(Object.create(null), { 25: 'ok' })
    expect(resolveOptions({ secret: SECRET, tags: bare }, PROFILE).levelTags.get(25)).toBe('ok')
    const none = resolveOptions({ secret: SECRET, tags: null as never }, PROFILE).levelTags
    expect(none.get(40)).toBe('error')
  })
})

describe('maxCookieSize: the room the cookie name leaves', () => {
  it('is at most 4096 less the name: 4088 for "messages", which 0 means', () => {
    expect(resolveOptions({ secret: SECRET, maxCookieSize: 0 }, PROFILE).maxCookieSize).toBe(4088)
    expect(resolveOptions({ secret: SECRET, maxCookieSize: 4088 }, PROFILE).maxCookieSize).toBe(4088)
    expect(failure({ maxCookieSize: 4096 })).toContain('use at most 4088')
  })
})

describe('rejectUncalledFactory: app.use(flash)', () => {
  const isContext = (value: object) => 'req' in value && 'env' in value

  it("throws when the options are the framework's request, naming the call", () => {
    expect(() => rejectUncalledFactory('@flash/test', { req: {}, env: {} }, isContext)).toThrow(
      new FlashConfigError(
        '@flash/test: flash was passed to app.use() uncalled, so it is called on every request with the ' +
          'request as its options; flash is a factory: call it, app.use(flash({ secret: process.env.FLASH_SECRET }))',
      ),
    )
  })

  it('lets options, and what is not an object, through', () => {
    for (const options of [{ secret: SECRET }, undefined, null, 'secret']) {
      expect(() => rejectUncalledFactory('@flash/test', options, isContext)).not.toThrow()
    }
  })
})
