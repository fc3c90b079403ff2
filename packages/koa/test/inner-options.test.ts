/**
 * flash() mounted again on a router (its own flash(), on the same ctx) under an app whose flash()
 * serves the request: the inner one passes the request on, and the outer one serves it with its own
 * options. Before, an inner `level: 10`, `storage`, `secret` or cookie silently did not apply (a
 * debug message was dropped without a word). Now the inner flash() reports, once, which of its
 * options differ and the fix; equal options report nothing. Over a real http.Server.
 */

import { CookieStorage } from '@flash/core'
import Router from '@koa/router'
import Koa from 'koa'
import session from 'koa-session'
import { afterEach, describe, expect, it } from 'vitest'
import { debug, flash, getMessages, info, type KoaFlashOptions } from '../src/index.js'
import { serve } from './client.js'
import { APP_KEYS } from './harness.js'

const SECRET = 'a-koa-flash-secret-of-32-chars-or-more'
const OTHER_SECRET = 'another-koa-flash-secret-of-32-chars!!'

const passedOn = (names: string, verb = 'do') =>
  '@flash/koa: this flash() (mounted on a sub-app or router) passes the request on to the flash() of ' +
  `the app it is mounted in, which serves it with its own options, so this one's ${names} ${verb} not apply; ` +
  'mount flash() once, on the outer app, or give both the same options'

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

function appWith(inner: Partial<KoaFlashOptions>) {
  const outerWarnings: string[] = []
  const innerWarnings: string[] = []
  const app = new Koa()
  app.keys = APP_KEYS
  app.use(session(app))
  app.use(
    flash({ secret: SECRET, storage: 'cookie', logger: { warn: (t: string) => void outerWarnings.push(t) } }),
  )
  const admin = new Router({ prefix: '/admin' })
  admin.use(
    flash({
      secret: SECRET,
      storage: 'cookie',
      ...inner,
      logger: { warn: (t: string) => void innerWarnings.push(t) },
    }),
  )
  admin.post('/add', (ctx) => {
    debug(ctx, 'debug in admin')
    info(ctx, 'info in admin')
    ctx.redirect('/admin/show')
  })
  admin.get('/show', (ctx) => {
    ctx.body = [...getMessages(ctx)].map(String)
  })
  app.use(admin.routes())
  return { app, outerWarnings, innerWarnings }
}

describe('an inner flash() with options of its own', () => {
  it('the differing options are named once, on the first request passed on', async () => {
    const { app, outerWarnings, innerWarnings } = appWith({
      secret: OTHER_SECRET,
      storage: 'session',
      level: 10,
      cookie: { name: 'admin_msgs', path: '/admin' },
    })
    const served = await serve(app)
    close = served.close
    expect((await served.client.post('/admin/add')).status).toBe(302)
    // Served by the outer flash(): its level (INFO) drops the debug message.
    expect(await (await served.client.get('/admin/show')).json()).toEqual(['info in admin'])
    expect((await served.client.post('/admin/add')).status).toBe(302)
    expect(await (await served.client.get('/admin/show')).json()).toEqual(['info in admin'])
    expect(innerWarnings).toEqual([passedOn('"storage", "level", "cookie.name", "cookie.path", "secret"')])
    expect(outerWarnings).toEqual([])
  })

  it('the same options: nothing reported', async () => {
    const { app, outerWarnings, innerWarnings } = appWith({})
    const served = await serve(app)
    close = served.close
    await served.client.post('/admin/add')
    expect(await (await served.client.get('/admin/show')).json()).toEqual(['info in admin'])
    expect(await (await served.client.get('/admin/show')).json()).toEqual([])
    expect(innerWarnings).toEqual([])
    expect(outerWarnings).toEqual([])
  })

  it('the same options made twice by one helper (a storage factory each time): nothing reported', async () => {
    const options = (): KoaFlashOptions => ({
      secret: SECRET,
      storage: (seam, config) => new CookieStorage(seam, config),
      logger: { warn: (t: string) => void warnings.push(t) },
    })
    const warnings: string[] = []
    const app = new Koa()
    app.use(flash(options()))
    const admin = new Router({ prefix: '/admin' })
    admin.use(flash(options()))
    admin.post('/add', (ctx) => {
      info(ctx, 'info in admin')
      ctx.redirect('/admin/show')
    })
    admin.get('/show', (ctx) => {
      ctx.body = [...getMessages(ctx)].map(String)
    })
    app.use(admin.routes())
    const served = await serve(app)
    close = served.close
    await served.client.post('/admin/add')
    expect(await (await served.client.get('/admin/show')).json()).toEqual(['info in admin'])
    expect(warnings).toEqual([])
  })

  it('a function against a value is a difference, an equal value (level 20, the default) is none', async () => {
    const { app, innerWarnings } = appWith({ notDisplayed: () => false, level: 20 })
    const served = await serve(app)
    close = served.close
    await served.client.post('/admin/add')
    await served.client.get('/admin/show')
    expect(innerWarnings).toEqual([passedOn('"notDisplayed"', 'does')])
  })
})
