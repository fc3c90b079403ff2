/**
 * @module
 * The suite's standard app (see internal/adapter-suite/src/harness.ts) built with Hono, and
 * three ways to drive it: `app.request`, a real @hono/node-server server, and `app.request`
 * again under vitest's edge-runtime environment (same code, different globals).
 */
import type { AdapterHarness, StandardApp, StandardAppOptions, SuiteResponse } from '@flash/adapter-suite'
import { type Context, Hono } from 'hono'
import { except } from 'hono/combine'
import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import type { ContentfulStatusCode, StatusCode } from 'hono/utils/http-status'
import {
  error as addError,
  addMessage,
  DEBUG,
  ERROR,
  type FlashEnv,
  type FlashSession,
  flash,
  getLevel,
  getMessages,
  INFO,
  info,
  isSafe,
  markSafe,
  messagesContext,
  messagesJson,
  SUCCESS,
  setLevel,
  storageOf,
  success,
  WARNING,
} from '../src/index.js'

const LEVELS: Record<string, number> = {
  debug: DEBUG,
  info: INFO,
  success: SUCCESS,
  warning: WARNING,
  error: ERROR,
}

/** A Map-backed session store that counts writes, and the middleware that saves only modified sessions. */
export class CountingSessions {
  readonly data = new Map<string, Record<string, unknown>>()
  writes = 0

  middleware() {
    return createMiddleware<{ Variables: { session: FlashSession } }>(async (c, next) => {
      const sid = getCookie(c, 'sid')
      const stored = sid === undefined ? undefined : this.data.get(sid)
      const values: Record<string, unknown> = { ...stored }
      let modified = false
      c.set('session', {
        get: (key) => values[key],
        set: (key, value) => {
          values[key] = value
          modified = true
        },
        delete: (key) => {
          if (key in values) modified = true
          delete values[key]
        },
      })
      await next()
      if (!modified) return
      this.writes++
      if (stored && sid !== undefined) this.data.set(sid, values)
      else {
        const id = crypto.randomUUID()
        this.data.set(id, values)
        c.header('Set-Cookie', `sid=${id}; Path=/; HttpOnly`, { append: true })
      }
    })
  }
}

function level(param: string): number {
  return LEVELS[param] ?? Number(param)
}

interface AddBody {
  messages?: string[]
  extraTags?: string
  failSilently?: boolean
  now?: boolean
}

async function body(c: { req: { text(): Promise<string> } }): Promise<AddBody> {
  const text = await c.req.text()
  return text === '' ? {} : (JSON.parse(text) as AddBody)
}

function addAll(c: object, lvl: number, b: AddBody): void {
  for (const text of b.messages ?? []) {
    addMessage(c, lvl, text, {
      ...(b.extraTags === undefined ? {} : { extraTags: b.extraTags }),
      ...(b.failSilently === undefined ? {} : { failSilently: b.failSilently }),
      ...(b.now === undefined ? {} : { now: b.now }),
    })
  }
}

function render(c: object) {
  const { DEFAULT_MESSAGE_LEVELS } = messagesContext(c)
  const messages = [...getMessages(c)].map((m) => ({
    level: m.level,
    text: String(m),
    tags: m.tags,
    extraTags: m.extraTags,
    safe: isSafe(m.message),
  }))
  return { messages, levels: DEFAULT_MESSAGE_LEVELS }
}

