/**
 * A message added by a middleware between `flash()` and the middlewares that wrap `res.end`
 * (compression, express-session, both), with an asynchronous storage made before the handler:
 * every kind of body (streamed with `res.write`, piped, sent with `res.sendFile`, `res.json`)
 * arrives whole through the wrappers' own `end`s, gzip included, and the message is shown once
 * or, where the body is streamed (`res.write`, a pipe, `res.sendFile`: the headers leave before an
 * asynchronous storage can write a new visitor's cookie), reported as not stored, as the README says.
 * Raw `http` requests, so a truncated gzip stream fails the check instead of stalling a client.
 */
import { createReadStream, mkdtempSync, writeFileSync } from 'node:fs'
import { get as httpGet, type IncomingHttpHeaders } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import compression from 'compression'
import type { Express, RequestHandler } from 'express'
import session from 'express-session'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { flash, getMessages, success } from '../src/index.js'
import { SECRET } from './app.js'
import { ASYNC_STORAGES, startTestRedis, type TestRedis } from './async-storages.js'
import { EXPRESS_VERSIONS, listen, SESSION_SECRET } from './harness.js'

const CHUNK = 'x'.repeat(2500)
const FILE_TEXT = 'file line\n'.repeat(2700)
const dir = mkdtempSync(join(tmpdir(), 'flash-early-'))
const FILE = join(dir, 'page.txt')
writeFileSync(FILE, FILE_TEXT)

const CHAINS: Record<string, () => RequestHandler[]> = {
  compression: () => [compression({ threshold: 0 })],
  'express-session': () => [session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false })],
  'compression, then express-session': () => [
    compression({ threshold: 0 }),
    session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false }),
  ],
}

/** Each route and the body it must deliver. */
const ROUTES: Record<string, string> = {
  '/stream': `${CHUNK}${CHUNK}`,
  '/pipe': FILE_TEXT,
  '/file': FILE_TEXT,
  '/json': JSON.stringify({ text: CHUNK }),
}

let redis: TestRedis
beforeAll(async () => {
  redis = await startTestRedis()
})
afterAll(() => redis.stop())
beforeEach(() => redis.flush())

function build(express: () => Express, options: object, chain: RequestHandler[]): Express {
  const app = express()
  app.use(flash({ secret: SECRET, logger: { warn: (text) => warnings.push(text) }, ...options }))
  app.use((req, _res, next) => {
    if (req.query.early) success(req, String(req.query.early))
    next()
  })
  for (const middleware of chain) app.use(middleware)
  app.get('/stream', (_req, res) => {
    res.type('text')
    res.write(CHUNK)
    setTimeout(() => res.end(CHUNK), 5)
  })
  app.get('/pipe', (_req, res) => {
    res.type('text')
    createReadStream(FILE).pipe(res)
  })
  app.get('/file', (_req, res) => res.sendFile(FILE))
  app.get('/json', (_req, res) => res.json({ text: CHUNK }))
  app.get('/show', (req, res) => res.json([...getMessages(req)].map(String)))
  return app
}

const warnings: string[] = []

interface Raw {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

/** A GET with gzip accepted, decoded here; fails after 5 s rather than hang. */
function fetchRaw(base: string, path: string, cookie: string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const request = httpGet(`${base}${path}`, { headers: { 'accept-encoding': 'gzip', cookie } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const raw = Buffer.concat(chunks)
        const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.toString() })
      })
      res.on('error', reject)
    })
    request.setTimeout(5000, () => request.destroy(new Error(`${path}: no complete response in 5 s`)))
    request.on('error', reject)
  })
}

function cookiesOf(headers: IncomingHttpHeaders): string {
  return (headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ')
}

describe.each(EXPRESS_VERSIONS)('$name', ({ express }) => {
  describe.each(ASYNC_STORAGES)('$name', (storage) => {
    for (const [chainName, chain] of Object.entries(CHAINS)) {
      it(`a message added before ${chainName}: every body arrives whole, the message is shown once`, async () => {
        warnings.length = 0
        const { base, close } = await listen(build(express, storage.options(redis), chain()))
        try {
          for (const [path, body] of Object.entries(ROUTES)) {
            const page = await fetchRaw(base, `${path}?early=${path.slice(1)}`, '')
            expect(page.status).toBe(200)
            expect(page.body.length).toBe(body.length)
            expect(page.body).toBe(body)
            const cookie = cookiesOf(page.headers)
            const shown = await fetchRaw(base, '/show', cookie)
            expect(JSON.parse(shown.body)).toEqual(path === '/json' ? ['json'] : [])
            const again = await fetchRaw(base, '/show', `${cookie}; ${cookiesOf(shown.headers)}`)
            expect(JSON.parse(again.body)).toEqual([])
          }
          expect(warnings).toEqual(
            ['stream', 'pipe', 'file'].map((text) =>
              expect.stringMatching(
                new RegExp(`^@flash/express: 1 message could not be stored .*"${text}"$`),
              ),
            ),
          )
        } finally {
          await close()
        }
      })
    }
  })

  describe.each(ASYNC_STORAGES)('$name', (storage) => {
    it("a res.end wrapper mounted after flash() that throws: the app's error handler answers, the server stays up", async () => {
      const throwsOnce: RequestHandler = (req, res, next) => {
        if (!req.query.boom) {
          next()
          return
        }
        const end = res.end
        let thrown = false
        res.end = function (this: typeof res, ...args: unknown[]) {
          if (!thrown) {
            thrown = true
            throw new Error('boom')
          }
          return (end as (...a: unknown[]) => typeof res).apply(this, args)
        } as typeof res.end
        next()
      }
      const app = build(express, storage.options(redis), [throwsOnce])
      app.use(
        (
          error: Error,
          _req: unknown,
          res: { status(n: number): { send(t: string): void } },
          _next: unknown,
        ) => {
          res.status(500).send(`ERR:${error.message}`)
        },
      )
      const { base, close } = await listen(app)
      try {
        const page = await fetchRaw(base, '/json?early=x&boom=1', '')
        expect([page.status, page.body]).toEqual([500, 'ERR:boom'])
        expect((await fetchRaw(base, '/json', '')).status).toBe(200)
      } finally {
        await close()
      }
    })

    it('res.end called twice: the body and the message arrive, as without a wait', async () => {
      warnings.length = 0
      const app = build(express, storage.options(redis), [compression({ threshold: 0 })])
      app.get('/twice', (_req, res) => {
        res.type('text')
        res.end('hello')
        res.end()
      })
      const { base, close } = await listen(app)
      try {
        const page = await fetchRaw(base, '/twice?early=twice', '')
        expect([page.status, page.body]).toEqual([200, 'hello'])
        const shown = await fetchRaw(base, '/show', cookiesOf(page.headers))
        expect(JSON.parse(shown.body)).toEqual(['twice'])
        expect(warnings).toEqual([])
      } finally {
        await close()
      }
    })
  })
})
