/**
 * `withSuccessMessage`, Django's SuccessMessageMixin (test_mixins.py), through `app.request`:
 * the message reaches the next page only when the handler succeeded.
 */
import { type Context, Hono } from 'hono'
import { validator } from 'hono/validator'
import { describe, expect, test } from 'vitest'
import { type FlashEnv, flash, withSuccessMessage } from '../src/index.js'
import { Messages } from '../src/jsx.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

type Env = FlashEnv & { Variables: { note: { id: number; title: string } } }

function app() {
  const objects = new Map([[1, 'MyObject']])
  const errors: string[] = []
  const app = new Hono<Env>()
  app.onError((error, c) => {
    errors.push(error.message)
    return c.text('Internal Server Error', 500)
  })
  app.use(flash({ secret: SECRET }))
  app.get('/show', (c) => c.html(<Messages c={c} />))

  // ContactFormViewWithMsg: a validated form, success_message = "%(name)s was created successfully"
  app.post(
    '/add/msg',
    validator('form', (form, c) =>
      typeof form.name === 'string' && form.name !== '' && /^[-\w]+$/.test(String(form.slug))
        ? { name: form.name, slug: String(form.slug) }
        : c.text('invalid form', 400),
    ),
    withSuccessMessage('%(name)s was created successfully', (c) => c.redirect('/show')),
  )
  // DeleteFormViewWithMsg: success_url = "/show/", success_message = "Object was deleted successfully"
  app.post(
    '/delete/msg/:pk',
    withSuccessMessage('Object was deleted successfully', (c) => {
      if (!objects.delete(Number(c.req.param('pk')))) return c.text('Not Found', 404)
      return c.redirect('/show')
    }),
  )
  // Not in Django's suite: re-rendering the form (4xx), a crash, a function, JSON, errors.
  app.post(
    '/notes',
    withSuccessMessage('%(title)s was saved (%(words)d words)', async (c) => {
      const form = await c.req.parseBody()
      if (form.title === '') return c.text('title is required', 422)
      if (form.title === 'crash') throw new Error('database down')
      return c.redirect('/show')
    }),
  )
  app.post(
    '/notes/computed',
    withSuccessMessage(
      (body, response, c) =>
        `${c.var.note.title} (#${c.var.note.id}, ${Object.keys(body).length} fields) is at ${response.headers.get('location')}`,
      async (c: Context<Env>) => {
        const form = await c.req.parseBody()
        c.set('note', { id: 7, title: String(form.title) })
        return c.redirect('/notes/7')
      },
    ),
  )
  app.post(
    '/notes/silent',
    withSuccessMessage(
      () => null,
      (c) => c.redirect('/show'),
    ),
  )
  app.post(
    '/json',
    withSuccessMessage('%(title)s was saved', (c) => c.json({ ok: true }, 201)),
  )
  app.post(
    '/json/read',
    withSuccessMessage('%(title)s was saved', async (c) => c.json(await c.req.json(), 201)),
  )
  app.post(
    '/created',
    withSuccessMessage('%(name)s was created successfully', (c) => c.redirect('/show')),
  )
  app.post(
    '/typo',
    withSuccessMessage('%(nmae)s was saved', (c) => c.redirect('/show')),
  )
  app.post(
    '/raw',
    withSuccessMessage('%(title)s was saved', async (c) => c.text(await c.req.raw.text())),
  )
  app.post(
    '/raw/static',
    withSuccessMessage('Saved.', async (c) => c.text(await c.req.raw.text())),
  )
  return { app, objects, errors, client: browser((path, init) => app.request(path, init)) }
}

const shown = (text: string) =>
  `<ul class="messages" data-turbo-temporary="" hx-history="false"><li class="success" role="status">${text}</li></ul>`

