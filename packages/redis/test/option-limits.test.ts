/**
 * Values that browsers, Redis or Node's timers cannot take fail fast, naming the option and the
 * fix: a `maxAge` over 400 days (Hono refuses the visitor cookie, Koa and Express write
 * `Expires=Invalid Date`, past ~1e15 Redis refuses the TTL), a `timeoutMs` over 2^31 - 1 (Node
 * fires the timer after 1 ms: every command times out), a `leaseSeconds` so long a kept message is
 * never put back, and a visitor cookie named `__Host-`/`__Secure-` whose attributes (the message
 * cookie's) a browser refuses. The largest accepted values work through every adapter.
 */
import { parseSetCookie, type RedisServer, startRedis } from '@flash/adapter-suite'
import { FlashConfigError, SUCCESS } from '@flash/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNotifier, redisStorage } from '../src/index.js'
import { FRAMEWORKS, type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { connect, type TestClient } from './clients.js'

let redis: RedisServer
let client: TestClient
beforeAll(async () => {
  redis = await startRedis()
  client = await connect('node-redis', redis.url)
})
afterAll(async () => {
  await client.close()
  await redis.stop()
})

const MAX_AGE = 34_560_000
const MAX_TIMEOUT = 2_147_483_647

describe('values browsers, Redis or timers cannot take fail at startup, naming the option and the fix', () => {
  it.each([MAX_AGE + 1, 500 * 86_400, 1e13, 1e18])('maxAge: %s', (maxAge) => {
    for (const who of ['redisStorage', 'createNotifier'] as const) {
      const make = who === 'redisStorage' ? redisStorage : createNotifier
      expect(() => make({ client: client.client, maxAge })).toThrow(
        new FlashConfigError(
          `@flash/redis: ${who}() option "maxAge" must be at most 34560000 (400 days, the longest a browser keeps a cookie), ` +
            `got ${maxAge}: the visitor cookie's Max-Age is maxAge; use maxAge: 34560000 or less`,
        ),
      )
    }
  })

  it.each([MAX_TIMEOUT + 1, 1e10])('timeoutMs: %s', (timeoutMs) => {
    for (const who of ['redisStorage', 'createNotifier'] as const) {
      const make = who === 'redisStorage' ? redisStorage : createNotifier
      expect(() => make({ client: client.client, timeoutMs })).toThrow(
        new FlashConfigError(
          `@flash/redis: ${who}() option "timeoutMs" must be at most 2147483647 (about 24.8 days, the longest ` +
            `timer Node.js can set: a longer one fires after 1 ms, so every command would time out), got ${timeoutMs}; ` +
            'use a timeout of a second or so, e.g. timeoutMs: 1000',
        ),
      )
    }
  })

  it.each([MAX_AGE + 1, 1e18])('leaseSeconds: %s', (leaseSeconds) => {
    expect(() => redisStorage({ client: client.client, leaseSeconds })).toThrow(
      new FlashConfigError(
        '@flash/redis: redisStorage() option "leaseSeconds" must be at most 34560000 (400 days, the longest maxAge), ' +
          `got ${leaseSeconds}; keep it a little above your slowest page's time to render, e.g. the default 30`,
      ),
    )
  })
})

describe.each(FRAMEWORKS)('%s: the largest values accepted work', (framework) => {
  const prefix = `limits-${framework}:`
  let app: RunningApp
  beforeAll(async () => {
    app = await startApp(framework, {
      client: client.client,
      prefix,
      maxAge: MAX_AGE,
      leaseSeconds: MAX_AGE,
      timeoutMs: MAX_TIMEOUT,
    })
  })
  afterAll(() => app.close())

  it('maxAge 34560000: the visitor cookie lasts 400 days, the mailbox as long; a kept message is put back', async () => {
    const visitor = new Visitor(app.url)
    const added = await visitor.request('/add?text=Saved.', 'POST')
    expect(added.status).toBe(302)
    const [set] = added.setCookies.map(parseSetCookie)
    expect(set?.name).toMatch(/^messages_visitor\.[0-9a-f]{12}$/)
    expect(set?.attributes.get('max-age')).toBe(String(MAX_AGE))
    const id = set!.name.slice('messages_visitor.'.length)
    const [key] = (await client.command(['KEYS', `${prefix}{visitor:${id}*}`])) as string[]
    const ttl = Number(await client.command(['PTTL', key!]))
    expect(ttl).toBeGreaterThan(MAX_AGE * 1000 - 60_000)
    expect(ttl).toBeLessThanOrEqual(MAX_AGE * 1000)
    // Under the longest lease a message displayed with `used = false` still goes back at once.
    expect(JSON.parse((await visitor.request('/keep')).body)).toEqual(['Saved.'])
    expect(await visitor.show()).toEqual(['Saved.'])
    expect(await visitor.show()).toEqual([])
    expect(app.warnings).toEqual([])
    expect(app.errors).toEqual([])
  })

  it('a notifier with maxAge 34560000 and timeoutMs 2147483647 stores what the next page shows', async () => {
    const notify = createNotifier({ client: client.client, prefix, maxAge: MAX_AGE, timeoutMs: MAX_TIMEOUT })
    await expect(notify('ann', SUCCESS, 'Export ready.')).resolves.toEqual({ dropped: [] })
    expect(await new Visitor(app.url, 'ann').show()).toEqual(['Export ready.'])
  })
})

/** What each request of an app whose visitor cookie a browser would refuse fails with. */
const refused = (name: string, rule: string, fix: string, prefix: string) =>
  `@flash/redis: redisStorage() option "visitorCookie" is ${JSON.stringify(name)}, but browsers keep a cookie named ` +
  `${JSON.stringify(`${name}.…`)} only when it is Secure${rule}, and the visitor cookies take the adapter's ` +
  `cookie attributes: ${fix} in the adapter's options, or name the visitor cookie without the "${prefix}" prefix`

describe.each(FRAMEWORKS)('%s: a __Host- or __Secure- visitor cookie', (framework) => {
  const prefix = `prefixed-${framework}:`
  const HOST_RULE = ', with Path=/ and no Domain'
  const cases = [
    { visitorCookie: '__Host-v', cookie: undefined, fix: 'set cookie.secure: true' },
    { visitorCookie: '__HOST-v', cookie: undefined, fix: 'set cookie.secure: true' },
    { visitorCookie: '__secure-v', cookie: undefined, fix: 'set cookie.secure: true' },
    { visitorCookie: '__Host-v', cookie: { secure: true, path: '/app' }, fix: 'set cookie.path: "/"' },
    {
      visitorCookie: '__Host-v',
      cookie: { domain: 'example.com', path: '/x' },
      fix: 'set cookie.secure: true and set cookie.path: "/" and leave out cookie.domain',
    },
  ]

  it.each(cases)(
    'visitorCookie $visitorCookie with cookie $cookie: every request that uses messages fails with the fix, no cookie is set',
    async ({ visitorCookie, cookie, fix }) => {
      const app = await startApp(framework, { client: client.client, prefix, visitorCookie, cookie })
      try {
        const visitor = new Visitor(app.url)
        const host = visitorCookie.toLowerCase().startsWith('__host-')
        const expected = refused(visitorCookie, host ? HOST_RULE : '', fix, host ? '__Host-' : '__Secure-')
        for (const attempt of [1, 2]) {
          const added = await visitor.request('/add?text=Saved.', 'POST')
          expect(added.status, `attempt ${attempt}`).toBe(500)
          expect(
            added.setCookies.filter((c) => c.toLowerCase().startsWith(visitorCookie.toLowerCase())),
          ).toEqual([])
          expect(app.errors).toHaveLength(attempt)
          expect(app.errors[attempt - 1]).toBeInstanceOf(FlashConfigError)
          expect((app.errors[attempt - 1] as Error).message).toBe(expected)
        }
      } finally {
        await app.close()
      }
    },
  )

  it('visitorCookie __Host-v with cookie.secure: true: the cookie is Secure, Path=/, no Domain, and is read back', async () => {
    const app = await startApp(framework, {
      client: client.client,
      prefix,
      visitorCookie: '__Host-v',
      cookie: { secure: true },
    })
    try {
      const visitor = new Visitor(app.url)
      const added = await visitor.request('/add?text=Saved.', 'POST')
      expect(added.status).toBe(302)
      const [set] = added.setCookies.map(parseSetCookie)
      expect(set?.name).toMatch(/^__Host-v\.[0-9a-f]{12}$/)
      expect(set?.attributes.has('secure')).toBe(true)
      expect(set?.attributes.get('path')).toBe('/')
      expect(set?.attributes.has('domain')).toBe(false)
      expect(await visitor.show()).toEqual(['Saved.'])
      expect(app.errors).toEqual([])
    } finally {
      await app.close()
    }
  })
})
