/**
 * `@fastify/view` (eta): a template rendered after the handler returned iterates the messages,
 * and flash's `onSend` sees them as displayed (Django's test_with_template_response).
 */
import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import view from '@fastify/view'
import { Eta } from 'eta'
import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import flash, { error, info, type MessagesContext, markSafe, messagesContext, success } from '../src/index.js'
import { Client, setCookies } from './client.js'

// @fastify/view reads reply.locals but leaves its type to the app, as its README shows.
declare module 'fastify' {
  interface FastifyReply {
    locals: Partial<MessagesContext> | undefined
  }
}

const SECRET = 'a-flash-secret-of-at-least-32-characters!'
const PAGE_WITH_MESSAGES = [
  '<h1>Home</h1>',
  '<ul class="messages">',
  '  <li class="success"><a href="/x">link</a></li>',
  '  <li class="info">&lt;b&gt;plain&lt;/b&gt; &amp; &quot;quoted&quot;</li>',
  '  <li class="urgent error">Important: Payment failed.</li>',
  '</ul>',
  '',
].join('\n')

async function appWithView() {
  const app = Fastify()
  await app.register(cookie)
  await app.register(flash, { secret: SECRET })
  await app.register(view, {
    engine: { eta: new Eta() },
    root: fileURLToPath(new URL('./views', import.meta.url)),
  })
  app.post('/add', async (request, reply) => {
    success(request, markSafe('<a href="/x">link</a>'))
    info(request, '<b>plain</b> & "quoted"')
    error(request, 'Payment failed.', { extraTags: 'urgent' })
    return reply.redirect('/')
  })
  return app
}

describe('@fastify/view with eta', () => {
  it('reply.view with messagesContext(request): the template consumes the messages, escaped', async () => {
    const app = await appWithView()
    app.get('/', async (request, reply) =>
      reply.view('page.eta', { ...messagesContext(request), title: 'Home' }),
    )
    const client = new Client(app)
    await client.post('/add')
    const page = await client.get('/')
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(page.body).toBe(PAGE_WITH_MESSAGES)
    expect(setCookies(page)).toEqual([
      'messages=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
    ])
    const again = await client.get('/')
    expect(again.body).toBe('<h1>Home</h1>\n')
    expect(setCookies(again)).toEqual([])
  })

  it('reply.locals filled in a preHandler hook: every template gets messages and DEFAULT_MESSAGE_LEVELS', async () => {
    const app = await appWithView()
    app.addHook('preHandler', async (request, reply) => {
      reply.locals = { ...reply.locals, ...messagesContext(request) }
    })
    app.get('/', async (_request, reply) => reply.view('page.eta', { title: 'Home' }))
    app.get('/elsewhere', async () => 'no template here')
    const client = new Client(app)
    await client.post('/add')
    expect(setCookies(await client.get('/elsewhere'))).toEqual([])
    expect((await client.get('/')).body).toBe(PAGE_WITH_MESSAGES)
    expect((await client.get('/')).body).toBe('<h1>Home</h1>\n')
  })
})
