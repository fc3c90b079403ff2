/**
 * The check an inner `flash()` (a sub-app's or router's, under an app whose `flash()` serves the
 * request) makes of its options: `differingOptions` names what differs in effect, `InnerFlash`
 * reports it once through the inner one's reporter, and equal options stay silent. The adapters'
 * `inner-options` tests drive the same through real Koa, Hono and Express apps.
 */
import { describe, expect, it } from 'vitest'
import {
  CookieStorage,
  differingOptions,
  type FlashOptions,
  InnerFlash,
  markServedBy,
  passedOnReport,
  type StorageFactory,
  servingConfig,
} from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { makeConfig, OLD_SECRET, SECRET } from './helpers/config.js'

const withNode = (options: Partial<FlashOptions> = {}) => makeConfig({ crypto: nodeCrypto, ...options })

describe('differingOptions', () => {
  it('names nothing for the same options given twice', async () => {
    expect(await differingOptions(withNode(), withNode())).toEqual([])
  })

  it('names each option that differs, by the name a user sets', async () => {
    const inner = withNode({
      storage: 'session',
      level: 10,
      tags: { 20: 'notice' },
      cookie: {
        name: 'admin',
        path: '/admin',
        domain: 'example.com',
        secure: true,
        httpOnly: false,
        sameSite: 'Strict',
      },
      maxCookieSize: 1000,
      maxAge: 60,
      sessionKey: 'admin_messages',
      maxSessionMessages: 3,
      strict: true,
      scope: 'redirect',
      scopeSeconds: 5,
      notDisplayed: () => false,
      noStore: false,
      dedupe: true,
      htmx: true,
      secret: OLD_SECRET,
    })
    expect(await differingOptions(withNode(), inner)).toEqual([
      'storage',
      'level',
      'tags',
      'cookie.name',
      'cookie.path',
      'cookie.domain',
      'cookie.secure',
      'cookie.httpOnly',
      'cookie.sameSite',
      'maxCookieSize',
      'maxAge',
      'sessionKey',
      'maxSessionMessages',
      'strict',
      'scope',
      'scopeSeconds',
      'notDisplayed',
      'noStore',
      'dedupe',
      'htmx',
      'secret',
    ])
  })

  it('two functions are the same option (made again from the same code); a function against a value is not', async () => {
    const factory = (): StorageFactory => (seam, config) => new CookieStorage(seam, config)
    expect(
      await differingOptions(withNode({ storage: factory() }), withNode({ storage: factory() })),
    ).toEqual([])
    expect(await differingOptions(withNode(), withNode({ storage: factory() }))).toEqual(['storage'])
  })

  it('a clock given against none differs; two clocks are one', async () => {
    const system = withNode({ clock: undefined })
    expect(await differingOptions(system, withNode())).toEqual(['clock'])
    expect(await differingOptions(withNode({ clock: () => 1 }), withNode({ clock: () => 2 }))).toEqual([])
  })

  it('compares crypto providers by kind: two node:crypto providers are one', async () => {
    const copy = { ...nodeCrypto }
    expect(await differingOptions(withNode(), withNode({ crypto: copy }))).toEqual([])
  })

  it('compares the secret that signs: a list led by the same secret is the same', async () => {
    expect(await differingOptions(withNode(), withNode({ secret: [SECRET, OLD_SECRET] }))).toEqual([])
  })

  it('answers asynchronously where signing is (Web Crypto)', async () => {
    const names = differingOptions(makeConfig(), makeConfig({ secret: OLD_SECRET }))
    expect(names).toBeInstanceOf(Promise)
    expect(await names).toEqual(['secret'])
  })
})

describe('InnerFlash', () => {
  const reports = (inner: Partial<FlashOptions>, outers: ReturnType<typeof withNode>[]) => {
    const told: string[] = []
    const check = new InnerFlash(withNode(inner), (text) => void told.push(text))
    for (const outer of outers) check.passedOn(outer)
    return told
  }

  it('reports the differences once, however many requests it passes on', () => {
    const outer = withNode()
    expect(reports({ level: 10 }, [outer, outer, withNode()])).toEqual([
      passedOnReport('@flash/test', ['level']),
    ])
  })

  it('says nothing for equal options, for its own configuration, or when no flash() serves the request', () => {
    expect(reports({}, [withNode()])).toEqual([])
    const told: string[] = []
    const config = withNode({ level: 10 })
    const check = new InnerFlash(config, (text) => void told.push(text))
    check.passedOn(config)
    check.passedOn(undefined)
    expect(told).toEqual([])
  })

  it('reports once the asynchronous comparison answers', async () => {
    const told: string[] = []
    const check = new InnerFlash(makeConfig({ secret: OLD_SECRET }), (text) => void told.push(text))
    check.passedOn(makeConfig())
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(told).toEqual([passedOnReport('@flash/test', ['secret'])])
  })

  it('words the report with the fix, in the singular and the plural', () => {
    expect(passedOnReport('@flash/koa', ['level'])).toBe(
      '@flash/koa: this flash() (mounted on a sub-app or router) passes the request on to the flash() of the app ' +
        `it is mounted in, which serves it with its own options, so this one's "level" does not apply; mount ` +
        'flash() once, on the outer app, or give both the same options',
    )
    expect(passedOnReport('@flash/koa', ['level', 'secret'])).toContain(`"level", "secret" do not apply`)
  })
})

describe('markServedBy and servingConfig', () => {
  it('leave the serving configuration on the carrier', () => {
    const carrier = {}
    const config = withNode()
    expect(servingConfig(carrier)).toBeUndefined()
    markServedBy(carrier, config)
    expect(servingConfig(carrier)).toBe(config)
  })
})
