/**
 * `<Messages />` from @flash/hono/jsx, rendered by hono/jsx through `c.html` and `c.render`.
 */
import { Hono } from 'hono'
import { jsxRenderer } from 'hono/jsx-renderer'
import { describe, expect, test } from 'vitest'
import {
  addMessage,
  type FlashEnv,
  flash,
  getMessages,
  info,
  markSafe,
  success,
  warning,
} from '../src/index.js'
import { Messages } from '../src/jsx.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

function app() {
  const app = new Hono<FlashEnv>()
  app.use(flash({ secret: SECRET }))
  app.post('/add', (c) => {
    info(c, '<b>plain</b> & "quoted"')
    success(c, markSafe('Saved. <a href="/notes/1">View</a>'))
    warning(c, 'Careful', { extraTags: 'billing' })
    addMessage(c, 35, 'untagged level')
    return c.redirect('/')
  })
  app.get('/', (c) =>
    c.html(
      <main>
        <Messages c={c} />
      </main>,
    ),
  )
  app.get('/list', (c) => c.html(<Messages messages={getMessages(c)} />))
  app.use(
    '/page/*',
    jsxRenderer(({ children }) => <body>{children}</body>),
  )
  app.get('/page/messages', (c) => c.render(<Messages c={c} />))
  return app
}

const RENDERED =
  '<ul class="messages" data-turbo-temporary="" hx-history="false">' +
  '<li class="info" role="status">&lt;b&gt;plain&lt;/b&gt; &amp; &quot;quoted&quot;</li>' +
  '<li class="success" role="status">Saved. <a href="/notes/1">View</a></li>' +
  '<li class="billing warning" role="alert">Careful</li>' +
  '<li role="alert">untagged level</li>' +
  '</ul>'

describe('<Messages />', () => {
  test('c.html: canonical markup, escaped text, safe HTML, roles; consumes; then renders nothing', async () => {
    const a = app()
    const client = browser((path, init) => a.request(path, init))
    await client.request('/add', { method: 'POST' })
    const page = await client.request('/')
    expect(page.text).toBe(`<main>${RENDERED}</main>`)
    expect(page.setCookies).toEqual([
      'messages=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    ])
    expect((await client.request('/')).text).toBe('<main></main>')
  })

  test('the messages prop, and c.render through jsxRenderer', async () => {
    const a = app()
    const client = browser((path, init) => a.request(path, init))
    await client.request('/add', { method: 'POST' })
    expect((await client.request('/list')).text).toBe(RENDERED)
    await client.request('/add', { method: 'POST' })
    expect((await client.request('/page/messages')).text).toBe(`<!DOCTYPE html><body>${RENDERED}</body>`)
    expect((await client.request('/page/messages')).text).toBe('<!DOCTYPE html><body></body>')
  })
})

describe('<Messages /> and request input', () => {
  test('a form field in the text and in the tags is escaped across POST, redirect, GET', async () => {
    const a = app()
    a.post('/contact', async (c) => {
      const body = await c.req.parseBody()
      success(c, `Thanks, ${body['name']}!`, { extraTags: String(body['topic']) })
      return c.redirect('/', 303)
    })
    const client = browser((path, init) => a.request(path, init))
    const form = new URLSearchParams({
      name: '<img src=x onerror="alert(1)">',
      topic: '"><script>alert(2)</script>',
    })
    const post = await client.request('/contact', {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(post.status).toBe(303)
    expect((await client.request('/')).text).toBe(
      '<main><ul class="messages" data-turbo-temporary="" hx-history="false">' +
        '<li class="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt; success" role="status">' +
        'Thanks, &lt;img src=x onerror=&quot;alert(1)&quot;&gt;!</li>' +
        '</ul></main>',
    )
  })
})
