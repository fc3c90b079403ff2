/**
 * @module
 * Notes with a message playground, on Fastify: `@fastify/view` with eta templates,
 * `@fastify/formbody`, `@fastify/session` (in memory), `@fastify/csrf-protection` and `@flash/fastify`.
 */
import { fileURLToPath } from 'node:url'
import cookie from '@fastify/cookie'
import csrf from '@fastify/csrf-protection'
import formbody from '@fastify/formbody'
import session from '@fastify/session'
import fastifyStatic from '@fastify/static'
import view from '@fastify/view'
import {
  ASSETS_DIR,
  ASSETS_PREFIX,
  addPlaygroundMessages,
  changesState,
  DEMO_TAGS,
  DEMO_USER_COOKIE,
  demoUserId,
  field,
  NOTE_MISSING,
  NoteStore,
  noteCreatedMessage,
  noteDeleted,
  notesView,
  offeredStorages,
  type PlaygroundValues,
  parseNoteForm,
  parsePlaygroundForm,
  playgroundView,
  queueBackgroundMessage,
  SCOPE_COOKIE,
  SCOPE_NAMES,
  STORAGE_COOKIE,
  STORAGE_COOKIE_OPTIONS,
  sessionSecret,
  switchableStorage,
  UNKNOWN_SCOPE,
  UNKNOWN_STORAGE,
} from '@flash/demo-kit'
import flash, { error, messageRole, messagesContext, messagesJson, success, warning } from '@flash/fastify'
import { Eta } from 'eta'
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify'
import { liveRoutes } from './live.js'

export interface DemoOptions {
  /** The signing secret of the message cookie. */
  secret: string
  /** Where warnings go (e.g. messages that could not be stored). @default console.warn */
  log?: (text: string) => void
}

const VIEWS = fileURLToPath(new URL('../views/', import.meta.url))

/**
 * Build the app (not listening).
 *
 * @example
 * const app = await createApp({ secret: process.env.FLASH_SECRET! })
 * await app.listen({ port: 3001 })
 */
export async function createApp({ secret, log = console.warn }: DemoOptions): Promise<FastifyInstance> {
  const notes = new NoteStore()
  const app = Fastify({
    // Warnings only (e.g. "3 messages could not be stored"), as text.
    logger: { level: 'warn', stream: { write: (line: string) => log(JSON.parse(line).msg) } },
  })

  await app.register(cookie)
  // Before the session plugin, so messages are stored before the session is saved.
  await app.register(flash, {
    secret,
    storage: switchableStorage,
    tags: DEMO_TAGS,
    htmx: true,
    scope: 'redirect',
  })
  await app.register(session, {
    secret: sessionSecret(),
    cookieName: 'demo_session',
    saveUninitialized: false,
    cookie: { secure: false, httpOnly: true, sameSite: 'lax', path: '/' },
  })
  await app.register(formbody)
  // Every form carries a token in a hidden field; a POST without it (any other site's form, which
  // cannot read the token) is refused with 403 before its handler adds or stores anything. The
  // secret is in an HttpOnly SameSite=Strict cookie. A preHandler, because the token is in the body.
  // Refusals are logged at info: the warn log is for messages that could not be stored.
  await app.register(csrf, { logLevel: 'info' })
  app.addHook('preHandler', (request, reply, done) =>
    changesState(request.method) ? app.csrfProtection(request, reply, done) : done(),
  )
  await app.register(view, {
    engine: { eta: new Eta() },
    root: VIEWS,
    defaultContext: { framework: 'Fastify', messageRole },
  })
  await app.register(fastifyStatic, { root: ASSETS_DIR, prefix: ASSETS_PREFIX })

  // Pages show one-time messages: the back button must fetch them again, never from a cache.
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith(ASSETS_PREFIX)) reply.header('cache-control', 'no-store')
  })

  const page = (request: FastifyRequest, reply: FastifyReply, template: string, data: object, status = 200) =>
    reply
      .code(status)
      .view(template, { ...messagesContext(request), csrfToken: reply.generateCsrf(), ...data })

  app.get('/', (request, reply) => page(request, reply, 'notes.eta', notesView(notes.list())))

  // The success message is added only when the handler succeeded (a 2xx or 3xx response).
  app.post('/notes', { config: { successMessage: noteCreatedMessage } }, (request, reply) => {
    const form = parseNoteForm(request.body)
    if (!form.ok) {
      // Added and displayed by this same response: it is not shown again.
      error(request, form.error)
      return page(
        request,
        reply,
        'notes.eta',
        notesView(notes.list(), { title: form.title, invalid: true }),
        422,
      )
    }
    notes.create(form.title)
    return reply.redirect('/', 303)
  })

  app.post<{ Params: { id: string } }>('/notes/:id/delete', (request, reply) => {
    const note = notes.delete(request.params.id)
    if (note) success(request, noteDeleted(note))
    else warning(request, NOTE_MISSING)
    return reply.redirect('/', 303)
  })

  const playground = (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: PlaygroundValues,
    status = 200,
  ) => page(request, reply, 'playground.eta', playgroundView(request.messages, values), status)

  app.get('/playground', (request, reply) => playground(request, reply))

  app.post('/playground', (request, reply) => {
    const form = parsePlaygroundForm(request.body)
    if (!form.ok) {
      for (const text of form.errors) error(request, text)
      return playground(request, reply, form.values, 422)
    }
    addPlaygroundMessages(request, form.request)
    return reply.redirect('/playground', 303)
  })

  app.post('/playground/storage', (request, reply) => {
    const choice = offeredStorages().find((name) => name === field(request.body, 'storage'))
    if (!choice) {
      error(request, UNKNOWN_STORAGE)
      return playground(request, reply, undefined, 422)
    }
    reply.setCookie(STORAGE_COOKIE, choice, STORAGE_COOKIE_OPTIONS)
    return reply.redirect('/playground', 303)
  })

  app.post('/playground/scope', (request, reply) => {
    const choice = SCOPE_NAMES.find((name) => name === field(request.body, 'scope'))
    if (!choice) {
      error(request, UNKNOWN_SCOPE)
      return playground(request, reply, undefined, 422)
    }
    reply.setCookie(SCOPE_COOKIE, choice, STORAGE_COOKIE_OPTIONS)
    return reply.redirect('/playground', 303)
  })

  // Redis only: a job sends this visitor a message two seconds from now, outside any request.
  app.post('/playground/job', (request, reply) => {
    const user = demoUserId(request.cookies[DEMO_USER_COOKIE])
    reply.setCookie(DEMO_USER_COOKIE, user, STORAGE_COOKIE_OPTIONS)
    if (!queueBackgroundMessage(user))
      error(request, 'Background jobs need Redis: start the demo with REDIS_URL set.')
    return reply.redirect('/playground', 303)
  })

  // For single-page apps: the pending messages as JSON; reading them consumes them.
  app.get('/api/messages', async (request) => ({ messages: messagesJson(request) }))

  liveRoutes(app)

  return app
}

/**
 * Build the app and listen on `port` of `host`.
 *
 * @example
 * const { url } = await startDemo({ secret, port: 3001 })
 */
export async function startDemo(
  options: DemoOptions & { port: number; host?: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const app = await createApp(options)
  const url = await app.listen({ port: options.port, host: options.host ?? '127.0.0.1' })
  return { url, close: () => app.close() }
}
