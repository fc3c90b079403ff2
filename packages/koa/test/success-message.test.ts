/**
 * `withSuccessMessage()`: Django's `SuccessMessageMixinTests`, plus the failure cases, through
 * Koa 3, @koa/router and @koa/bodyparser on a real server.
 */
import { SECRET } from '@flash/adapter-suite'
import { bodyParser } from '@koa/bodyparser'
import Router, { type RouterContext } from '@koa/router'
import Koa from 'koa'
import { afterEach, describe, expect, it } from 'vitest'
import { flash, getMessages, renderMessages, withSuccessMessage } from '../src/index.js'
import { type Client, serve } from './client.js'

interface ContactForm {
  name: string
  slug: string
}
interface Note {
  id: number
  title: string
}

/** Django's `SomeObject` table. */
const objects = new Map<number, { name: string }>()
const notes: Note[] = []

function createApp({ parseBodies = true } = {}) {
  const app = new Koa()
  app.silent = true
  const errors: Error[] = []
  app.on('error', (error: Error) => errors.push(error))
  if (parseBodies) app.use(bodyParser())
  app.use(flash({ secret: SECRET }))
  const router = new Router()
  // Django's ContactFormViewWithMsg: a form with two required fields.
  router.post(
    '/add/msg',
    withSuccessMessage('%(name)s was created successfully', (ctx) => {
      const form = (ctx.request.body ?? {}) as Partial<ContactForm>
      if (!form.name || !form.slug) {
        ctx.status = 400
        ctx.body = 'name and slug are required'
        return
      }
      ctx.redirect('/show')
    }),
  )
  // No validation: whatever the JSON body holds reaches the template.
  router.post(
    '/created',
    withSuccessMessage('%(name)s was created successfully', (ctx) => ctx.redirect('/show')),
  )
  // Django's DeleteFormViewWithMsg.
  router.post(
    '/delete/msg/:pk',
    withSuccessMessage('Object was deleted successfully', (ctx: RouterContext) => {
      if (!objects.delete(Number(ctx.params.pk))) ctx.throw(404, 'No such object')
      ctx.redirect('/show')
    }),
  )
  // Django's get_success_message override: the message uses the saved object (the return value).
  router.post(
    '/notes',
    withSuccessMessage(
      (form: { title: string }, note: Note) => `Note #${note.id} "${form.title}" was saved.`,
      (ctx) => {
        const note = { id: notes.length + 1, title: (ctx.request.body as { title: string }).title }
        notes.push(note)
        ctx.redirect(`/show`)
        return note
      },
    ),
  )
  // A JSON API: no return value, so the result is ctx.body.
  router.post(
    '/api/notes',
    withSuccessMessage(
      (_form: unknown, note: Note) => `Created note #${note.id}.`,
      (ctx) => {
        ctx.status = 201
        ctx.body = { id: 41, title: 'api' }
      },
    ),
  )
  router.post(
    '/crash',
    withSuccessMessage('%(name)s was saved', () => {
      throw new Error('database is down')
    }),
  )
  router.post(
    '/empty',
    withSuccessMessage('', (ctx) => ctx.redirect('/show')),
  )
  router.post(
    '/typo',
    withSuccessMessage('%(nmae)s was saved', (ctx) => ctx.redirect('/show')),
  )
  router.get('/show', (ctx) => {
    ctx.body = renderMessages(getMessages(ctx))
  })
  app.use(router.routes())
  return { app, errors }
}

const running: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of running.splice(0)) await close()
})

async function start(options?: { parseBodies?: boolean }): Promise<{ client: Client; errors: Error[] }> {
  const { app, errors } = createApp(options)
  const served = await serve(app)
  running.push(served.close)
  return { client: served.client, errors }
}

/** The page `/show` renders, and that the messages are gone after it. */
async function showOnce(client: Client): Promise<string> {
  const page = await client.get('/show')
  expect(page.status).toBe(200)
  const html = await page.text()
  expect(await (await client.get('/show')).text()).toBe('')
  return html
}