describe('withSuccessMessage (SuccessMessageMixinTests)', () => {
  test('test_set_messages_success: the cookie carries the formatted message, shown once', async () => {
    const { client } = app()
    const res = await client.request('/add/msg', {
      method: 'POST',
      body: new URLSearchParams({ name: 'John Doe', slug: 'success-msg' }),
    })
    expect(res.status).toBe(302)
    const [cookie = ''] = res.setCookies
    const payload = cookie.slice('messages='.length).split(':')[0]!
    expect(Buffer.from(payload, 'base64url').toString()).toBe(
      '[["__json_message",0,25,"John Doe was created successfully",""]]',
    )
    expect((await client.request('/show')).text).toBe(shown('John Doe was created successfully'))
    expect((await client.request('/show')).text).toBe('')
  })

  test('test_set_messages_success_on_delete: the redirect target shows the message', async () => {
    const { client, objects } = app()
    const res = await client.request('/delete/msg/1', { method: 'POST' })
    expect(res.status).toBe(302)
    expect(res.headers.get('location')).toBe('/show')
    expect(objects.has(1)).toBe(false)
    expect((await client.request('/show')).text).toBe(shown('Object was deleted successfully'))
  })

  test('a 4xx response adds nothing: invalid form (validator), 404, re-rendered form (422)', async () => {
    const { client } = app()
    const invalid = await client.request('/add/msg', {
      method: 'POST',
      body: new URLSearchParams({ name: 'John Doe', slug: 'not a slug' }),
    })
    const missing = await client.request('/delete/msg/2', { method: 'POST' })
    const rerendered = await client.request('/notes', {
      method: 'POST',
      body: new URLSearchParams({ title: '', words: '3' }),
    })
    expect([invalid.status, missing.status, rerendered.status]).toEqual([400, 404, 422])
    expect([...invalid.setCookies, ...missing.setCookies, ...rerendered.setCookies]).toEqual([])
    expect((await client.request('/show')).text).toBe('')
  })

  test('a handler that throws adds nothing', async () => {
    const { client, errors } = app()
    const res = await client.request('/notes', {
      method: 'POST',
      body: new URLSearchParams({ title: 'crash', words: '3' }),
    })
    expect(res.status).toBe(500)
    expect(errors).toEqual(['database down'])
    expect(res.setCookies).toEqual([])
    expect((await client.request('/show')).text).toBe('')
  })

  test('%(field)d and the form as the handler read it (parseBody is cached), also multipart', async () => {
    const { client } = app()
    await client.request('/notes', {
      method: 'POST',
      body: new URLSearchParams({ title: 'Groceries', words: '12.7' }),
    })
    const multipart = new FormData()
    multipart.set('title', '<b>Plans</b>')
    multipart.set('words', '3')
    await client.request('/notes', { method: 'POST', body: multipart })
    expect((await client.request('/show')).text).toBe(
      '<ul class="messages" data-turbo-temporary="" hx-history="false"><li class="success" role="status">Groceries was saved (12 words)</li>' +
        '<li class="success" role="status">&lt;b&gt;Plans&lt;/b&gt; was saved (3 words)</li></ul>',
    )
  })

  test('a function of the body, the Response and the context; null adds nothing', async () => {
    const { client } = app()
    const res = await client.request('/notes/computed', {
      method: 'POST',
      body: new URLSearchParams({ title: 'Groceries', tags: 'home' }),
    })
    expect(res.headers.get('location')).toBe('/notes/7')
    await client.request('/notes/silent', { method: 'POST' })
    expect((await client.request('/show')).text).toBe(shown('Groceries (#7, 2 fields) is at /notes/7'))
  })

  test('JSON bodies, read by the handler or not', async () => {
    const { client } = app()
    const unread = await client.request('/json', { method: 'POST', json: { title: 'Groceries' } })
    const read = await client.request('/json/read', {
      method: 'POST',
      headers: { 'content-type': 'application/merge-patch+json; charset=utf-8' },
      body: JSON.stringify({ title: 'Plans' }),
    })
    expect([unread.status, read.status, read.text]).toEqual([201, 201, '{"title":"Plans"}'])
    expect((await client.request('/show')).text).toBe(
      '<ul class="messages" data-turbo-temporary="" hx-history="false"><li class="success" role="status">Groceries was saved</li>' +
        '<li class="success" role="status">Plans was saved</li></ul>',
    )
  })

  test.each([
    ['{"name":{"toString":1}}', '{&quot;toString&quot;:1} was created successfully'],
    [
      '{"name":[{"toString":0,"valueOf":0}]}',
      '{&quot;toString&quot;:0,&quot;valueOf&quot;:0} was created successfully',
    ],
  ])(
    'a JSON body whose field is an object (%s) is formatted as JSON text, never a 500',
    async (body, html) => {
      // String() throws on an object whose toString is data; a route that succeeded must still redirect.
      const { client, errors } = app()
      const res = await client.request('/created', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      expect(res.status).toBe(302)
      expect(res.headers.get('location')).toBe('/show')
      expect(errors).toEqual([])
      expect((await client.request('/show')).text).toBe(shown(html))
    },
  )

  test('a missing field is an error naming it, never "undefined"', async () => {
    const { client, errors } = app()
    const res = await client.request('/typo', {
      method: 'POST',
      body: new URLSearchParams({ name: 'John Doe', slug: 'x' }),
    })
    expect(res.status).toBe(500)
    expect(errors).toEqual([
      '@flash/core: success message "%(nmae)s was saved" uses %(nmae)s but the form has no field "nmae" ' +
        '(fields: name, slug)',
    ])
    expect((await client.request('/show')).text).toBe('')
  })

  test('a body consumed from c.req.raw is an error; a template without fields never reads the body', async () => {
    const { client, errors } = app()
    const form = { method: 'POST', body: new URLSearchParams({ title: 'Groceries' }) }
    expect((await client.request('/raw', form)).status).toBe(500)
    expect(errors).toEqual([
      '@flash/hono: withSuccessMessage cannot read the request body, the handler consumed c.req.raw; read it ' +
        'with c.req.parseBody() or c.req.json() (Hono caches those), or use a validator',
    ])
    expect((await client.request('/raw/static', form)).text).toBe('title=Groceries')
    expect((await client.request('/show')).text).toBe(shown('Saved.'))
  })

  test("an empty template is Django's default: the handler itself, adding nothing", () => {
    const handler = () => new Response('ok')
    expect(withSuccessMessage('', handler)).toBe(handler)
    expect(() => withSuccessMessage(null as never, handler)).toThrow(
      '@flash/hono: withSuccessMessage(message, handler) needs a "%(field)s" template or a function ' +
        '(body, response, c) => string as message, not null',
    )
  })
})
