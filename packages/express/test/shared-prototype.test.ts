/**
 * A response nothing else wrapped gets its `end`/`writeHead` wrappers from Express's shared
 * response prototype (before-headers.ts): adding own properties to a response whose prototype
 * Express changed costs a new hidden class per property per request. Those wrappers are there
 * for every Express app of the process, so an app without `flash()` must be untouched by them,
 * and a patch of `http.ServerResponse.prototype` made afterwards (an APM agent) must still run.
 */
import { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { flash, getMessages, success } from '../src/index.js'
import { SECRET } from './app.js'
import { serve } from './client.js'
import { EXPRESS_VERSIONS } from './harness.js'

describe.each(EXPRESS_VERSIONS)('$name: the wrappers on the shared response prototype', ({ express }) => {
  function flashApp() {
    const app = express()
    app.use(flash({ secret: SECRET }))
    app.post('/save', (req, res) => {
      success(req, 'Saved.')
      res.redirect('/show')
    })
    app.get('/show', (req, res) => {
      res.json([...getMessages(req)].map(String))
    })
    // Headers given to writeHead itself: they must not replace the message cookie.
    app.post('/raw', (req, res) => {
      success(req, 'Saved by writeHead.')
      res.writeHead(303, { Location: '/show', 'X-Raw': 'yes' })
      res.end()
    })
    return app
  }

  it('store a message from res.redirect and from a raw writeHead with headers, across requests', async () => {
    const { client, close } = await serve(flashApp())
    try {
      expect((await client.post('/save')).status).toBe(302)
      expect(await (await client.get('/show')).json()).toEqual(['Saved.'])
      const raw = await client.post('/raw')
      expect(raw.status).toBe(303)
      expect(raw.headers.get('x-raw')).toBe('yes')
      expect(await (await client.get('/show')).json()).toEqual(['Saved by writeHead.'])
      expect(await (await client.get('/show')).json()).toEqual([])
    } finally {
      await close()
    }
  })

  it('leave an app without flash() in the same process as it was', async () => {
    const flashed = await serve(flashApp())
    const plain = express()
    plain.get('/head', (_req, res) => {
      res.writeHead(201, { 'X-Plain': '1', 'Content-Type': 'text/plain' })
      res.end('made')
    })
    plain.get('/json', (_req, res) => {
      res.json({ ok: true })
    })
    const other = await serve(plain)
    try {
      // The wrappers are installed by the first response that used messages.
      expect((await flashed.client.post('/save')).status).toBe(302)
      const made = await other.client.get('/head')
      expect(made.status).toBe(201)
      expect(made.headers.get('x-plain')).toBe('1')
      expect(made.headers.get('set-cookie')).toBeNull()
      expect(await made.text()).toBe('made')
      const json = await other.client.get('/json')
      expect(await json.json()).toEqual({ ok: true })
      expect(json.headers.get('set-cookie')).toBeNull()
    } finally {
      await Promise.all([flashed.close(), other.close()])
    }
  })

  it('call a patch of http.ServerResponse.prototype.end made after they were installed', async () => {
    const { client, close } = await serve(flashApp())
    const original = ServerResponse.prototype.end
    let ended = 0
    try {
      expect((await client.post('/save')).status).toBe(302)
      ServerResponse.prototype.end = function patched(this: ServerResponse, ...args: unknown[]) {
        ended++
        return (original as (...a: unknown[]) => ServerResponse).apply(this, args)
      } as typeof original
      expect(await (await client.get('/show')).json()).toEqual(['Saved.'])
      expect((await client.post('/save')).status).toBe(302)
      expect(ended).toBe(2)
      ServerResponse.prototype.end = original
      expect(await (await client.get('/show')).json()).toEqual(['Saved.'])
    } finally {
      ServerResponse.prototype.end = original
      await close()
    }
  })
})
