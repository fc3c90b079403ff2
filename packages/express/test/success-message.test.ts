/**
 * `withSuccessMessage`: Django's SuccessMessageMixin tests, on Express 5 and 4.
 */
import express5 from 'express'
import { describe, expect, it } from 'vitest'
import { FlashConfigError, FlashError, withSuccessMessage } from '../src/index.js'
import { testApp } from './app.js'
import { serve } from './client.js'
import { EXPRESS_VERSIONS } from './harness.js'

describe.each(EXPRESS_VERSIONS)(
  'withSuccessMessage on $name (Django SuccessMessageMixinTests)',
  ({ express }) => {
    async function withRoutes(routes: (app: import('express').Express) => void) {
      const { app, errors } = testApp({ express, routes })
      const served = await serve(app)
      return { ...served, errors }
    }

    it('test_set_messages_success: a valid urlencoded form shows the formatted message after the redirect', async () => {
      const { client, close } = await withRoutes((a) =>
        a.post(
          '/contacts',
          withSuccessMessage('%(name)s was created successfully', (_req, res) => {
            res.redirect('/show')
          }),
        ),
      )
      try {
        const redirect = await client.post('/contacts', { name: 'John Doe' })
        expect(redirect.status).toBe(302)
        expect(await (await client.get('/show')).json()).toEqual(['John Doe was created successfully'])
      } finally {
        await close()
      }
    })

    it('an async handler: the message is added when its response is finished', async () => {
      const { client, close } = await withRoutes((a) =>
        a.post(
          '/contacts',
          withSuccessMessage('%(name)s saved', async (_req, res) => {
            await new Promise((resolve) => setTimeout(resolve, 5))
            res.status(201).json({ ok: true })
          }),
        ),
      )
      try {
        expect((await client.post('/contacts', { name: 'Ada' })).status).toBe(201)
        expect(await (await client.get('/show')).json()).toEqual(['Ada saved'])
      } finally {
        await close()
      }
    })

    it('adds nothing when the handler answers 4xx, throws, rejects or calls next(error)', async () => {
      const { client, close, errors } = await withRoutes((a) => {
        a.post(
          '/invalid',
          withSuccessMessage('%(name)s saved', (_req, res) => {
            res.status(422).send('invalid')
          }),
        )
        a.post(
          '/throws',
          withSuccessMessage('%(name)s saved', () => {
            throw new Error('thrown')
          }),
        )
        a.post(
          '/rejects',
          withSuccessMessage('%(name)s saved', async () => {
            throw new Error('rejected')
          }),
        )
        a.post(
          '/next-error',
          withSuccessMessage('%(name)s saved', (_req, _res, next) => next(new Error('passed on'))),
        )
      })
      try {
        expect((await client.post('/invalid', { name: 'x' })).status).toBe(422)
        for (const path of ['/throws', '/rejects', '/next-error']) {
          expect((await client.post(path, { name: 'x' })).status).toBe(500)
        }
        expect(errors.map((e) => (e as Error).message)).toEqual(['thrown', 'rejected', 'passed on'])
        expect(await (await client.get('/show')).json()).toEqual([])
      } finally {
        await close()
      }
    })

    it('the function form gets the body, res.locals and the request', async () => {
      const { client, close } = await withRoutes((a) =>
        a.post(
          '/notes',
          withSuccessMessage(
            (form: { title: string }, locals: { note: { id: number } }, req) =>
              `Note #${locals.note.id} "${form.title}" saved via ${req.method}.`,
            (_req, res) => {
              res.locals.note = { id: 7 }
              res.redirect('/show')
            },
          ),
        ),
      )
      try {
        await client.post('/notes', { title: 'Groceries' })
        expect(await (await client.get('/show')).json()).toEqual(['Note #7 "Groceries" saved via POST.'])
      } finally {
        await close()
      }
    })

    it.each([
      ['{"name":{"toString":1}}', '{"toString":1} was created successfully'],
      ['{"name":[{"toString":0,"valueOf":0}]}', '{"toString":0,"valueOf":0} was created successfully'],
    ])(
      'a JSON body whose field is an object (%s) is formatted as JSON text, never a 500',
      async (body, text) => {
        // String() throws on an object whose toString is data; a route that succeeded must still redirect.
        const { client, close, errors } = await withRoutes((a) =>
          a.post(
            '/contacts',
            express5.json(),
            withSuccessMessage('%(name)s was created successfully', (_req, res) => res.redirect('/show')),
          ),
        )
        try {
          const redirect = await client.send('/contacts', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          })
          expect(redirect.status).toBe(302)
          expect(redirect.headers.get('location')).toBe('/show')
          expect(errors).toEqual([])
          expect(await (await client.get('/show')).json()).toEqual([text])
        } finally {
          await close()
        }
      },
    )

    it('an empty template adds nothing and sends no cookie', async () => {
      const { client, close } = await withRoutes((a) =>
        a.post(
          '/quiet',
          withSuccessMessage('', (_req, res) => res.redirect('/show')),
        ),
      )
      try {
        expect((await client.post('/quiet')).headers.getSetCookie()).toEqual([])
      } finally {
        await close()
      }
    })

    it('a field missing from the form is an error naming it, never "undefined" in a message', async () => {
      const { client, close, errors } = await withRoutes((a) =>
        a.post(
          '/typo',
          withSuccessMessage('%(nmae)s saved', (_req, res) => res.redirect('/show')),
        ),
      )
      try {
        expect((await client.post('/typo', { name: 'Ada' })).status).toBe(500)
        expect(errors[0]).toBeInstanceOf(FlashError)
        expect((errors[0] as Error).message).toBe(
          '@flash/core: success message "%(nmae)s saved" uses %(nmae)s but the form has no field "nmae" (fields: name)',
        )
      } finally {
        await close()
      }
    })

    it('without a body parser the error says to mount one', async () => {
      const { client, close, errors } = await withRoutes((a) =>
        a.post(
          '/raw',
          withSuccessMessage('%(name)s saved', (_req, res) => res.redirect('/show')),
        ),
      )
      try {
        // A content type express.urlencoded() leaves alone: req.body stays undefined.
        const response = await client.send('/raw', {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'name=Ada',
        })
        expect(response.status).toBe(500)
        expect((errors[0] as Error).message).toMatch(
          /^@flash\/express: req\.body is undefined, so the success message cannot be formatted; mount a body parser before this route \(app\.use\(express\.urlencoded\(\)\) or express\.json\(\)\)\. @flash\/core: success message/,
        )
      } finally {
        await close()
      }
    })
  },
)

describe('withSuccessMessage arguments', () => {
  it('are checked when the route is declared', () => {
    expect(() => withSuccessMessage(42 as never, () => {})).toThrow(
      new FlashConfigError(
        '@flash/express: withSuccessMessage(message, handler) needs a "%(field)s" template or a function (body, locals, req) => string, not number',
      ),
    )
    expect(() => withSuccessMessage('ok', undefined as never)).toThrow(
      '@flash/express: withSuccessMessage(message, handler) needs a handler function',
    )
  })
})
