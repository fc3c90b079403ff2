/**
 * flash() mounted twice on one request (a router's own flash(), a sub-app under koa-mount, all on
 * the same ctx): the outer one serves the request. Before, each made a storage and stored it under
 * the one cookie name, and the outer write replaced the inner one's: a message the sub-app added
 * was lost with no report, and one the parent's layout displayed showed on every page.
 */
import Router from '@koa/router'
import Koa from 'koa'
import { afterEach, describe, expect, it } from 'vitest'
import { flash, getMessages, success } from '../src/index.js'
import { serve } from './client.js'
import { APP_KEYS } from './harness.js'

const SECRET = 'a-koa-flash-secret-of-32-chars-or-more'

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

function app(warnings: string[]) {
  const logger = { warn: (text: string) => void warnings.push(text) }
  const a = new Koa()
  a.keys = APP_KEYS
  a.use(flash({ secret: SECRET, logger }))
  // The parent's own code, inside its flash(): adds before the sub-routes, renders a layout after.
  a.use(async (ctx, next) => {
    if (ctx.path === '/sub/add') success(ctx, 'parent-before')
    await next()
    if (ctx.query['layout'] === '1') ctx.body = { layout: [...getMessages(ctx)].map(String) }
  })
  const sub = new Router({ prefix: '/sub' })
  sub.use(flash({ secret: SECRET, logger }))
  sub.post('/add', (ctx) => {
    success(ctx, 'sub-added')
    ctx.redirect('/show')
  })
  sub.get('/page', (ctx) => {
    ctx.body = 'a sub page'
  })
  a.use(sub.routes())
  a.use((ctx) => {
    if (ctx.path === '/show') ctx.body = [...getMessages(ctx)].map(String)
  })
  return a
}

describe('flash() mounted twice: the outer one serves the request', () => {
  it('what the parent and the sub-router add arrive together, once', async () => {
    const warnings: string[] = []
    const served = await serve(app(warnings))
    close = served.close
    expect((await served.client.post('/sub/add')).status).toBe(302)
    expect(await (await served.client.get('/show')).json()).toEqual(['parent-before', 'sub-added'])
    expect(await (await served.client.get('/show')).json()).toEqual([])
    expect(warnings).toEqual([])
  })

  it("the parent's layout displays them on a sub page: consumed there, not shown again", async () => {
    const warnings: string[] = []
    const served = await serve(app(warnings))
    close = served.close
    await served.client.post('/sub/add')
    expect(await (await served.client.get('/sub/page?layout=1')).json()).toEqual({
      layout: ['parent-before', 'sub-added'],
    })
    expect(await (await served.client.get('/show')).json()).toEqual([])
    expect(warnings).toEqual([])
  })
})
