/**
 * flash() mounted again on a sub-app (`app.use('/admin', sub)`) or a router, under an app whose
 * flash() serves the request: the inner one passes the request on, and the outer one serves it with
 * its own options. Before, an inner `level: 10`, `storage`, `secret` or cookie silently did not
 * apply (a debug message was dropped without a word). Now the inner flash() reports, once, which of
 * its options differ and the fix; equal options report nothing. Express 5 and 4 over real HTTP.
 */
import express5, { type Express, type Router } from 'express'
import session from 'express-session'
import express4 from 'express4'
import { describe, expect, it } from 'vitest'
import { debug, type ExpressFlashOptions, flash, getMessages, info } from '../src/index.js'
import { SECRET } from './app.js'
import { serve } from './client.js'
import { EXPRESS_VERSIONS } from './harness.js'

/** The Router of the Express major that made `express` (typed like Express 5's, see express4.d.ts). */
function routerOf(express: () => Express): Router {
  return (express === (express4 as unknown) ? (express4 as unknown as typeof express5) : express5).Router()
}

const OTHER_SECRET = 'another-express-flash-secret-of-32-chars'

const passedOn = (names: string) =>
  '@flash/express: this flash() (mounted on a sub-app or router) passes the request on to the flash() of ' +
  `the app it is mounted in, which serves it with its own options, so this one's ${names} do not apply; ` +
  'mount flash() once, on the outer app, or give both the same options'

describe.each(EXPRESS_VERSIONS)('$name: an inner flash() with options of its own', ({ express }) => {
  function appWith(inner: Partial<ExpressFlashOptions>, mount: 'sub-app' | 'router') {
    const outerWarnings: string[] = []
    const innerWarnings: string[] = []
    const app = express()
    app.use(session({ secret: 's', resave: false, saveUninitialized: false }))
    app.use(
      flash({ secret: SECRET, storage: 'cookie', logger: { warn: (t: string) => outerWarnings.push(t) } }),
    )
    const admin: Express | Router = mount === 'sub-app' ? express() : routerOf(express)
    admin.use(
      flash({
        secret: SECRET,
        storage: 'cookie',
        ...inner,
        logger: { warn: (t: string) => innerWarnings.push(t) },
      }),
    )
    admin.post('/add', (req, res) => {
      debug(req, 'debug in admin')
      info(req, 'info in admin')
      res.redirect('/admin/show')
    })
    admin.get('/show', (req, res) => {
      res.json([...getMessages(req)].map(String))
    })
    ;(app as Express).use('/admin', admin)
    return { app: app as Express, outerWarnings, innerWarnings }
  }

  it.each(['sub-app', 'router'] as const)(
    'on a %s: the differing options are named once, on the first request passed on',
    async (mount) => {
      const { app, outerWarnings, innerWarnings } = appWith(
        {
          secret: OTHER_SECRET,
          storage: 'session',
          level: 10,
          cookie: { name: 'admin_msgs', path: '/admin' },
        },
        mount,
      )
      const { client, close } = await serve(app)
      try {
        expect((await client.post('/admin/add')).status).toBe(302)
        // Served by the outer flash(): its level (INFO) drops the debug message.
        expect(await (await client.get('/admin/show')).json()).toEqual(['info in admin'])
        expect((await client.post('/admin/add')).status).toBe(302)
        expect(await (await client.get('/admin/show')).json()).toEqual(['info in admin'])
        expect(innerWarnings).toEqual([
          passedOn('"storage", "level", "cookie.name", "cookie.path", "secret"'),
        ])
        expect(outerWarnings).toEqual([])
      } finally {
        await close()
      }
    },
  )

  it.each(['sub-app', 'router'] as const)(
    'on a %s with the same options: nothing reported',
    async (mount) => {
      const { app, outerWarnings, innerWarnings } = appWith({}, mount)
      const { client, close } = await serve(app)
      try {
        await client.post('/admin/add')
        expect(await (await client.get('/admin/show')).json()).toEqual(['info in admin'])
        expect(await (await client.get('/admin/show')).json()).toEqual([])
        expect(innerWarnings).toEqual([])
        expect(outerWarnings).toEqual([])
      } finally {
        await close()
      }
    },
  )

  it('a function option compares by identity, an equal value (level 20, the default) is no difference', async () => {
    const { app, innerWarnings } = appWith({ notDisplayed: () => false, level: 20 }, 'sub-app')
    const { client, close } = await serve(app)
    try {
      await client.post('/admin/add')
      await client.get('/admin/show')
      expect(innerWarnings).toEqual([passedOn('"notDisplayed"').replace('do not apply', 'does not apply')])
    } finally {
      await close()
    }
  })
})
