/**
 * The eta partial shipped in `templates/messages.eta`: Django's canonical markup, the same as
 * `renderMessages()`, through `@fastify/view`, with the messages consumed as it renders.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
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
  '<ul class="messages" data-turbo-temporary hx-history="false">' +
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

/** An app whose Eta does not escape `<%= %>`: the partial must escape by itself. */
async function appWithoutAutoEscape(config: ConstructorParameters<typeof Eta>[0] = {}) {
  const partial = createRequire(import.meta.url).resolve('@flash/fastify/templates/messages.eta')
  const eta = new Eta({ ...config, autoEscape: false })
  eta.loadTemplate('@flash/messages', readFileSync(partial, 'utf8'))
  const app = Fastify()
  await app.register(cookie)
  await app.register(flash, { secret: SECRET })
  await app.register(formbody)
  await app.register(view, { engine: { eta }, root: fileURLToPath(new URL('./views', import.meta.url)) })
  app.post<{ Body: { topic: string } }>(
    '/contact',
    { config: { successMessage: 'Thanks, %(name)s!' } },
    async (request, reply) => {
      info(request, markSafe('Read <a href="/faq">the FAQ</a>.'), { extraTags: request.body.topic })
      return reply.redirect('/', 303)
    },
  )
  app.get('/', async (request, reply) =>
    reply.view('with-partial.eta', { ...messagesContext(request), title: 'Home' }),
  )
  return app
}

const HOSTILE_NAME = '<img src=x onerror="alert(1)">'
const HOSTILE_TOPIC = '"><script>alert(2)</script>'

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

describe('templates/messages.eta with autoEscape: false', () => {
  const LIST =
    '<ul class="messages" data-turbo-temporary hx-history="false">' +
    '<li class="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt; info" role="status">Read <a href="/faq">the FAQ</a>.</li>' +
    '<li class="success" role="status">Thanks, &lt;img src=x onerror=&quot;alert(1)&quot;&gt;!</li>' +
    '</ul>'
  const form = new URLSearchParams({ name: HOSTILE_NAME, topic: HOSTILE_TOPIC }).toString()

  it('escapes a form field in a success message and in tags; markSafe HTML stays HTML', async () => {
    const client = new Client(await appWithoutAutoEscape())
    expect((await client.form('/contact', form)).statusCode).toBe(303)
    expect((await client.get('/')).body).toBe(`<h1>Home</h1>\n${LIST}`)
    expect((await client.get('/')).body).toBe('<h1>Home</h1>\n')
  })

  it.each([{ autoTrim: false as const }, { rmWhitespace: true }, { useWith: true }])(
    'escapes the same with %o (only whitespace may differ)',
    async (config) => {
      const client = new Client(await appWithoutAutoEscape(config))
      await client.form('/contact', form)
      const page = (await client.get('/')).body
      expect(page.replace(/>\s+</g, '><').trim()).toBe(`<h1>Home</h1>${LIST}`)
    },
  )
})