/** The standard app. `warnings` receives what @flash reports. */
export function standardApp(
  options: StandardAppOptions,
  warnings: string[],
  sessions: CountingSessions,
  thrown: string[] = [],
) {
  const app = new Hono<FlashEnv>()
  app.onError((_, c) => c.text('Internal Server Error', 500))
  if (options.session) app.use(sessions.middleware())
  app.use(except('/bare/*', flash({ ...options.flash, logger: (text) => warnings.push(text) })))

  app.post('/add/:level', async (c) => {
    addAll(c, level(c.req.param('level')), await body(c))
    return c.redirect('/show')
  })
  app.post('/add-redirect/:level', async (c) => {
    addAll(c, level(c.req.param('level')), await body(c))
    return c.redirect(c.req.query('to') ?? '/', 303)
  })
  app.get('/redirect', (c) => c.redirect(c.req.query('to') ?? '/'))
  app.post('/late/add/:level', async (c) => {
    addAll(c, level(c.req.param('level')), await body(c))
    return c.redirect('/late/show')
  })
  app.get('/show', (c) => c.json(render(c)))
  // Rendered by a middleware after the handler returned: Hono's late-render phase.
  app.get(
    '/late/show',
    async (c, next) => {
      await next()
      c.res = c.json(render(c))
    },
    (c) => c.text('rendered later'),
  )
  app.get('/count', (c) => c.json({ count: getMessages(c).length }))
  app.get('/keep', (c) => {
    const rendered = render(c)
    const storage = storageOf(c)
    if (storage) storage.used = false
    return c.json(rendered)
  })
  app.post('/read-then-add', (c) => {
    const read = [...getMessages(c)].map(String)
    info(c, 'added after read')
    return c.json({ read })
  })
  app.post('/level/reset/add/:level', async (c) => {
    setLevel(c, 5)
    setLevel(c, null)
    addAll(c, level(c.req.param('level')), await body(c))
    return c.redirect('/show')
  })
  app.post('/level/:min/add/:level', async (c) => {
    setLevel(c, Number(c.req.param('min')))
    addAll(c, level(c.req.param('level')), await body(c))
    return c.redirect('/show')
  })
  app.get('/level', (c) => c.json({ level: getLevel(c) }))
  app.post('/add-safe', (c) => {
    success(c, markSafe('<a href="/x">link</a>'))
    info(c, '<b>plain</b>')
    return c.redirect('/show')
  })
  app.get('/untouched', (c) => c.text('ok'))
  const respond = async (c: Context<FlashEnv>) => {
    if (c.req.method === 'POST') addAll(c, INFO, await body(c))
    const rendered = c.req.query('read') === 'none' ? { messages: [] } : render(c)
    for (const [name, value] of Object.entries(JSON.parse(c.req.query('headers') ?? '{}'))) {
      c.header(name, String(value))
    }
    const status = Number(c.req.query('status') ?? 200) as StatusCode
    if (status >= 300 && status < 400) {
      c.header('Location', '/show')
      return c.body(null, status)
    }
    if (status === 204 || status === 205 || status === 304) return c.body(null, status)
    return c.json(rendered, status as ContentfulStatusCode)
  }
  app.get('/respond', respond)
  app.post('/respond', respond)
  app.get('/conditional', (c) => {
    const rendered = render(c)
    c.header('ETag', '"v1"')
    if (c.req.header('if-none-match') === '"v1"') return c.body(null, 304)
    return c.json(rendered)
  })
  app.get('/json', (c) => c.json(messagesJson(c)))
  app.post('/error-after-add', (c) => {
    addError(c, 'before the crash')
    throw new Error('crash')
  })

  app.get('/show-then-throw', (c) => {
    Array.from(getMessages(c)) // displays them: the page rendered its list, then failed
    throw new Error('crash after displaying the messages')
  })

  app.post('/throw-non-error-after-add', (c) => {
    addError(c, 'before the crash')
    throw 'not an Error'
  })
  app.post('/add-later', (c) => {
    setTimeout(() => {
      try {
        info(c, 'added too late')
      } catch (error) {
        thrown.push(`${(error as Error).name}: ${(error as Error).message}`)
      }
    }, 20)
    return c.text('ok')
  })
  app.get('/unrouted/*', (c) => {
    c.header('Cache-Control', 'public, max-age=600')
    return c.json({ messages: [...getMessages(c)].map(String) })
  })
  app.get('/read-later', (c) => {
    setTimeout(() => {
      try {
        Array.from(getMessages(c))
      } catch (error) {
        thrown.push(`${(error as Error).name}: ${(error as Error).message}`)
      }
    }, 20)
    return c.text('ok')
  })

  const bare = new Hono()
  bare.post('/add/:level', async (c) => {
    addAll(c, level(c.req.param('level')), await body(c))
    return c.redirect('/bare/show')
  })
  bare.get('/show', (c) =>
    c.json({ messages: [...getMessages(c)], level: getLevel(c), setLevel: setLevel(c, 10) }),
  )
  app.route('/bare', bare)
  return app
}

type Send = (app: Hono<FlashEnv>, path: string, init: RequestInit) => Promise<Response>

async function toSuiteResponse(res: Response): Promise<SuiteResponse> {
  const text = await res.text()
  return {
    status: res.status,
    header: (name) => res.headers.get(name) ?? undefined,
    setCookies: res.headers.getSetCookie(),
    body: text,
  }
}

function harness(
  name: string,
  open: (app: Hono<FlashEnv>) => Promise<{ send: Send; close(): Promise<void> }>,
) {
  return {
    name,
    async start(options: StandardAppOptions): Promise<StandardApp> {
      const warnings: string[] = []
      const thrown: string[] = []
      const sessions = new CountingSessions()
      const app = standardApp(options, warnings, sessions, thrown)
      const transport = await open(app)
      return {
        async request(path, init = {}) {
          const res = await transport.send(app, path, {
            method: init.method ?? 'GET',
            headers: init.headers ?? {},
            ...(init.body === undefined ? {} : { body: init.body }),
            redirect: 'manual',
          })
          return toSuiteResponse(res)
        },
        sessionWrites: () => sessions.writes,
        warnings: () => warnings,
        thrown: () => thrown,
        close: () => transport.close(),
      }
    },
  } satisfies AdapterHarness
}

/** Through `app.request`, in whatever runtime the test file runs in. */
export const honoHarness = (name = 'hono'): AdapterHarness =>
  harness(name, async () => ({
    send: async (app, path, init) => app.request(path, init),
    close: async () => {},
  }))

/** Through a real @hono/node-server server on 127.0.0.1, port 0, with `fetch`. */
export const honoServerHarness: AdapterHarness = harness('hono over HTTP', async (app) => {
  const { serve } = await import('@hono/node-server')
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve) => {
      // Headers up to 128 KiB, so the hostile-header scenario can send 64 KB (Node's default is 16 KiB).
      const serverOptions = { maxHeaderSize: 128 * 1024 }
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', serverOptions }, (info) =>
        resolve({ server, port: info.port }),
      )
    },
  )
  return {
    send: (_, path, init) => fetch(`http://127.0.0.1:${port}${path}`, init),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  }
})
