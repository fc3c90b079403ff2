/**
 * flash() mounted twice on one request (a sub-app with its own flash() under `app.route()`, on the
 * same context): the outer one serves the request. Before, each made a storage and both wrote the
 * one message cookie, and the outer write replaced the inner one's: a message the sub-app added
 * was lost with no report.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { flash, getMessages, success } from '../src/index.js'
import { browser } from './client.js'

const SECRET = 'a-hono-flash-secret-of-32-chars-or-more!'
const warnings: string[] = []

function app() {
  const logger = (text: string) => void warnings.push(text)
  const parent = new Hono()
  parent.use(flash({ secret: SECRET, logger }))
  // The parent's own code, inside its flash(): adds before the sub-app, renders a layout after.
  parent.use(async (c, next) => {
    if (c.req.path === '/sub/add') success(c, 'parent-before')
    await next()
    if (c.req.query('layout') === '1') c.res = c.json({ layout: [...getMessages(c)].map(String) })
  })
  const sub = new Hono()
  sub.use(flash({ secret: SECRET, logger }))
  sub.post('/add', (c) => {
    success(c, 'sub-added')
    return c.redirect('/show')
  })
  sub.get('/page', (c) => c.text('a sub page'))
  parent.route('/sub', sub)
  parent.get('/show', (c) => c.json([...getMessages(c)].map(String)))
  return parent
}

let server: ReturnType<typeof serve>
let base = ''
beforeAll(async () => {
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app().fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      base = `http://127.0.0.1:${info.port}`
      resolve()
    })
  })
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const open = () => browser((path, init) => fetch(base + path, init))

describe('flash() mounted twice: the outer one serves the request', () => {
  test('what the parent and the sub-app add arrive together, once', async () => {
    const b = open()
    expect((await b.request('/sub/add', { method: 'POST' })).status).toBe(302)
    expect(JSON.parse((await b.request('/show')).text)).toEqual(['parent-before', 'sub-added'])
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
  })

  test("the parent's layout displays them on a sub page: consumed there, not shown again", async () => {
    const b = open()
    await b.request('/sub/add', { method: 'POST' })
    expect(JSON.parse((await b.request('/sub/page?layout=1')).text)).toEqual({
      layout: ['parent-before', 'sub-added'],
    })
    expect(JSON.parse((await b.request('/show')).text)).toEqual([])
    expect(warnings).toEqual([])
  })
})
