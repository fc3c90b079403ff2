/**
 * A middleware mounted after `flash()` that wraps `res.end` (compression, express-session) ends
 * the response through its own `end`, which sends the headers before it calls the one it wrapped.
 * With an asynchronous storage (Web Crypto, @flash/redis) made before the handler, `flash()`'s
 * `end` must still run first and wait for the message's cookie. Real compression, express-session
 * and redis-server, across requests with the cookies carried back.
 */
import type { ServerResponse } from 'node:http'
import { parseSetCookie } from '@flash/adapter-suite'
import compression from 'compression'
import type { Express, RequestHandler } from 'express'
import session from 'express-session'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { flash, getMessages, success } from '../src/index.js'
import { SECRET } from './app.js'
import { ASYNC_STORAGES, type AsyncStorage, startTestRedis, type TestRedis } from './async-storages.js'
import { serve } from './client.js'
import { EXPRESS_VERSIONS, type ExpressFactory, SESSION_SECRET } from './harness.js'

/** Middlewares that wrap `res.end` (and `res.write`, `res.writeHead`) on each response they serve. */
const WRAPPERS: Record<string, () => RequestHandler> = {
  compression: () => compression(),
  'express-session': () => session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false }),
}

let redis: TestRedis
beforeAll(async () => {
  redis = await startTestRedis()
})
afterAll(() => redis.stop())
beforeEach(() => redis.flush())

interface Built {
  readonly app: Express
  readonly warnings: string[]
  /** The `res.end` each handler saw last, by route: whether the response's own, and its name. */
  readonly ends: Record<string, string>
}

/**
 * flash(), then `early` (a middleware that adds a message before the wrapper is mounted), then
 * the wrapper (unless it goes `before` flash()), then the routes.
 */
function build(
  express: ExpressFactory,
  storage: AsyncStorage,
  wrapper: (() => RequestHandler) | undefined,
  { before = false, early = false } = {},
): Built {
  const app = express()
  const warnings: string[] = []
  const ends: Record<string, string> = {}
  if (wrapper && before) app.use(wrapper())
  app.use(
    flash({ secret: SECRET, logger: { warn: (text) => warnings.push(text) }, ...storage.options(redis) }),
  )
  if (early) {
    app.use('/early', (req, _res, next) => {
      success(req, 'Added early.')
      next()
    })
  }
  if (wrapper && !before) app.use(wrapper())
  app.post('/add', (req, res) => {
    success(req, 'Saved.')
    ends.add = endOf(res)
    res.redirect(303, '/show')
  })
  app.post('/early', (_req, res) => {
    res.redirect(303, '/show')
  })
  app.get('/show', (req, res) => {
    res.json([...getMessages(req)].map(String))
  })
  // Large enough for compression to gzip it.
  app.get('/page', (req, res) => {
    const shown = [...getMessages(req)].map(String)
    res.type('html').send(`<ul><li>${shown.join('</li><li>')}</li></ul>${' '.repeat(4096)}`)
  })
  app.get('/untouched', (_req, res) => {
    ends.untouched = endOf(res)
    res.send('ok')
  })
  return { app, warnings, ends }
}

function endOf(res: ServerResponse): string {
  return `${Object.hasOwn(res, 'end') ? 'own' : 'shared'} ${res.end.name}`
}

/** The cookie names a response sets. */
function cookieNames(response: Response): string[] {
  return response.headers.getSetCookie().map((line) => parseSetCookie(line).name)
}

describe.each(EXPRESS_VERSIONS)('$name', ({ express }) => {
  describe.each(ASYNC_STORAGES)('$name', (storage) => {
    for (const [name, wrapper] of Object.entries(WRAPPERS)) {
      it(`${name} mounted after flash(): the redirect carries the message's cookie, the next page shows it once`, async () => {
        const { app, warnings, ends } = build(express, storage, wrapper)
        const { client, close } = await serve(app)
        try {
          const redirect = await client.post('/add')
          expect(redirect.status).toBe(303)
          expect(cookieNames(redirect)).toEqual([expect.stringMatching(storage.cookie)])
          // Ours is outermost again once the handler used messages.
          expect(ends.add).toBe('own flashOuterEnd')
          expect(await (await client.get('/show')).json()).toEqual(['Saved.'])
          expect(await (await client.get('/show')).json()).toEqual([])
          expect(warnings).toEqual([])
        } finally {
          await close()
        }
      })
    }

    it('compression mounted after flash(): a gzipped page that displays the message settles it', async () => {
      const { app, warnings } = build(express, storage, WRAPPERS.compression)
      const { client, close } = await serve(app)
      try {
        await client.post('/add')
        const page = await client.get('/page')
        expect(page.headers.get('content-encoding')).toBe('gzip')
        expect(await page.text()).toMatch(/^<ul><li>Saved\.<\/li><\/ul> {4096}$/)
        expect(await (await client.get('/show')).json()).toEqual([])
        if (storage.name === '@flash/redis') {
          // Past the lease: settled, not put back for another page.
          await new Promise((resolve) => setTimeout(resolve, 1100))
          expect(await (await client.get('/show')).json()).toEqual([])
          expect(await redis.keys()).toEqual([])
        }
        expect(warnings).toEqual([])
      } finally {
        await close()
      }
    })

    it('a request that never uses messages keeps the wrapper’s res.end: no wrappers of ours on it', async () => {
      const { app, ends } = build(express, storage, WRAPPERS.compression)
      const { client, close } = await serve(app)
      try {
        expect(await (await client.get('/untouched')).text()).toBe('ok')
        expect(ends.untouched).toBe('own end')
      } finally {
        await close()
      }
    })

    it('without a later wrapper, a request that adds gets the accessor that keeps ours outermost (a wrapper could still come)', async () => {
      const { app, ends } = build(express, storage, undefined)
      const { client, close } = await serve(app)
      try {
        expect((await client.post('/add')).status).toBe(303)
        expect(ends.add).toBe('own flashOuterEnd')
        expect(await (await client.get('/show')).json()).toEqual(['Saved.'])
      } finally {
        await close()
      }
    })

    for (const [name, wrapper] of Object.entries(WRAPPERS)) {
      it(`a message added by a middleware before ${name} is mounted, then a redirect that uses no messages: stored, shown once`, async () => {
        for (const before of [false, true]) {
          const built = build(express, storage, wrapper, { early: true, before })
          const { client, close } = await serve(built.app)
          try {
            const redirect = await client.post('/early')
            expect(redirect.status).toBe(303)
            expect(cookieNames(redirect)).toContainEqual(expect.stringMatching(storage.cookie))
            expect(await (await client.get('/show')).json()).toEqual(['Added early.'])
            expect(await (await client.get('/show')).json()).toEqual([])
            expect(built.warnings).toEqual([])
          } finally {
            await close()
          }
        }
      })
    }
  })
})
