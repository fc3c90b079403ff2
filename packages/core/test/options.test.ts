/**
 * `resolveOptions`: defaults, normalisation, and an error naming the option for every mistake.
 */
import { describe, expect, it } from 'vitest'
import {
  FlashConfigError,
  type FlashOptions,
  MAKES_STORAGE,
  resolveOptions,
  webCrypto,
} from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { PROFILE, SECRET } from './helpers/config.js'

const LONG = 'x'.repeat(32)

function failure(options: unknown): FlashConfigError {
  try {
    resolveOptions(options as FlashOptions, PROFILE)
  } catch (error) {
    expect(error).toBeInstanceOf(FlashConfigError)
    expect((error as Error).name).toBe('FlashConfigError')
    return error as FlashConfigError
  }
  throw new Error('resolveOptions accepted invalid options')
}

const SECRET_REQUIRED =
  '@flash/test: option "secret" is required: a non-empty string, or a non-empty list of them (the first signs, all verify)'

describe('resolveOptions: errors name the option', () => {
  it.each([
    [
      undefined,
      '@flash/test: option "secret" is required: pass { secret: process.env.FLASH_SECRET } (a long random string)',
    ],
    [
      null,
      '@flash/test: option "secret" is required: pass { secret: process.env.FLASH_SECRET } (a long random string)',
    ],
    [{}, SECRET_REQUIRED],
    [{ secret: '' }, SECRET_REQUIRED],
    [{ secret: [] }, SECRET_REQUIRED],
    [{ secret: [LONG, ''] }, SECRET_REQUIRED],
    [{ secret: 42 }, SECRET_REQUIRED],
    [
      { secret: LONG, secrets: [LONG] },
      '@flash/test: option "secrets" is not an option; known options: secret, storage, level, tags, cookie, ' +
        'maxCookieSize, maxAge, sessionKey, maxSessionMessages, strict, crypto, clock, notDisplayed, noStore, dedupe, htmx, scope, scopeSeconds',
    ],
    [
      { secret: LONG, storage: 'redis' },
      '@flash/test: option "storage" must be "fallback", "cookie", "session" or a function, got "redis"',
    ],
    [
      {
        secret: LONG,
        storage: Object.assign(() => undefined, { [MAKES_STORAGE]: 'redisStorage({ client })' }),
      },
      '@flash/test: option "storage" got redisStorage itself, a function that makes a storage from its options: ' +
        'call it, storage: redisStorage({ client })',
    ],
    [
      { secret: LONG, htmx: { evnt: 'flash' } },
      '@flash/test: option "htmx.evnt" is not an htmx option; known: event, maxTriggerSize',
    ],
    [
      { secret: LONG, htmx: { maxTriggerSize: 100 } },
      '@flash/test: option "htmx.maxTriggerSize" must be an integer of at least 256 (characters of HX-Trigger), got 100',
    ],
    [
      { secret: LONG, htmx: { maxTriggerSize: '4k' } },
      '@flash/test: option "htmx.maxTriggerSize" must be an integer of at least 256 (characters of HX-Trigger), got "4k"',
    ],
    [{ secret: LONG, level: 'high' }, '@flash/test: option "level" must be an integer, got "high"'],
    [{ secret: LONG, level: 1.5 }, '@flash/test: option "level" must be an integer, got 1.5'],
    [
      { secret: LONG, tags: { abc: 'x' } },
      '@flash/test: option "tags" must map integer levels to strings (@flash/core: a message level must be an integer, got "abc")',
    ],
    [
      { secret: LONG, tags: { 20: 5 } },
      '@flash/test: option "tags" must map integer levels to strings (@flash/core: option "tags" maps level 20 to 5; tags must be strings)',
    ],
    [
      { secret: LONG, maxCookieSize: -1 },
      '@flash/test: option "maxCookieSize" must be a whole number of characters (0 means the maximum, 4088), got -1',
    ],
    [
      { secret: LONG, maxCookieSize: '2048' },
      '@flash/test: option "maxCookieSize" must be a whole number of characters (0 means the maximum, 4088), got "2048"',
    ],
    [
      { secret: LONG, maxAge: 0 },
      '@flash/test: option "maxAge" must be a positive number of seconds or null, got 0',
    ],
    [
      { secret: LONG, maxCookieSize: 4089 },
      '@flash/test: option "maxCookieSize" is 4089, but browsers keep no cookie whose name and value are over 4096 ' +
        'characters together, which leaves the value of cookie "messages" 4088; use at most 4088 (or 0 for that ' +
        'maximum), or storage: "fallback" to put the rest in the session',
    ],
    [
      { secret: LONG, cookie: { name: 'm' }, maxCookieSize: 4096 },
      '@flash/test: option "maxCookieSize" is 4096, but browsers keep no cookie whose name and value are over 4096 ' +
        'characters together, which leaves the value of cookie "m" 4095; use at most 4095 (or 0 for that ' +
        'maximum), or storage: "fallback" to put the rest in the session',
    ],
    [
      { secret: LONG, cookie: { name: '__Host-messages' } },
      '@flash/test: option "cookie.secure" must be true: browsers keep a cookie named "__Host-messages" only when it is Secure, with Path=/ and no Domain',
    ],
    [
      { secret: LONG, cookie: { name: '__host-messages', secure: true, domain: 'example.com' } },
      '@flash/test: option "cookie.domain" must be left out: browsers keep a cookie named "__host-messages" only when it is Secure, with Path=/ and no Domain',
    ],
    [
      { secret: LONG, cookie: { name: '__Host-messages', secure: true, path: '/app' } },
      '@flash/test: option "cookie.path" must be "/": browsers keep a cookie named "__Host-messages" only when it is Secure, with Path=/ and no Domain',
    ],
    [
      { secret: LONG, cookie: { name: '__Secure-messages' } },
      '@flash/test: option "cookie.secure" must be true: browsers keep a cookie named "__Secure-messages" only when it is Secure',
    ],
    [
      { secret: LONG, maxAge: 0.5 },
      '@flash/test: option "maxAge" is in seconds and must be at least 1, got 0.5',
    ],
    [
      { secret: LONG, maxAge: 0.999 },
      '@flash/test: option "maxAge" is in seconds and must be at least 1, got 0.999',
    ],
    [
      { secret: LONG, maxAge: Number.POSITIVE_INFINITY },
      '@flash/test: option "maxAge" must be a positive number of seconds or null, got Infinity',
    ],
    [
      { secret: LONG, maxAge: '60' },
      '@flash/test: option "maxAge" must be a positive number of seconds or null, got "60"',
    ],
    [{ secret: LONG, sessionKey: '' }, '@flash/test: option "sessionKey" must be a non-empty string'],
    [{ secret: LONG, strict: 'yes' }, '@flash/test: option "strict" must be a boolean'],
    [
      { secret: LONG, crypto: {} },
      '@flash/test: option "crypto" must implement FlashCrypto (see @flash/core/node)',
    ],
    [{ secret: LONG, clock: 5 }, '@flash/test: option "clock" must be a function'],
    [{ secret: LONG, cookie: 'messages' }, '@flash/test: option "cookie" must be an object'],
    [
      { secret: LONG, cookie: { maxAge: 5 } },
      '@flash/test: option "cookie.maxAge" is not a cookie option; known: name, domain, path, secure, httpOnly, sameSite',
    ],
    [
      { secret: LONG, cookie: { name: 'a b' } },
      '@flash/test: option "cookie.name" must be a valid cookie name',
    ],
    [
      { secret: LONG, cookie: { path: 'x' } },
      '@flash/test: option "cookie.path" must be a URL path starting with "/", e.g. "/" or "/app", got "x"',
    ],
    [
      { secret: LONG, cookie: { path: '/a;b' } },
      '@flash/test: option "cookie.path" must not contain ";", which ends the attribute, got "/a;b"',
    ],
    [
      { secret: LONG, cookie: { domain: 'a;b' } },
      '@flash/test: option "cookie.domain" must be a host name such as "example.com" or ".example.com", ' +
        'without scheme, port or path (leave it out for a cookie of the exact host), got "a;b"',
    ],
    [{ secret: LONG, cookie: { secure: 'yes' } }, '@flash/test: option "cookie.secure" must be a boolean'],
    [{ secret: LONG, cookie: { httpOnly: 1 } }, '@flash/test: option "cookie.httpOnly" must be a boolean'],
    [
      { secret: LONG, cookie: { sameSite: 'sometimes' } },
      '@flash/test: option "cookie.sameSite" must be "Lax", "Strict", "None" or false, got "sometimes"',
    ],
    [
      { secret: LONG, cookie: { sameSite: true } },
      '@flash/test: option "cookie.sameSite" must be "Lax", "Strict", "None" or false, got true',
    ],
    [
      { secret: LONG, cookie: { sameSite: 'None' } },
      '@flash/test: option "cookie.sameSite" is "None", which browsers accept only with cookie.secure: true',
    ],
  ])('%j', (options, message) => {
    expect(failure(options).message).toBe(message)
  })
})

