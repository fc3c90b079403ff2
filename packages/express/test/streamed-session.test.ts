/**
 * A streamed response (a pipe, server-sent events) whose request wrote the session: the session is
 * saved as the headers go out, not at `res.end`, where express-session saves it, and which a pipe
 * the visitor left or an SSE handler never calls. So a message added, or one read, before the
 * stream is in the store while the stream is open, and stays so when the visitor leaves. Express 5
 * and 4 over real HTTP, express-session with a store that counts its writes (and a real Redis
 * through connect-redis), the cookies carried back.
 */
import { once } from 'node:events'
import type { ServerResponse } from 'node:http'
import { PassThrough } from 'node:stream'
import cookieSession from 'cookie-session'
import type { Express, Request, RequestHandler, Response } from 'express'
import session from 'express-session'
import { afterEach, describe, expect, it } from 'vitest'
import { flash as connectFlash } from '../src/connect-flash.js'
import { type ExpressFlashOptions, flash, getMessages, success } from '../src/index.js'
import { SECRET } from './app.js'
import { type Client, serve } from './client.js'
import {
  CountingMemoryStore,
  EXPRESS_VERSIONS,
  type ExpressFactory,
  SESSION_SECRET,
  SlowStore,
} from './harness.js'
import { CountingRedisStore, startRedis } from './redis.js'

/** A store whose `set` fails while `failing` is set, as a database that went away. */
class FailingStore extends CountingMemoryStore {
  failing = false
  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    if (this.failing) {
      this.writes++
      setImmediate(() => callback?.(new Error('store down')))
    } else {
      super.set(sid, data, callback)
    }
  }
}

/**
 * A body that sends `first`, then stays open until the visitor leaves: piped into `res`, which a
 * pipe does not end when the visitor leaves.
 */
function pipeUntilLeft(res: ServerResponse, first: string): void {
  const body = new PassThrough()
  body.write(first)
  body.pipe(res)
  res.once('close', () => body.destroy())
}

/** Server-sent events as MDN writes them: headers, one event, and no `res.end()`, ever. */
function serverSentEvents(req: Request, res: Response, first: string): void {
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
  res.write(`data: ${first}\n\n`)
  const timer = setInterval(() => res.write('data: tick\n\n'), 20)
  req.on('close', () => clearInterval(timer))
}

/** The responses that closed, for a test to wait until the server saw its visitor leave. */
const closing: Promise<unknown>[] = []
const watchClose: RequestHandler = (_req, res, next) => {
  closing.push(once(res, 'close'))
  next()
}
afterEach(() => {
  closing.length = 0
})

interface Opened {
  /** The first chunk of the body: the headers are out, the rest is still streaming. */
  readonly first: string
  /** Leave the page mid-stream (abort the request), once the server saw it. */
  leave(): Promise<void>
}

async function openStream(client: Client, path: string): Promise<Opened> {
  const abort = new AbortController()
  const response = await client.send(path, { method: 'GET', signal: abort.signal })
  // This request's: its route ran before the headers arrived, and no other has started since.
  const watched = closing.at(-1)
  const reader = response.body!.getReader()
  reader.closed.catch(() => {})
  const { value } = await reader.read()
  return {
    first: new TextDecoder().decode(value),
    async leave() {
      abort.abort()
      await watched
    },
  }
}

interface StreamApp {
  readonly app: Express
  readonly warnings: string[]
}

/** express-session, then `flash(options)`, the streamed routes, and `/show`, `/count`, `/add`. */
function streamApp(
  express: ExpressFactory,
  store: session.Store,
  options: Partial<ExpressFlashOptions> = {},
): StreamApp {
  const app = express()
  const warnings: string[] = []
  app.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, store }))
  app.use(
    flash({
      secret: SECRET,
      storage: 'session',
      logger: { warn: (text) => warnings.push(text) },
      ...options,
    }),
  )
  app.use(watchClose)
  addRoutes(app)
  return { app, warnings }
}