describe('withSuccessMessage (Django SuccessMessageMixinTests)', () => {
  it('test_set_messages_success: the cookie of a valid urlencoded form holds the formatted message', async () => {
    const { client } = await start()
    const response = await client.post('/add/msg', { name: 'John Doe', slug: 'success-msg' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/show')
    const cookie = client.jar.get('messages')!
    const payload = Buffer.from(cookie.split(':')[0]!, 'base64url').toString('utf8')
    expect(JSON.parse(payload)).toEqual([['__json_message', 0, 25, 'John Doe was created successfully', '']])
    expect(await showOnce(client)).toBe(
      '<ul class="messages" data-turbo-temporary hx-history="false"><li class="success" role="status">John Doe was created successfully</li></ul>',
    )
  })

  it('test_set_messages_success_on_delete: the page after the redirect shows the message', async () => {
    objects.set(7, { name: 'MyObject' })
    const { client } = await start()
    const response = await client.post('/delete/msg/7')
    expect(response.status).toBe(302)
    expect(objects.has(7)).toBe(false)
    expect(await showOnce(client)).toBe(
      '<ul class="messages" data-turbo-temporary hx-history="false"><li class="success" role="status">Object was deleted successfully</li></ul>',
    )
  })

  it('adds nothing when the handler answers 4xx or throws', async () => {
    const { client, errors } = await start()
    const invalid = await client.post('/add/msg', { name: 'John Doe' })
    expect(invalid.status).toBe(400)
    expect(await invalid.text()).toBe('name and slug are required')
    const missing = await client.post('/delete/msg/404')
    expect(missing.status).toBe(404)
    const crash = await client.post('/crash', { name: 'John Doe' })
    expect(crash.status).toBe(500)
    // Koa's own error handler answered both, and reported them.
    expect(errors.map((e) => e.message)).toEqual(['No such object', 'database is down'])
    for (const response of [invalid, missing, crash]) expect(response.headers.getSetCookie()).toEqual([])
    expect(await client.get('/show').then((r) => r.text())).toBe('')
  })

  it('the function form gets the JSON or urlencoded body and the returned value, or ctx.body', async () => {
    const { client } = await start()
    expect((await client.post('/notes', { title: 'Groceries' }, { json: true })).status).toBe(302)
    expect((await client.post('/notes', { title: 'Taxes & <stuff>' })).status).toBe(302)
    const created = await client.post('/api/notes', {}, { json: true })
    expect(created.status).toBe(201)
    expect(await created.json()).toEqual({ id: 41, title: 'api' })
    expect(await showOnce(client)).toBe(
      '<ul class="messages" data-turbo-temporary hx-history="false">' +
        '<li class="success" role="status">Note #1 &quot;Groceries&quot; was saved.</li>' +
        '<li class="success" role="status">Note #2 &quot;Taxes &amp; &lt;stuff&gt;&quot; was saved.</li>' +
        '<li class="success" role="status">Created note #41.</li></ul>',
    )
  })

  it.each([
    ['{"name":{"toString":1}}', '{&quot;toString&quot;:1} was created successfully'],
    [
      '{"name":[{"toString":0,"valueOf":0}]}',
      '{&quot;toString&quot;:0,&quot;valueOf&quot;:0} was created successfully',
    ],
  ])(
    'a JSON body whose field is an object (%s) is formatted as JSON text, never a 500',
    async (body, html) => {
      // String() throws on an object whose toString is data; a route that succeeded must still redirect.
      const { client, errors } = await start()
      const response = await client.send('/created', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      expect(response.status).toBe(302)
      expect(response.headers.get('location')).toBe('/show')
      expect(errors).toEqual([])
      expect(await showOnce(client)).toBe(
        `<ul class="messages" data-turbo-temporary hx-history="false"><li class="success" role="status">${html}</li></ul>`,
      )
    },
  )

  it('an empty template adds nothing and sends no cookie', async () => {
    const { client } = await start()
    const response = await client.post('/empty', { name: 'x' })
    expect(response.status).toBe(302)
    expect(response.headers.getSetCookie()).toEqual([])
  })

  it('a field missing from the form is an error naming it, never "undefined" in a message', async () => {
    const { client, errors } = await start()
    const response = await client.post('/typo', { name: 'John Doe', slug: 'x' })
    expect(response.status).toBe(500)
    expect(response.headers.getSetCookie()).toEqual([])
    expect(errors.map((e) => [e.name, e.message])).toEqual([
      [
        'FlashError',
        '@flash/core: success message "%(nmae)s was saved" uses %(nmae)s but the form has no field "nmae" ' +
          '(fields: name, slug)',
      ],
    ])
  })

  it('without @koa/bodyparser the error says to mount it', async () => {
    const { client, errors } = await start({ parseBodies: false })
    expect((await client.post('/add/msg', { name: 'John Doe', slug: 'x' })).status).toBe(400)
    // The form check above saw no body; a route that does not validate fails when formatting.
    expect((await client.post('/typo', { name: 'John Doe' })).status).toBe(500)
    expect(errors.map((e) => e.message)).toEqual([
      '@flash/koa: ctx.request.body is undefined, so the success message cannot be formatted; mount ' +
        '@koa/bodyparser before this route (app.use(bodyParser())). @flash/core: success message ' +
        '"%(nmae)s was saved" uses %(nmae)s but the form has no field "nmae" (fields: none)',
    ])
  })
})
