/**
 * @module
 * The htmx and Turbo pages on Fastify (the routes are `LIVE_ROUTES` of @flash/demo-kit). Every
 * form carries `@fastify/csrf-protection`'s token in its hidden field; htmx and Turbo submit the
 * form's fields, so the app's `preHandler` check holds.
 */
import { csrfInput, LIVE_ROUTES, type LiveExchange, type LiveReply } from '@flash/demo-kit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

type LiveRequest = FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, unknown> }>

/**
 * Add the htmx page (`/htmx`), the Turbo page (`/turbo`) and the vendored scripts to `app`.
 *
 * @example
 * liveRoutes(app)
 */
export function liveRoutes(app: FastifyInstance): void {
  for (const route of LIVE_ROUTES) {
    app[route.method](route.path, async (request, reply) =>
      send(reply, await route.handle(exchange(request as LiveRequest, reply))),
    )
  }
}

function exchange(request: LiveRequest, reply: FastifyReply): LiveExchange {
  return {
    carrier: request,
    framework: 'Fastify',
    param: (name) => request.params[name],
    query: (name) => request.query[name],
    header: (name) => {
      const value = request.headers[name]
      return Array.isArray(value) ? value.join(', ') : value
    },
    csrfField: () => csrfInput(reply.generateCsrf()),
  }
}

function send(reply: FastifyReply, answer: LiveReply): FastifyReply {
  if (answer.kind === 'not-found') {
    reply.callNotFound()
    return reply
  }
  if (answer.kind === 'see-other') return reply.redirect(answer.url, 303)
  if (answer.headers) reply.headers(answer.headers)
  return reply.type(answer.type).send(answer.body)
}
