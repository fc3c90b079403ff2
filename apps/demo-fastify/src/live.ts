/**
 * @module
 * The htmx and Turbo pages on Fastify. Every form carries `@fastify/csrf-protection`'s token in
 * its hidden field; htmx and Turbo submit the form's fields, so the app's `preHandler` check holds.
 */
import { readFile } from 'node:fs/promises'
import {
  csrfInput,
  htmxFragment,
  htmxMajor,
  htmxPage,
  LIVE_TEXTS,
  turboElsewherePage,
  turboPage,
  VENDOR_FILES,
  VENDOR_PREFIX,
} from '@flash/demo-kit'
import {
  getMessages,
  info,
  renderMessageItems,
  renderMessages,
  success,
  TURBO_STREAM_TYPE,
  turboStream,
} from '@flash/fastify'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

const FRAMEWORK = 'Fastify'
type Query = { Querystring: { v?: string } }

/**
 * Add the htmx page (`/htmx`), the Turbo page (`/turbo`) and the vendored scripts to `app`.
 *
 * @example
 * liveRoutes(app)
 */
export function liveRoutes(app: FastifyInstance): void {
  // Rendering the list consumes the messages: each page renders it once.
  const input = (
    request: FastifyRequest,
    reply: FastifyReply,
    messagesHtml = renderMessages(getMessages(request)),
  ) => ({
    framework: FRAMEWORK,
    messagesHtml,
    csrfField: csrfInput(reply.generateCsrf()),
  })
  const html = (reply: FastifyReply, body: string) => reply.type('text/html; charset=utf-8').send(body)

  app.get<{ Params: { file: string } }>(`${VENDOR_PREFIX}:file`, async (request, reply) => {
    const file = VENDOR_FILES[request.params.file]
    if (file === undefined) return reply.callNotFound()
    return reply.type('text/javascript; charset=utf-8').send(await readFile(file, 'utf8'))
  })

  app.get<Query>('/htmx', (request, reply) =>
    html(reply, htmxPage(input(request, reply), htmxMajor(request.query.v))),
  )
  app.post<Query>('/htmx/save', (request, reply) => {
    success(request, LIVE_TEXTS.saved)
    return reply.redirect(`/htmx/fragment?v=${htmxMajor(request.query.v)}`, 303)
  })
  app.get('/htmx/fragment', (_request, reply) =>
    html(reply, htmxFragment(`Fragment rendered at ${new Date().toISOString()}.`)),
  )
  app.post('/htmx/update', (request, reply) => {
    info(request, LIVE_TEXTS.updated)
    return html(reply, htmxFragment('Updated.'))
  })
  app.post<Query>('/htmx/leave', (request, reply) => {
    success(request, LIVE_TEXTS.moved)
    return reply.header('HX-Redirect', `/htmx?v=${htmxMajor(request.query.v)}`).send('')
  })

  app.get('/turbo', (request, reply) =>
    html(
      reply,
      turboPage({ ...input(request, reply, ''), messageItems: renderMessageItems(getMessages(request)) }),
    ),
  )
  app.get('/turbo/elsewhere', (request, reply) => html(reply, turboElsewherePage(input(request, reply))))
  app.post('/turbo/save', (request, reply) => {
    success(request, LIVE_TEXTS.turboSaved)
    return reply.redirect('/turbo', 303)
  })
  app.post('/turbo/stream', (request, reply) => {
    success(request, LIVE_TEXTS.streamed)
    if (!request.headers.accept?.includes(TURBO_STREAM_TYPE)) return reply.redirect('/turbo', 303)
    return reply.type(`${TURBO_STREAM_TYPE}; charset=utf-8`).send(turboStream(request))
  })
}
