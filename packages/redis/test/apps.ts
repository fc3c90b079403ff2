/**
 * The same small app with each adapter, served over real HTTP, its messages in Redis:
 *
 * | route | behaviour |
 * |---|---|
 * | `POST /add?text=..&level=..` | add the message, 302 to `/show` |
 * | `GET /show` | 200 JSON: the texts displayed (iterating consumes them) |
 * | `GET /slow-show?ms=..` | read the messages, then wait `ms` before answering (a slow render) |
 * | `GET /count` | 200 JSON: how many there are (does not consume) |
 * | `GET /slow-count?ms=..` | the same, answered after `ms` (a slow page that keeps its claim meanwhile) |
 * | `GET /keep` | display them, then `used = false` |
 * | `GET /untouched` | 200 `ok`, never touches messages |
 * | `POST /add-then-throw` | add the message, then throw (500) |
 *
 * The header `x-user` names the logged-in user (the `user` option reads it through the carrier).
 */
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import cookie from '@fastify/cookie'
import { addMessage, type BaseStorage, type FlashOptions, getMessages } from '@flash/core'
import { flash as fastifyFlash } from '@flash/fastify'
import { flash as honoFlash } from '@flash/hono'
import { flash as koaFlash } from '@flash/koa'
import { serve } from '@hono/node-server'
import Fastify, { type FastifyRequest } from 'fastify'
import { Hono, type Context as HonoContext } from 'hono'
import Koa, { type Context as KoaContext } from 'koa'
import { type RedisStorageOptions, redisStorage } from '../src/index.js'

export const SECRET = 'redis-tests-secret-0123456789-0123456789'
export type Framework = 'fastify' | 'koa' | 'hono'
export const FRAMEWORKS: readonly Framework[] = ['fastify', 'koa', 'hono']

export interface RunningApp {
  readonly url: string
  /** Texts @flash logged as warnings. */
  readonly warnings: string[]
  close(): Promise<void>
}

type StorageOptions = Omit<RedisStorageOptions, 'user'>

/** What every framework's handlers do, written once against a small request view. */
interface View {
  query(name: string): string | undefined
  messages: BaseStorage
  carrier: object
}

async function handle(
  path: string,
  view: View,
): Promise<{ status: number; body: string; location?: string }> {
  switch (path) {
    case '/add':
      addMessage(view.carrier, Number(view.query('level') ?? 20), view.query('text') ?? '')
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

const userHeader = (get: (name: string) => string | undefined) => get('x-user') || undefined

export async function startApp(
  framework: Framework,
  options: StorageOptions & { strict?: boolean; scope?: FlashOptions['scope']; clock?: () => number },
): Promise<RunningApp> {
  const { strict, scope, clock, ...storageOptions } = options
  // Passed only when given, so the other tests configure exactly what they did before.
  const more = { ...(scope ? { scope } : {}), ...(clock ? { clock } : {}) }
  const warnings: string[] = []
  if (framework === 'fastify') {
    const app = Fastify({
      logger: {
        level: 'warn',
        stream: { write: (line: string) => void warnings.push(JSON.parse(line).msg) },
      },
    })
    await app.register(cookie)
    await app.register(fastifyFlash, {
      secret: SECRET,
      strict,
      ...more,
      storage: redisStorage({
        ...storageOptions,
        user: (request: FastifyRequest) => userHeader((n) => request.headers[n] as string | undefined),
      }),
    })
    app.all('/*', async (request, reply) => {
      const url = new URL(request.url, 'http://x')
      const out = await handle(url.pathname, {
        query: (n) => url.searchParams.get(n) ?? undefined,
        messages: request.messages,
        carrier: request,
      })
      if (out.location) reply.header('location', out.location)
      return reply.code(out.status).send(out.body)
    })
    await app.listen({ port: 0, host: '127.0.0.1' })
    const { port } = app.server.address() as { port: number }
    return { url: `http://127.0.0.1:${port}`, warnings, close: () => app.close() }
  }
  if (framework === 'koa') {
    const app = new Koa()
    app.silent = true
    app.use(
      koaFlash({
        secret: SECRET,
        strict,
        ...more,
        logger: { warn: (text: string) => void warnings.push(text) },
        storage: redisStorage({
          ...storageOptions,
          user: (ctx: KoaContext) => userHeader((n) => ctx.get(n)),
        }),
      }),
    )
    app.use(async (ctx) => {
      const out = await handle(ctx.path, {
        query: (n) => (typeof ctx.query[n] === 'string' ? (ctx.query[n] as string) : undefined),
        messages: ctx.messages,
        carrier: ctx,
      })
      if (out.location) ctx.set('location', out.location)
      ctx.status = out.status
      ctx.body = out.body
    })
    return listen(createServer(app.callback()), warnings)
  }
  const app = new Hono()
  app.use(
    honoFlash({
      secret: SECRET,
      strict,
      ...more,
      logger: (text) => void warnings.push(text),
      storage: redisStorage({
        ...storageOptions,
        user: (c: HonoContext) => userHeader((n) => c.req.header(n)),
      }),
    }),
  )
  app.all('*', async (c) => {
    const out = await handle(c.req.path, {
      query: (n) => c.req.query(n),
      messages: c.get('messages' as never) as BaseStorage,
      carrier: c,
    })
    if (out.location) c.header('location', out.location)
    return c.body(out.body, out.status as 200)
  })
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server))
  })
  return listen(server, warnings, true)
}

async function listen(server: Server, warnings: string[], listening = false): Promise<RunningApp> {
  if (!listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    warnings,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
