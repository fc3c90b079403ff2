/**
 * The same small app with each adapter, served over real HTTP, its messages in Redis:
 *
 * | route | behaviour |
 * |---|---|
 * | `POST /add?text=..&level=..` | add the message, 302 to `/show` |
 * | `POST /slow-add?text=..&ms=..` | wait `ms`, then add the message, 302 to `/show` |
 * | `GET /show` | 200 JSON: the texts displayed (iterating consumes them) |
 * | `GET /slow-show?ms=..` | read the messages, then wait `ms` before answering (a slow render) |
 * | `GET /count` | 200 JSON: how many there are (does not consume) |
 * | `GET /slow-count?ms=..` | the same, answered after `ms` (a slow page that keeps its claim meanwhile) |
 * | `GET /keep` | display them, then `used = false` |
 * | `GET /untouched` | 200 `ok`, never touches messages |
 * | `POST /add-then-throw` | add the message, then throw (500) |
 * | `POST /login?as=..&text=..&ms=..` | log in as `as` (the `uid` cookie), add the message if any, answer after `ms` (0), 302 to `/show` |
 * | `POST /logout?text=..` | log out (delete `uid`), add the message if any, 302 to `/show` |
 *
 * The header `x-user`, else the app's own login cookie `uid`, names the logged-in user; the `user`
 * option reads it through the carrier, so a login or logout handler changes it mid-request, as a
 * session-based login does.
 */
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import cookie from '@fastify/cookie'
import { addMessage, type BaseStorage, type FlashOptions, getMessages } from '@flash/core'
import { flash as expressFlash } from '@flash/express'
import { flash as fastifyFlash } from '@flash/fastify'
import { flash as honoFlash } from '@flash/hono'
import { flash as koaFlash } from '@flash/koa'
import { serve } from '@hono/node-server'
import express, { type Request as ExpressRequest } from 'express'
import Fastify, { type FastifyRequest } from 'fastify'
import { Hono, type Context as HonoContext } from 'hono'
import Koa, { type Context as KoaContext } from 'koa'
import { type RedisStorageOptions, redisStorage } from '../src/index.js'

export const SECRET = 'redis-tests-secret-0123456789-0123456789'
export type Framework = 'fastify' | 'koa' | 'hono' | 'express'
export const FRAMEWORKS: readonly Framework[] = ['fastify', 'koa', 'hono', 'express']

export interface RunningApp {
  readonly url: string
  /** Texts @flash logged as warnings. */
  readonly warnings: string[]
  /** Errors that made the framework answer 500 (thrown by a handler or by @flash). */
  readonly errors: unknown[]
  close(): Promise<void>
}

type StorageOptions = Omit<RedisStorageOptions, 'user'>

/** What every framework's handlers do, written once against a small request view. */
interface View {
  query(name: string): string | undefined
  header(name: string): string | undefined
  messages: BaseStorage
  carrier: object
}

interface Answer {
  status: number
  body: string
  location?: string
  /** The app's own login cookie, set or deleted. */
  setCookie?: string
}

/** Who is logged in on each request: read from it first, then changed by `/login` and `/logout`. */
const identities = new WeakMap<object, { user: string | undefined }>()

function identityOf(carrier: object, header: (name: string) => string | undefined) {
  let identity = identities.get(carrier)
  if (identity === undefined) {
    const uid = /(?:^|;\s*)uid=([^;]*)/.exec(header('cookie') ?? '')?.[1]
    identity = { user: header('x-user') || uid || undefined }
    identities.set(carrier, identity)
  }
  return identity
}

async function handle(path: string, view: View): Promise<Answer> {
  switch (path) {
    case '/login': {
      const as = view.query('as') ?? ''
      identityOf(view.carrier, view.header).user = as
      const text = view.query('text')
      if (text) addMessage(view.carrier, 25, text)
      const ms = view.query('ms')
      if (ms) await new Promise((resolve) => setTimeout(resolve, Number(ms)))
      return { status: 302, body: '', location: '/show', setCookie: `uid=${as}; Path=/; HttpOnly` }
    }
    case '/logout': {
      identityOf(view.carrier, view.header).user = undefined
      const text = view.query('text')
      if (text) addMessage(view.carrier, 20, text)
      return { status: 302, body: '', location: '/show', setCookie: 'uid=; Path=/; Max-Age=0' }
    }
    case '/add':
      addMessage(view.carrier, Number(view.query('level') ?? 20), view.query('text') ?? '')
      return { status: 302, body: '', location: '/show' }
    case '/slow-add':
      await new Promise((resolve) => setTimeout(resolve, Number(view.query('ms') ?? 0)))
      addMessage(view.carrier, 20, view.query('text') ?? '')
      return { status: 302, body: '', location: '/show' }
    case '/add-then-throw':
      addMessage(view.carrier, 40, view.query('text') ?? '')
      throw new Error('handler failed after adding')
    case '/show':
      return { status: 200, body: JSON.stringify([...getMessages(view.carrier)].map(String)) }
    case '/slow-show': {
      const texts = [...getMessages(view.carrier)].map(String)
      await new Promise((resolve) => setTimeout(resolve, Number(view.query('ms') ?? 0)))
      return { status: 200, body: JSON.stringify(texts) }
    }
    case '/slow-count': {
      const count = getMessages(view.carrier).length
      await new Promise((resolve) => setTimeout(resolve, Number(view.query('ms') ?? 0)))
      return { status: 200, body: JSON.stringify(count) }
    }
    case '/count':
      return { status: 200, body: JSON.stringify(getMessages(view.carrier).length) }
    case '/keep': {
      const list = getMessages(view.carrier)
      const texts = [...list].map(String)
      list.used = false
      return { status: 200, body: JSON.stringify(texts) }
    }
    default:
      return { status: 200, body: 'ok' }
  }
}