function addRoutes(app: Express): void {
  app.post('/add', (req, res) => {
    success(req, String(req.query['text'] ?? 'Signed in.'))
    res.redirect(303, '/show')
  })
  app.get('/show', (req, res) => {
    res.json([...getMessages(req)].map(String))
  })
  // Looks without displaying: what another tab sees while the stream is open.
  app.get('/count', (req, res) => {
    res.json(getMessages(req).length)
  })
  app.get('/export', (req, res) => {
    success(req, String(req.query['text'] ?? 'Export started.'))
    res.type('text')
    pipeUntilLeft(res, 'exporting')
  })
  app.get('/events', (req, res) => {
    success(req, 'Live updates on.')
    serverSentEvents(req, res, 'start')
  })
  // Displays the pending messages at the top of a page whose body then streams.
  app.get('/report', (req, res) => {
    const shown = [...getMessages(req)].map(String)
    res.type('text')
    pipeUntilLeft(res, `messages: ${shown.join(', ')}`)
  })
}

async function startSession(client: Client): Promise<void> {
  await client.post('/add')
  expect(await (await client.get('/show')).json()).toEqual(['Signed in.'])
}

describe.each(EXPRESS_VERSIONS)('$name with express-session, a streamed response', ({ express }) => {
  for (const visitor of ['a new visitor', 'a visitor with a session'] as const) {
    it(`a message added before a pipe the visitor leaves is saved as the headers go out (${visitor})`, async () => {
      const store = new CountingMemoryStore()
      const { app, warnings } = streamApp(express, store)
      const { client, close } = await serve(app)
      try {
        if (visitor === 'a visitor with a session') await startSession(client)
        const writes = store.writes
        const stream = await openStream(client, '/export')
        expect(stream.first).toBe('exporting')
        expect(client.jar.get('connect.sid')).toBeDefined()
        expect(store.writes).toBe(writes + 1)
        // Another tab, while the stream is open, finds the message in the store.
        expect(await (await client.get('/count')).json()).toBe(1)
        await stream.leave()
        expect(await (await client.get('/show')).json()).toEqual(['Export started.'])
        expect(await (await client.get('/show')).json()).toEqual([])
        expect(warnings).toEqual([])
      } finally {
        await close()
      }
    })
  }

  it('a message added before server-sent events (never res.end()) is in the store for the next page', async () => {
    const store = new CountingMemoryStore()
    const { app, warnings } = streamApp(express, store)
    const { client, close } = await serve(app)
    try {
      await startSession(client)
      const stream = await openStream(client, '/events')
      expect(stream.first).toBe('data: start\n\n')
      expect(await (await client.get('/count')).json()).toBe(1)
      await stream.leave()
      expect(await (await client.get('/show')).json()).toEqual(['Live updates on.'])
      expect(warnings).toEqual([])
    } finally {
      await close()
    }
  })

  it('a message displayed above a pipe the visitor leaves is not shown again', async () => {
    const store = new CountingMemoryStore()
    const { app, warnings } = streamApp(express, store)
    const { client, close } = await serve(app)
    try {
      await startSession(client)
      await client.post('/add?text=Report%20ready.')
      const stream = await openStream(client, '/report')
      expect(stream.first).toBe('messages: Report ready.')
      // Displayed: gone from the store while the page still streams.
      expect(await (await client.get('/count')).json()).toBe(0)
      await stream.leave()
      expect(await (await client.get('/show')).json()).toEqual([])
      expect(warnings).toEqual([])
    } finally {
      await close()
    }
  })

  it("a stream that ends saves the session once: express-session's own save at res.end finds it saved", async () => {
    const store = new CountingMemoryStore()
    const { app } = streamApp(express, store)
    app.get('/short', (req, res) => {
      success(req, 'Short export.')
      res.type('text')
      const body = new PassThrough()
      body.pipe(res)
      body.write('a')
      setTimeout(() => body.end('b'), 20)
    })
    const { client, close } = await serve(app)
    try {
      await startSession(client)
      const writes = store.writes
      expect(await (await client.get('/short')).text()).toBe('ab')
      expect(store.writes).toBe(writes + 1)
      expect(await (await client.get('/show')).json()).toEqual(['Short export.'])
    } finally {
      await close()
    }
  })

  it('res.writeHead(303) then res.end(): the 303 arrives after its message reached a slow store, saved once', async () => {
    const store = new SlowStore(120)
    const { app } = streamApp(express, store)
    app.post('/raw-redirect', (req, res) => {
      success(req, 'Raw redirect.')
      res.writeHead(303, { Location: '/show' })
      res.end()
    })
    const { client, close } = await serve(app)
    try {
      const redirect = await client.post('/raw-redirect')
      expect(redirect.status).toBe(303)
      expect([...store.data.values()].filter((json) => json.includes('Raw redirect.'))).toHaveLength(1)
      expect(store.writes).toBe(1)
      expect(await (await client.get('/show')).json()).toEqual(['Raw redirect.'])
    } finally {
      await close()
    }
  })

  it('a store that fails the save of a streamed response is reported through logger, naming the messages', async () => {
    const store = new FailingStore()
    const { app, warnings } = streamApp(express, store)
    const { client, close } = await serve(app)
    try {
      await startSession(client)
      store.failing = true
      const writes = store.writes
      const stream = await openStream(client, '/export')
      await stream.leave()
      expect(store.writes).toBe(writes + 1)
      expect(warnings).toEqual([
        '@flash/express: 1 message could not be stored and will not be shown (the response headers were already ' +
          'sent when storing failed: Error: store down): "Export started."',
      ])
    } finally {
      await close()
    }
  })

  it("storage 'fallback': a message that spills into the session before a pipe the visitor leaves", async () => {
    const store = new CountingMemoryStore()
    // A cookie of at most 1 byte: every message goes to the session.
    const { app, warnings } = streamApp(express, store, { storage: 'fallback', maxCookieSize: 1 })
    const { client, close } = await serve(app)
    const long = Array(20).fill('A long export notice.').join(' ')
    try {
      await startSession(client)
      const stream = await openStream(client, `/export?text=${encodeURIComponent(long)}`)
      expect(await (await client.get('/count')).json()).toBe(1)
      await stream.leave()
      expect(await (await client.get('/show')).json()).toEqual([long])
      expect(warnings).toEqual([])
    } finally {
      await close()
    }
  })

  it('@flash/express/connect-flash: req.flash() before a pipe the visitor leaves, then req.flash(type)', async () => {
    const store = new CountingMemoryStore()
    const app = express()
    app.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, store }))
    app.use(connectFlash())
    app.use(watchClose)
    app.get('/login', (req, res) => {
      ;(req.session as unknown as Record<string, unknown>)['user'] = 'ada'
      res.send('ok')
    })
    app.get('/export', (req, res) => {
      req.flash('info', 'Export started.')
      res.type('text')
      pipeUntilLeft(res, 'exporting')
    })
    app.get('/report', (req, res) => {
      const infos = req.flash('info')
      res.type('text')
      pipeUntilLeft(res, `info: ${infos.join(', ')}`)
    })
    app.get('/info', (req, res) => {
      res.json(req.flash('info'))
    })
    const { client, close } = await serve(app)
    try {
      await client.get('/login')
      const added = await openStream(client, '/export')
      await added.leave()
      const read = await openStream(client, '/report')
      expect(read.first).toBe('info: Export started.')
      await read.leave()
      expect(await (await client.get('/info')).json()).toEqual([])
    } finally {
      await close()
    }
  })

  it('with connect-redis on a real redis-server: the message is in Redis while the stream is open', async () => {
    const redis = await startRedis()
    const store = await CountingRedisStore.connect(redis.url)
    const { app, warnings } = streamApp(express, store)
    const { client, close } = await serve(app)
    try {
      await startSession(client)
      const stream = await openStream(client, '/export')
      expect(await (await client.get('/count')).json()).toBe(1)
      await stream.leave()
      expect(await (await client.get('/show')).json()).toEqual(['Export started.'])
      expect(warnings).toEqual([])
    } finally {
      await close()
      await store.close()
      await redis.stop()
    }
  })
})

describe.each(EXPRESS_VERSIONS)('$name with cookie-session, a streamed response', ({ express }) => {
  it('a message added before a pipe the visitor leaves is in the session cookie (it has no save)', async () => {
    const app = express()
    const warnings: string[] = []
    app.use(cookieSession({ name: 'sess', keys: [SESSION_SECRET] }))
    app.use(flash({ secret: SECRET, storage: 'session', logger: { warn: (text) => warnings.push(text) } }))
    app.use(watchClose)
    addRoutes(app)
    const { client, close } = await serve(app)
    try {
      const stream = await openStream(client, '/export')
      expect(client.jar.get('sess')).toBeDefined()
      await stream.leave()
      expect(await (await client.get('/show')).json()).toEqual(['Export started.'])
      expect(warnings).toEqual([])
    } finally {
      await close()
    }
  })
})
