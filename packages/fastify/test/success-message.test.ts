/**
 * `config: { successMessage }` (Django's SuccessMessageMixin and test_mixins.py): added only when
 * the handler succeeded, formatted from the parsed body, before the messages are persisted.
 */
import cookie from '@fastify/cookie'
import formbody from '@fastify/formbody'
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify'
import { describe, expect, it } from 'vitest'
import flash, { FlashConfigError, getMessages, info } from '../src/index.js'
import { Client, setCookies } from './client.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'

interface ContactForm {
  name?: string
  slug?: string
}
interface Note {
  id: number
  title: string
}

async function appWithFlash(): Promise<FastifyInstance> {
  const app = Fastify()
  await app.register(cookie)
  await app.register(formbody)
  await app.register(flash, { secret: SECRET })
  app.get('/show', async (request) => ({ texts: [...getMessages(request)].map(String) }))
  return app
}

/** Django's ContactFormViewWithMsg: `name` and a slug `slug` are required. */
function contactRoute(app: FastifyInstance) {
  app.post<{ Body: ContactForm }>(
    '/add/msg',
    { config: { successMessage: '%(name)s was created successfully' } },
    async (request, reply) => {
      const { name, slug } = request.body
      if (!name || !slug || !/^[-\w]+$/.test(slug)) return reply.code(400).send({ error: 'invalid form' })
      return reply.redirect('/show')
    },
  )
}