const currentUser = (carrier: object, header: (name: string) => string | undefined) =>
  identityOf(carrier, header).user

export async function startApp(
  framework: Framework,
  options: StorageOptions & {
    strict?: boolean
    scope?: FlashOptions['scope']
    clock?: () => number
    cookie?: FlashOptions['cookie']
  },
): Promise<RunningApp> {
  const { strict, scope, clock, cookie: cookieOptions, ...storageOptions } = options
  // Passed only when given, so the other tests configure exactly what they did before.
  const more = {
    ...(scope ? { scope } : {}),
    ...(clock ? { clock } : {}),
    ...(cookieOptions ? { cookie: cookieOptions } : {}),
  }
  /** What every adapter gets: the same options, the `user` read through its own carrier. */
  const flashOptions = <C>(user: (carrier: C) => string | undefined) => ({
    secret: SECRET,
    strict,
    ...more,
    storage: redisStorage({ ...storageOptions, user }),
  })
  const warnings: string[] = []
  const errors: unknown[] = []
  /** Koa's and Express's `logger` option: where @flash reports. */
  const logger = { warn: (text: string) => void warnings.push(text) }
  if (framework === 'fastify') {
    const app = Fastify({
      logger: {
        level: 'warn',
        stream: { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
      },
    })
    app.addHook('onError', async (_request, _reply, error) => void errors.push(error))
    await app.register(cookie)
    await app.register(
      fastifyFlash,
      flashOptions((request: FastifyRequest) => currentUser(request, fastifyHeader(request))),
    )
    app.all('/*', async (request, reply) => {
      const url = new URL(request.url, 'http://x')
      const out = await handle(url.pathname, {
        query: (n) => url.searchParams.get(n) ?? undefined,
        header: fastifyHeader(request),
        messages: request.messages,
        carrier: request,
      })
      if (out.location) reply.header('location', out.location)
      if (out.setCookie) reply.header('set-cookie', out.setCookie)
      return reply.code(out.status).send(out.body)
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }
    return { url: `http://127.0.0.1:${port}`, warnings, errors, close: () => app.close() }
  }
  if (framework === 'koa') {
    const app = new Koa()
    app.silent = true
    app.on('error', (error: unknown) => void errors.push(error))
    app.use(koaFlash({ ...flashOptions((ctx: KoaContext) => currentUser(ctx, (n) => ctx.get(n))), logger }))
    app.use(async (ctx) => {
      const out = await handle(ctx.path, {
        query: (n) => (typeof ctx.query[n] === 'string' ? (ctx.query[n] as string) : undefined),
        header: (n) => ctx.get(n),
        messages: ctx.messages,
        carrier: ctx,
      })
      if (out.location) ctx.set('location', out.location)
      if (out.setCookie) ctx.append('set-cookie', out.setCookie)
      ctx.status = out.status
      ctx.body = out.body
    })
    return listen(createServer(app.callback()), warnings, errors)
  }
  if (framework === 'express') {
    const app = express()
    app.use(
      expressFlash({ ...flashOptions((req: ExpressRequest) => currentUser(req, (n) => req.get(n))), logger }),
    )
    app.use((req, res, next) => {
      handle(req.path, {
        query: (n) => (typeof req.query[n] === 'string' ? (req.query[n] as string) : undefined),
        header: (n) => req.get(n),
        messages: req.messages as BaseStorage,
        carrier: req,
      }).then((out) => {
        if (out.location) res.set('location', out.location)
        if (out.setCookie) res.append('set-cookie', out.setCookie)
        res.status(out.status).send(out.body)
      }, next)
    })
    // Express's default error handler answers 500 and prints the stack: a 500 is what the tests read.
    app.use((error: unknown, _req: ExpressRequest, res: import('express').Response, _next: unknown) => {
      errors.push(error)
      res.status(500).send('error')
    })
    return listen(createServer(app), warnings, errors)
  }
  const app = new Hono()
  // Outside flash(): Hono hands an error to its error handler where it was thrown, and sets `c.error`.
  app.use(async (c, next) => {
    await next()
    if (c.error) errors.push(c.error)
  })
  app.use(
    honoFlash({
      ...flashOptions((c: HonoContext) => currentUser(c, (n) => c.req.header(n))),
      logger: (text) => void warnings.push(text),
    }),
  )
  app.all('*', async (c) => {
    const out = await handle(c.req.path, {
      query: (n) => c.req.query(n),
      header: (n) => c.req.header(n),
      messages: c.get('messages' as never) as BaseStorage,
      carrier: c,
    })
    if (out.location) c.header('location', out.location)
    if (out.setCookie) c.header('set-cookie', out.setCookie, { append: true })
    return c.body(out.body, out.status as 200)
  })
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server))
  })
  return listen(server, warnings, errors, true)
}

function fastifyHeader(request: FastifyRequest): (name: string) => string | undefined {
  return (name) => {
    const value = request.headers[name]
    return Array.isArray(value) ? value.join(', ') : value
  }
}

async function listen(
  server: Server,
  warnings: string[],
  errors: unknown[],
  listening = false,
): Promise<RunningApp> {
  if (!listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    warnings,
    errors,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
