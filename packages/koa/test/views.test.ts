/**
 * Django's context processor for Koa: koa-views (eta) templates get `messages` and
 * `DEFAULT_MESSAGE_LEVELS` from `ctx.state`, and the shipped `templates/messages.eta` partial
 * renders Django's canonical markup, the same as `renderMessages()`.
 */
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { SECRET } from '@flash/adapter-suite'
import { bodyParser } from '@koa/bodyparser'
import Router from '@koa/router'
import views from '@ladjs/koa-views'
import { Eta } from 'eta'
import Koa from 'koa'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addMessage,
  ERROR,
  flash,
  INFO,
  markSafe,
  renderMessages,
  SUCCESS,
  WARNING,
  withSuccessMessage,
} from '../src/index.js'
import { type Client, type Served, serve } from './client.js'

async function createApp({ autoEscape = true } = {}) {
  // What the README tells users to do.
  const eta = new Eta({ autoEscape })
  eta.loadTemplate(
    '@messages',
    await readFile(new URL(import.meta.resolve('@flash/koa/templates/messages.eta')), 'utf8'),
  )
  const app = new Koa()
  app.use(flash({ secret: SECRET }))
  app.use(bodyParser({ enableTypes: ['form'] }))
  app.use(
    views(fileURLToPath(new URL('./views', import.meta.url)), {
      extension: 'eta',
      engineSource: {
        eta: async (file: string, locals: object) => eta.renderString(await readFile(file, 'utf8'), locals),
      },
    }),
  )
  const router = new Router()
  router.post('/add', (ctx) => {
    addMessage(ctx, INFO, '<b>bold</b> & "quoted" \'single\'')
    addMessage(ctx, ERROR, 'Payment failed.', { extraTags: 'billing' })
    addMessage(ctx, SUCCESS, markSafe('Saved. <a href="/notes/1">View</a>'))
    addMessage(ctx, WARNING, 'Careful.', { extraTags: '"><script>' })
    addMessage(ctx, 42, 'No tag.')
    ctx.redirect('/page')
  })
  router.post(
    '/contact',
    withSuccessMessage('Thanks, %(name)s!', (ctx) => {
      const topic = (ctx.request.body as { topic: string }).topic
      addMessage(ctx, INFO, markSafe('Read <a href="/faq">the FAQ</a>.'), { extraTags: topic })
      ctx.redirect('/page')
    }),
  )
  router.get('/page', (ctx) => ctx.render('page', { title: 'Notes' }))
  router.get('/core', (ctx) => {
    ctx.body = renderMessages(ctx.state.messages)
  })
  app.use(router.routes())
  return app
}

const LIST =
  '<ul class="messages" data-turbo-temporary hx-history="false">' +
  '<li class="info" role="status">&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot; &#39;single&#39;</li>' +
  '<li class="billing error" role="alert">Payment failed.</li>' +
  '<li class="success" role="status">Saved. <a href="/notes/1">View</a></li>' +
  '<li class="&quot;&gt;&lt;script&gt; warning" role="alert">Careful.</li>' +
  '<li role="alert">No tag.</li>' +
  '</ul>'

let served: Served
let client: Client
beforeAll(async () => {
  served = await serve(await createApp())
  client = served.client
})
afterAll(() => served.close())

describe('templates (Django context processor)', () => {
  it('a page template checks DEFAULT_MESSAGE_LEVELS.ERROR and includes the partial; messages are consumed', async () => {
    expect((await client.post('/add')).status).toBe(302)
    const page = await client.get('/page')
    expect(page.status).toBe(200)
    expect(await page.text()).toBe(`<h1>Notes</h1>\n<p class="important">Payment failed.</p>${LIST}`)
    expect(client.jar.get('messages')).toBeUndefined()
    expect(await (await client.get('/page')).text()).toBe('<h1>Notes</h1>\n')
  })

  it('the partial renders exactly what renderMessages() renders', async () => {
    await client.post('/add')
    expect(await (await client.get('/core')).text()).toBe(LIST)
    expect(await (await client.get('/core')).text()).toBe('')
  })
})

describe('the partial with autoEscape: false', () => {
  it('escapes a form field in a success message and in tags; markSafe HTML stays HTML', async () => {
    const unescaped = await serve(await createApp({ autoEscape: false }))
    try {
      const name = '<img src=x onerror="alert(1)">'
      const topic = '"><script>alert(2)</script>'
      expect((await unescaped.client.post('/contact', { name, topic })).status).toBe(302)
      expect(await (await unescaped.client.get('/page')).text()).toBe(
        '<h1>Notes</h1>\n<ul class="messages" data-turbo-temporary hx-history="false">' +
          '<li class="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt; info" role="status">Read <a href="/faq">the FAQ</a>.</li>' +
          '<li class="success" role="status">Thanks, &lt;img src=x onerror=&quot;alert(1)&quot;&gt;!</li>' +
          '</ul>',
      )
      expect(await (await unescaped.client.get('/page')).text()).toBe('<h1>Notes</h1>\n')
    } finally {
      await unescaped.close()
    }
  })
})