describe('resolveOptions: defaults and normalisation', () => {
  it('fills every default', () => {
    const config = resolveOptions({ secret: LONG }, PROFILE)
    expect(config.adapter).toBe(PROFILE)
    expect(config.storage).toBe('fallback')
    expect(config.requiresSession).toBe(false)
    expect(config.usesSession).toBe(true)
    expect(config.level).toBe(20)
    expect(config.levelTags).toEqual(
      new Map([
        [10, 'debug'],
        [20, 'info'],
        [25, 'success'],
        [30, 'warning'],
        [40, 'error'],
      ]),
    )
    expect(config.cookieName).toBe('messages')
    expect(config.cookieAttributes).toEqual({
      path: '/',
      domain: undefined,
      secure: false,
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: undefined,
    })
    expect(config.deleteCookieAttributes).toEqual({
      path: '/',
      domain: undefined,
      secure: false,
      httpOnly: true,
      sameSite: 'Lax',
      maxAge: 0,
      expires: new Date(0),
    })
    expect(config.maxCookieSize).toBe(2048)
    expect(config.maxAge).toBeNull()
    expect(config.sessionKey).toBe('_messages')
    expect(config.maxSessionMessages).toBe(100)
    expect(config.strict).toBe(false)
    expect(config.crypto).toBe(webCrypto)
    expect(config.warnings).toEqual([])
  })

  it('a short secret is accepted with one warning', () => {
    const warning =
      '@flash/test: option "secret" is shorter than 32 characters; use a long random secret in production'
    expect(resolveOptions({ secret: SECRET }, PROFILE).warnings).toEqual([warning])
    expect(resolveOptions({ secret: [LONG, 'short'] }, PROFILE).warnings).toEqual([warning])
  })

  it('maxCookieSize 0 means the most a browser keeps: 4096 characters of name and value; maxAge 1 is the least accepted', () => {
    expect(resolveOptions({ secret: LONG, maxCookieSize: 0 }, PROFILE).maxCookieSize).toBe(4088)
    expect(resolveOptions({ secret: LONG, maxCookieSize: 4088 }, PROFILE).maxCookieSize).toBe(4088)
    expect(
      resolveOptions({ secret: LONG, cookie: { name: 'm' }, maxCookieSize: 0 }, PROFILE).maxCookieSize,
    ).toBe(4095)
    const prefixed = { name: '__Host-messages', secure: true }
    expect(resolveOptions({ secret: LONG, cookie: prefixed }, PROFILE).cookieName).toBe('__Host-messages')
    const config = resolveOptions({ secret: LONG, maxAge: 1 }, PROFILE)
    expect([config.maxAge, config.cookieAttributes.maxAge]).toEqual([1, 1])
  })

  it('the adapter profile supplies the session key and crypto defaults', () => {
    const config = resolveOptions(
      { secret: LONG },
      { ...PROFILE, defaultSessionKey: 'messages', defaultCrypto: nodeCrypto },
    )
    expect(config.sessionKey).toBe('messages')
    expect(config.crypto).toBe(nodeCrypto)
    expect(
      resolveOptions({ secret: LONG, crypto: webCrypto }, { ...PROFILE, defaultCrypto: nodeCrypto }).crypto,
    ).toBe(webCrypto)
  })

  it('normalises sameSite, floors maxAge for the cookie, and tells what needs a session', () => {
    const config = resolveOptions(
      {
        secret: LONG,
        storage: 'session',
        maxAge: 90.5,
        strict: true,
        cookie: {
          name: 'flash',
          domain: '.example.com',
          path: '/app',
          sameSite: 'none',
          secure: true,
          httpOnly: false,
        },
      },
      PROFILE,
    )
    expect(config.requiresSession).toBe(true)
    expect(config.usesSession).toBe(true)
    expect(config.strict).toBe(true)
    expect(config.maxAge).toBe(90.5)
    expect(config.cookieName).toBe('flash')
    expect(config.cookieAttributes).toEqual({
      path: '/app',
      domain: '.example.com',
      secure: true,
      httpOnly: false,
      sameSite: 'None',
      maxAge: 90,
    })
    expect(
      resolveOptions({ secret: LONG, cookie: { sameSite: 'strict' } }, PROFILE).cookieAttributes.sameSite,
    ).toBe('Strict')
    expect(
      resolveOptions({ secret: LONG, cookie: { sameSite: 'LAX' as 'lax' } }, PROFILE).cookieAttributes
        .sameSite,
    ).toBe('Lax')
    expect(
      resolveOptions({ secret: LONG, cookie: { sameSite: false } }, PROFILE).cookieAttributes.sameSite,
    ).toBe(false)
    const cookieOnly = resolveOptions({ secret: LONG, storage: 'cookie' }, PROFILE)
    expect([cookieOnly.requiresSession, cookieOnly.usesSession]).toEqual([false, false])
    const custom = resolveOptions({ secret: LONG, storage: () => undefined as never }, PROFILE)
    expect([custom.requiresSession, custom.usesSession]).toEqual([false, false])
  })

  it('merges tags over the defaults per configuration', () => {
    const config = resolveOptions({ secret: LONG, tags: { 40: 'danger', 50: 'critical', 10: '' } }, PROFILE)
    expect([...config.levelTags]).toEqual([
      [10, ''],
      [20, 'info'],
      [25, 'success'],
      [30, 'warning'],
      [40, 'danger'],
      [50, 'critical'],
    ])
  })
})

describe('resolveOptions: scope', () => {
  it('defaults to none and 30 seconds; bad values name the option', () => {
    const config = resolveOptions({ secret: 'x'.repeat(32) }, PROFILE)
    expect([config.scope, config.scopeSeconds]).toEqual(['none', 30])
    expect(() => resolveOptions({ secret: 'x'.repeat(32), scope: 'tab' as never }, PROFILE)).toThrow(
      '@flash/test: option "scope" must be "none" or "redirect", got "tab"',
    )
    expect(() => resolveOptions({ secret: 'x'.repeat(32), scopeSeconds: 0 }, PROFILE)).toThrow(
      '@flash/test: option "scopeSeconds" must be a positive number of seconds, got 0',
    )
  })
})
