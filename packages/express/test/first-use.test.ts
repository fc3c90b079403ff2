/**
 * `flash()` makes a request's storage on first use, through getters on Express's request
 * prototype. A sub-app gives the request its own prototype (`subApp.request`, which Express chains
 * to the parent app's on mount): `req.messages` and `success(req)` still work there. (A view reading
 * `res.locals.messages` after a handler that never touched messages: the adapter suite's
 * `/late/show`.)
 */
import type { Express } from 'express'
import { describe, expect, it } from 'vitest'
import { flash, getMessages, success } from '../src/index.js'
import { SECRET } from './app.js'
import { serve } from './client.js'
import { EXPRESS_VERSIONS } from './harness.js'

function listFrom(app: Express): void {
  app.get('/show', (req, res) => {
    res.json([...getMessages(req)].map(String))
  })
}

describe.each(EXPRESS_VERSIONS)('$name: messages made on first use', ({ express }) => {
  it('a sub-app mounted under flash() adds with success(req) and reads req.messages', async () => {
    const app = express()
    app.use(flash({ secret: SECRET }))
    const admin = express()
    admin.post('/save', (req, res) => {
      success(req, 'Saved in the sub-app.')
      res.redirect('/admin/show')
    })
    admin.get('/show', (req, res) => {
      res.json([...req.messages].map(String))
    })
    app.use('/admin', admin)
    listFrom(app)
    const { client, close } = await serve(app)
    try {
      expect((await client.post('/admin/save')).status).toBe(302)
      expect(await (await client.get('/admin/show')).json()).toEqual(['Saved in the sub-app.'])
      expect(await (await client.get('/show')).json()).toEqual([])
    } finally {
      await close()
    }
  })
})
