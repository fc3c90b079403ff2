/**
 * A sub-app with its own flash(), mounted with `app.route()` under an app whose flash() serves the
 * request (same context): the inner one passes the request on, and the outer one serves it with its
 * own options. Before, an inner `level: 10`, `storage`, `secret` or cookie silently did not apply (a
 * debug message was dropped without a word). Now the inner flash() reports, once, which of its
 * options differ and the fix; equal options report nothing. Over a real @hono/node-server.
 */
import { Hono } from 'hono'
import { MemoryStore, sessionMiddleware } from 'hono-sessions'
import { describe, expect, it } from 'vitest'
import {
  debug,
  type FlashEnv,
  flash,
  getMessages,
  type HonoFlashOptions,
  info,
  webCrypto,
} from '../src/index.js'
import { SECRET } from './cycle.js'
import { nodeServer } from './node-server.js'

const OTHER_SECRET = 'another-hono-flash-secret-of-32-chars!!'

const passedOn = (names: string, verb = 'do') =>
  '@flash/hono: this flash() (mounted on a sub-app or router) passes the request on to the flash() of ' +
  `the app it is mounted in, which serves it with its own options, so this one's ${names} ${verb} not apply; ` +
  'mount flash() once, on the outer app, or give both the same options'

function appWith(inner: Partial<HonoFlashOptions>, outer: Partial<HonoFlashOptions> = {}) {
  const outerWarnings: string[] = []
  const innerWarnings: string[] = []
  const app = new Hono<FlashEnv>()
  app.use(
    sessionMiddleware({ store: new MemoryStore(), encryptionKey: 'k'.repeat(40), expireAfterSeconds: 900 }),
  )
  app.use(flash({ secret: SECRET, storage: 'cookie', ...outer, logger: (t) => void outerWarnings.push(t) }))
  const admin = new Hono<FlashEnv>()
  admin.use(
    flash({
      secret: SECRET,
      storage: 'cookie',
      ...outer,
      ...inner,
      logger: (t) => void innerWarnings.push(t),
    }),
  )
  admin.post('/add', (c) => {
    debug(c, 'debug in admin')
    info(c, 'info in admin')
    return c.redirect('/admin/show')
  })
  admin.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  app.route('/admin', admin)
  return { app, outerWarnings, innerWarnings }
}

const open = nodeServer<FlashEnv>()

const shown = async (b: ReturnType<typeof open>) =>
  JSON.parse((await b.request('/admin/show')).text) as string[]

describe('a sub-app flash() with options of its own', () => {
  it.each([
    ['node:crypto', {}],
    ['Web Crypto (the secrets compared asynchronously)', { crypto: webCrypto }],
  ] as const)(
    'the differing options are named once, on the first request passed on (%s)',
    async (_name, outer) => {
      const { app, outerWarnings, innerWarnings } = appWith(
        {
          secret: OTHER_SECRET,
          storage: 'session',
          level: 10,
          cookie: { name: 'admin_msgs', path: '/admin' },
        },
        outer,
      )
      const b = open(app)
      expect((await b.request('/admin/add', { method: 'POST' })).status).toBe(302)
      // Served by the outer flash(): its level (INFO) drops the debug message.
      expect(await shown(b)).toEqual(['info in admin'])
      expect((await b.request('/admin/add', { method: 'POST' })).status).toBe(302)
      expect(await shown(b)).toEqual(['info in admin'])
      expect(innerWarnings).toEqual([passedOn('"storage", "level", "cookie.name", "cookie.path", "secret"')])
      expect(outerWarnings).toEqual([])
    },
  )

  it('the same options: nothing reported', async () => {
    const { app, outerWarnings, innerWarnings } = appWith({})
    const b = open(app)
    await b.request('/admin/add', { method: 'POST' })
    expect(await shown(b)).toEqual(['info in admin'])
    expect(await shown(b)).toEqual([])
    expect(innerWarnings).toEqual([])
    expect(outerWarnings).toEqual([])
  })

  it('a function option compares by identity, an equal value (level 20, the default) is no difference', async () => {
    const { app, innerWarnings } = appWith({ notDisplayed: () => false, level: 20 })
    const b = open(app)
    await b.request('/admin/add', { method: 'POST' })
    await shown(b)
    expect(innerWarnings).toEqual([passedOn('"notDisplayed"', 'does')])
  })
})