describe('successMessage (test_mixins.py)', () => {
  it('test_set_messages_success: the message is in the cookie and read back by the next request', async () => {
    const app = await appWithFlash()
    contactRoute(app)
    const client = new Client(app)
    const response = await client.form('/add/msg', 'name=John+Doe&slug=success-msg')
    expect(response.statusCode).toBe(302)
    expect(response.headers.location).toBe('/show')
    const payload = client.cookies.get('messages')!.split(':')[0]!
    expect(Buffer.from(payload, 'base64url').toString()).toBe(
      // Django's encoding: messages.success() passes extra_tags="", which is kept.
      '[["__json_message",0,25,"John Doe was created successfully",""]]',
    )
    expect((await client.get('/show')).json()).toEqual({ texts: ['John Doe was created successfully'] })
    expect((await client.get('/show')).json()).toEqual({ texts: [] })
  })

  it('test_set_messages_success_on_delete: a delete route redirects to a page showing the message', async () => {
    const objects = new Map([[1, { name: 'MyObject' }]])
    const app = await appWithFlash()
    app.post<{ Params: { pk: string } }>(
      '/delete/msg/:pk',
      { config: { successMessage: 'Object was deleted successfully' } },
      async (request, reply) => {
        if (!objects.delete(Number(request.params.pk))) return reply.code(404).send('no such object')
        return reply.redirect('/page')
      },
    )
    app.get('/page', async (request, reply) =>
      reply
        .type('text/html')
        .send(`<ul>${[...getMessages(request)].map((m) => `<li>${m}</li>`).join('')}</ul>`),
    )
    const client = new Client(app)
    const deleted = await client.post('/delete/msg/1')
    expect(deleted.statusCode).toBe(302)
    expect(objects.size).toBe(0)
    const page = await client.get(deleted.headers.location as string)
    expect(page.body).toBe('<ul><li>Object was deleted successfully</li></ul>')

    const missing = await client.post('/delete/msg/1')
    expect(missing.statusCode).toBe(404)
    expect(setCookies(missing)).toEqual([])
    expect((await client.get('/page')).body).toBe('<ul></ul>')
  })

  it('a failed validation (4xx from the handler or from the route schema) adds nothing', async () => {
    const app = await appWithFlash()
    contactRoute(app)
    app.post(
      '/schema',
      {
        config: { successMessage: '%(name)s was created successfully' },
        schema: { body: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } },
      },
      async (_request, reply) => reply.redirect('/show'),
    )
    const client = new Client(app)
    const invalid = await client.form('/add/msg', 'name=John+Doe&slug=not+a+slug')
    expect(invalid.statusCode).toBe(400)
    expect(setCookies(invalid)).toEqual([])
    const schemaInvalid = await client.form('/schema', 'title=John')
    expect(schemaInvalid.statusCode).toBe(400)
    expect(setCookies(schemaInvalid)).toEqual([])
    expect((await client.get('/show')).json()).toEqual({ texts: [] })
  })

  it('a hook that answers before the handler (a login redirect, a repeated submission) adds nothing', async () => {
    const app = await appWithFlash()
    let ran = 0
    app.post(
      '/notes',
      {
        config: { successMessage: 'Note saved.' },
        // An auth check: not logged in, so the handler never runs.
        preHandler: async (_request, reply) => reply.code(303).redirect('/show'),
      },
      async (_request, reply) => {
        ran++
        return reply.redirect('/show')
      },
    )
    const client = new Client(app)
    const answered = await client.form('/notes', 'title=Groceries')
    expect(answered.statusCode).toBe(303)
    expect(ran).toBe(0)
    expect(setCookies(answered)).toEqual([])
    expect((await client.get('/show')).json()).toEqual({ texts: [] })
  })

  it('a thrown error adds nothing, even when the error handler answers with a redirect', async () => {
    const app = await appWithFlash()
    app.setErrorHandler(async (_error, _request, reply) => reply.redirect('/show'))
    const options = { config: { successMessage: '%(name)s was created successfully' } }
    app.post('/async', options, async (request) => {
      info(request, 'Saving.')
      throw new Error('the database is down')
    })
    app.post('/sync', options, () => {
      throw new Error('the database is down')
    })
    const client = new Client(app)
    for (const url of ['/async', '/sync']) {
      const response = await client.form(url, 'name=John')
      expect(response.statusCode).toBe(302)
    }
    expect((await client.get('/show')).json()).toEqual({ texts: ['Saving.'] })
  })

  it('the function form gets the body and the handler result (the saved object)', async () => {
    const notes: Note[] = []
    const app = await appWithFlash()
    app.post<{ Body: { title: string } }>(
      '/notes',
      {
        config: {
          successMessage: (body, note: Note) => `Note #${note.id} "${body.title}" was saved.`,
        },
      },
      async (request, reply) => {
        const note = { id: notes.length + 7, title: request.body.title }
        notes.push(note)
        reply.code(201)
        return note
      },
    )
    app.post('/empty', { config: { successMessage: () => '' } }, async () => ({ ok: true }))
    const client = new Client(app)
    const created = await client.post('/notes', { title: '<b>Groceries</b>' })
    expect(created.statusCode).toBe(201)
    expect(created.json()).toEqual({ id: 7, title: '<b>Groceries</b>' })
    // Not escaped here: templates escape.
    expect((await client.get('/show')).json()).toEqual({ texts: ['Note #7 "<b>Groceries</b>" was saved.'] })
    expect(setCookies(await client.post('/empty', {}))).toEqual([])
  })

  it('a JSON body fills the template; the request is the third argument of the function form', async () => {
    const app = await appWithFlash()
    app.post('/json', { config: { successMessage: '%(name)s (%(count)d) was created' } }, async (_r, reply) =>
      reply.redirect('/show'),
    )
    app.post(
      '/request',
      {
        config: { successMessage: (_body, result, request) => `${request.method} ${request.url} ${result}` },
      },
      async (_request, reply) => reply.redirect('/show'),
    )
    const client = new Client(app)
    await client.post('/json', { name: 'Jane', count: 3.7 })
    await client.post('/request', {})
    expect((await client.get('/show')).json()).toEqual({
      texts: ['Jane (3) was created', 'POST /request undefined'],
    })
  })

  it.each([
    ['{"name":{"toString":1}}', '{"toString":1} was created successfully'],
    ['{"name":[{"toString":0,"valueOf":0}]}', '{"toString":0,"valueOf":0} was created successfully'],
  ])(
    'a JSON body whose field is an object (%s) is formatted as JSON text, never a 500',
    async (body, text) => {
      // String() throws on an object whose toString is data; a route that succeeded must still redirect.
      const app = await appWithFlash()
      app.post(
        '/created',
        { config: { successMessage: '%(name)s was created successfully' } },
        async (_r, reply) => reply.redirect('/show'),
      )
      const client = new Client(app)
      const response = await client.request('POST', '/created', body, { 'content-type': 'application/json' })
      expect(response.statusCode).toBe(302)
      expect(response.headers.location).toBe('/show')
      expect((await client.get('/show')).json()).toEqual({ texts: [text] })
    },
  )

  it('a field missing from the body is a 500 naming it, never "undefined"; other messages are kept', async () => {
    const app = await appWithFlash()
    app.post('/typo', { config: { successMessage: '%(title)s was saved' } }, async (request, reply) => {
      info(request, 'Saving.')
      return reply.redirect('/show')
    })
    const client = new Client(app)
    const response = await client.form('/typo', 'name=John&slug=john')
    expect(response.statusCode).toBe(500)
    expect(response.json().message).toBe(
      '@flash/core: success message "%(title)s was saved" uses %(title)s but the form has no field "title" ' +
        '(fields: name, slug)',
    )
    expect((await client.get('/show')).json()).toEqual({ texts: ['Saving.'] })
  })

  it('decided per route: only routes with the option get a wrapped handler; a bad option fails at startup', async () => {
    const app = await appWithFlash()
    const handlers = new Map<string, RouteOptions['handler']>()
    app.addHook('onRoute', (route) => void handlers.set(route.url, route.handler))
    const plain = async () => 'plain'
    const withMessage = async () => 'saved'
    app.post('/plain', plain)
    app.post('/empty-template', { config: { successMessage: '' } }, plain)
    app.post('/saved', { config: { successMessage: 'Saved.' } }, withMessage)
    expect(handlers.get('/plain')).toBe(plain)
    expect(handlers.get('/empty-template')).toBe(plain)
    expect(handlers.get('/saved')).not.toBe(withMessage)
    expect((await app.inject({ method: 'POST', url: '/saved' })).body).toBe('saved')

    const bad = await appWithFlash()
    const error = (() => {
      try {
        bad.post('/bad', { config: { successMessage: 42 as never } }, plain)
      } catch (thrown) {
        return thrown as Error
      }
    })()
    expect(error).toBeInstanceOf(FlashConfigError)
    expect(error?.message).toBe(
      '@flash/fastify: route POST /bad: config.successMessage must be a "%(field)s" template string or a ' +
        'function (body, result, request) => string, not number',
    )
  })
})
