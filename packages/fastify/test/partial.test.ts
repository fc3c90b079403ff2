/**
 * The eta partial shipped in `templates/messages.eta`: Django's canonical markup, the same as
 * `renderMessages()`, through `@fastify/view`, with the messages consumed as it renders.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import view from '@fastify/view'
import { Eta } from 'eta'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import flash, {
  error,
  getMessages,
  info,
  markSafe,
  messagesContext,
  renderMessages,
  success,
  warning,
} from '../src/index.js'
import { Client, setCookies } from './client.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'
const MARKUP =
  '<ul class="messages">' +
  '<li class="success" role="status"><a href="/x">link</a></li>' +
  '<li class="info" role="status">&lt;b&gt;plain&lt;/b&gt; &amp; &quot;quoted&quot; &#39;too&#39;</li>' +
  '<li class="warning" role="alert">Your trial ends tomorrow.</li>' +
  '<li class="billing error" role="alert">Payment failed.</li>' +
  '</ul>'

async function appWithPartial() {
  // As the README shows: the partial, resolved through the package's exports map.
  const partial = createRequire(import.meta.url).resolve('@flash/fastify/templates/messages.eta')
  const eta = new Eta()
  eta.loadTemplate('@flash/messages', readFileSync(partial, 'utf8'))
  const app = Fastify()
  await app.register(cookie)
  await app.register(flash, { secret: SECRET })
  await app.register(view, { engine: { eta }, root: fileURLToPath(new URL('./views', import.meta.url)) })
  app.post<{ Body: { error?: boolean } }>('/add', async (request, reply) => {
    success(request, markSafe('<a href="/x">link</a>'))
    info(request, `<b>plain</b> & "quoted" 'too'`)
    warning(request, 'Your trial ends tomorrow.')
    if (request.body?.error !== false) error(request, 'Payment failed.', { extraTags: 'billing' })
    return reply.redirect('/')
  })
  app.get('/', async (request, reply) =>
    reply.view('with-partial.eta', { ...messagesContext(request), title: 'Home' }),
  )
  app.get('/any-engine', async (request, reply) =>
    reply.type('text/html').send(renderMessages(getMessages(request))),
  )
  return { app, partial }
}

describe('templates/messages.eta', () => {
  it('renders Django markup (escaped, markSafe raw, ARIA roles) and consumes the messages', async () => {
    const { app, partial } = await appWithPartial()
    expect(partial).toBe(fileURLToPath(new URL('../templates/messages.eta', import.meta.url)))
    const client = new Client(app)
    await client.post('/add', {})
    const page = await client.get('/')
    expect(page.body).toBe(`<h1>Home</h1>\n<p class="alert">Something went wrong.</p>\n${MARKUP}`)
    expect(setCookies(page)).toEqual([
      'messages=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    ])
    expect((await client.get('/')).body).toBe('<h1>Home</h1>\n')
  })

  it('is the markup of renderMessages(), for any other engine; no ERROR, no alert paragraph', async () => {
    const { app } = await appWithPartial()
    const client = new Client(app)
    await client.post('/add', {})
    expect((await client.get('/any-engine')).body).toBe(MARKUP)
    await client.post('/add', { error: false })
    expect((await client.get('/')).body).toBe(
      `<h1>Home</h1>\n${MARKUP.replace('<li class="billing error" role="alert">Payment failed.</li>', '')}`,
    )
  })
})
