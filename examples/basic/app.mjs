/**
 * The demo app: a page that lists pending messages and a form that adds one.
 * POST /notes adds a success message and redirects (POST/redirect/GET); GET / shows it once.
 */
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import flash, { escapeHtml, getMessages, success, warning } from '@flash/fastify'
import Fastify from 'fastify'

export async function buildApp({ secret, logger = false }) {
  const app = Fastify({ logger })
  await app.register(cookie)
  await app.register(formbody)
  await app.register(flash, { secret })

  app.post('/notes', async (request, reply) => {
    const title = String(request.body?.title ?? '').trim()
    if (title) success(request, `“${title}” was created.`)
    else warning(request, 'A note needs a title.')
    return reply.redirect('/', 303)
  })

  app.get('/', async (request, reply) => {
    const items = [...getMessages(request)]
      .map((m) => `<li class="${escapeHtml(m.tags)}">${escapeHtml(String(m))}</li>`)
      .join('')
    reply.type('text/html')
    return `<!doctype html><title>@flash demo</title>
<h1>@flash demo</h1>
${items ? `<ul class="messages">${items}</ul>` : '<p>No messages.</p>'}
<form method="post" action="/notes"><input name="title" placeholder="Note title"> <button>Create note</button></form>`
  })

  app.get('/api/messages', async (request) => [...getMessages(request)])
  return app
}
