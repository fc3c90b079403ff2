/**
 * The Cache-Control warning names a route by its pattern, also when the route was declared with a
 * RegExp or a list of paths (not "a path without a matched route"), and never by the path sent.
 */
import express from 'express'
import { describe, expect, it } from 'vitest'
import { flash, getMessages, success } from '../src/index.js'
import { SECRET } from './app.js'
import { serve } from './client.js'

describe('the route a Cache-Control warning names', () => {
  it('a router mounted at a path with a parameter: one warning, whatever paths a client sends', async () => {
    const warnings: string[] = []
    const app = express()
    app.use(flash({ secret: SECRET, logger: { warn: (text) => warnings.push(text) } }))
    app.post('/add', (req, res) => {
      success(req, 'Saved.')
      res.redirect('/show')
    })
    const router = express.Router()
    router.get('/notes', (req, res) => {
      res.set('Cache-Control', 'public, max-age=600')
      res.json([...getMessages(req)].map(String))
    })
    app.use('/u/:id', router)
    const { client, close } = await serve(app)
    try {
      for (const id of ['1', 'x'.repeat(500), 'made-up']) {
        await client.post('/add')
        expect(await (await client.get(`/u/${id}/notes`)).json()).toEqual(['Saved.'])
      }
      expect(warnings).toEqual([expect.stringContaining('the response to GET /notes displayed messages')])
    } finally {
      await close()
    }
  })

  it.each<[string, string | RegExp | string[], string]>([
    ['a string', '/notes/:id', 'GET /notes/:id'],
    ['a RegExp', /^\/notes\/\d+$/, 'GET /^\\/notes\\/\\d+$/'],
    ['a list of paths', ['/notes/:id', '/archive/:id'], 'GET /notes/:id,/archive/:id'],
  ])('a route declared with %s', async (_kind, path, named) => {
    const warnings: string[] = []
    const app = express()
    app.use(flash({ secret: SECRET, logger: { warn: (text) => warnings.push(text) } }))
    app.post('/add', (req, res) => {
      success(req, 'Saved.')
      res.redirect('/notes/1')
    })
    app.get(path, (req, res) => {
      res.set('Cache-Control', 'public, max-age=600')
      res.json([...getMessages(req)].map(String))
    })
    const { client, close } = await serve(app)
    try {
      await client.post('/add')
      const page = await client.get('/notes/1')
      expect(await page.json()).toEqual(['Saved.'])
      expect(warnings).toEqual([expect.stringContaining(`the response to ${named} displayed messages`)])
    } finally {
      await close()
    }
  })
})
