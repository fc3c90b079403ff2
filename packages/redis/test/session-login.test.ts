/**
 * Logging in and out through each framework's own session middleware (@fastify/session and
 * express-session regenerating the session on login, as session-fixation advice says; koa-session;
 * hono-sessions), with the `user` option reading the session as the README shows: a message added
 * by the login or logout handler is shown on the next page, and nobody else's are.
 */
import type { Server } from 'node:http'
import { createServer } from 'node:http'
import cookie from '@fastify/cookie'
import fastifySession from '@fastify/session'
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { flash as expressFlash, info as expressInfo, getMessages as expressMessages } from '@flash/express'
import { flash as fastifyFlash, getMessages, info, success } from '@flash/fastify'
import { flash as honoFlash } from '@flash/hono'
import { flash as koaFlash } from '@flash/koa'
import { serve } from '@hono/node-server'
import express from 'express'
import expressSession from 'express-session'
import Fastify, { type FastifyRequest } from 'fastify'
import { Hono } from 'hono'
import { CookieStore, type Session, sessionMiddleware } from 'hono-sessions'
import Koa from 'koa'
import koaSession from 'koa-session'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RedisClient, redisStorage } from '../src/index.js'
import { FRAMEWORKS, type Framework, SECRET } from './apps.js'
import { Visitor } from './browser.js'
import { connect, mailboxKeys, type TestClient } from './clients.js'

const SESSION_SECRET = 'a-session-secret-of-at-least-32-characters'

declare module 'fastify' {
  interface Session {
    userId?: string
  }
}

declare module 'express-session' {
  interface SessionData {
    userId?: string
  }
}

interface App {
  readonly url: string
  close(): Promise<void>
}

const param = (url: string, name: string) => new URL(url, 'http://x').searchParams.get(name) ?? ''

async function startFastify(client: RedisClient, prefix: string): Promise<App> {
  const app = Fastify()
  await app.register(cookie)
  await app.register(fastifyFlash, {
    secret: SECRET,
    storage: redisStorage({
      client,
      prefix,
      user: (request: FastifyRequest) => request.session?.get('userId'),
    }),
  })
  await app.register(fastifySession, { secret: SESSION_SECRET, cookie: { secure: false } })
  app.post('/login', async (request, reply) => {
    await request.session.regenerate()
    request.session.set('userId', param(request.url, 'as'))
    success(request, param(request.url, 'text'))
    return reply.redirect('/show')
  })
  app.post('/logout', async (request, reply) => {
    await request.session.destroy()
    info(request, param(request.url, 'text'))
    return reply.redirect('/show')
  })
  app.post('/add', async (request, reply) => {
    info(request, param(request.url, 'text'))
    return reply.redirect('/show')
  })
  app.get('/show', async (request) => [...getMessages(request)].map(String))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const { port } = app.server.address() as { port: number }
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() }
}

async function startExpress(client: RedisClient, prefix: string): Promise<App> {
  const app = express()
  app.use(expressSession({ secret: SESSION_SECRET, resave: false, saveUninitialized: false }))
  app.use(
    expressFlash({
      secret: SECRET,
      storage: redisStorage({ client, prefix, user: (req: express.Request) => req.session?.userId }),
    }),
  )
  app.post('/login', (req, res, next) => {
    req.session.regenerate((error) => {
      if (error) return next(error)
      req.session.userId = param(req.url, 'as')
      expressInfo(req, param(req.url, 'text'))
      res.redirect('/show')
    })
  })
  app.post('/logout', (req, res, next) => {
    req.session.destroy((error) => {
      if (error) return next(error)
      expressInfo(req, param(req.url, 'text'))
      res.redirect('/show')
    })
  })
  app.post('/add', (req, res) => {
    expressInfo(req, param(req.url, 'text'))
    res.redirect('/show')
  })
  app.get('/show', (req, res) => {
    res.json([...expressMessages(req)].map(String))
  })
  return listen(createServer(app))
}

async function startKoa(client: RedisClient, prefix: string): Promise<App> {
  const app = new Koa()
  app.keys = [SESSION_SECRET]
  app.use(koaSession({ key: 'koa.sess' }, app))
  app.use(
    koaFlash({
      secret: SECRET,
      storage: redisStorage({ client, prefix, user: (ctx: Koa.Context) => ctx.session?.['userId'] }),
    }),
  )
  app.use(async (ctx) => {
    const text = param(ctx.url, 'text')
    if (ctx.method === 'POST' && ctx.path === '/login') {
      ctx.session!['userId'] = param(ctx.url, 'as')
      ctx.messages.add(25, text)
    } else if (ctx.method === 'POST' && ctx.path === '/logout') {
      ctx.session = null
      ctx.messages.add(20, text)
    } else if (ctx.method === 'POST' && ctx.path === '/add') {
      ctx.messages.add(20, text)
    } else {
      ctx.body = [...ctx.messages].map(String)
      return
    }
    ctx.redirect('/show')
  })
  return listen(createServer(app.callback()))
}

async function startHono(client: RedisClient, prefix: string): Promise<App> {
  type Env = { Variables: { session: Session } }
  const app = new Hono<Env>()
  app.use(
    sessionMiddleware({
      store: new CookieStore(),
      encryptionKey: SESSION_SECRET,
      expireAfterSeconds: 900,
      cookieOptions: { path: '/', httpOnly: true, sameSite: 'Lax' },
    }),
  )
  app.use(
    honoFlash({
      secret: SECRET,
      storage: redisStorage({
        client,
        prefix,
        user: (c: { get(key: 'session'): Session | undefined }) => c.get('session')?.get('userId') as string,
      }),
    }),
  )
  const messagesOf = (c: { get(key: never): unknown }) =>
    c.get('messages' as never) as Iterable<unknown> & {
      add(level: number, text: string): void
    }
  app.post('/login', (c) => {
    c.get('session').set('userId', c.req.query('as') ?? '')
    messagesOf(c).add(25, c.req.query('text') ?? '')
    return c.redirect('/show')
  })
  app.post('/logout', (c) => {
    // deleteSession() only marks the session: its data stays readable until the response.
    c.get('session').forget('userId')
    c.get('session').deleteSession()
    messagesOf(c).add(20, c.req.query('text') ?? '')
    return c.redirect('/show')
  })
  app.post('/add', (c) => {
    messagesOf(c).add(20, c.req.query('text') ?? '')
    return c.redirect('/show')
  })
  app.get('/show', (c) => c.json([...messagesOf(c)].map(String)))
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s as Server))
  })
  return listen(server, true)
}

async function listen(server: Server, listening = false): Promise<App> {
  if (!listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

const START: Record<Framework, (client: RedisClient, prefix: string) => Promise<App>> = {
  fastify: startFastify,
  express: startExpress,
  koa: startKoa,
  hono: startHono,
}

let redis: RedisServer
beforeAll(async () => {
  redis = await startRedis()
})
afterAll(() => redis.stop())

for (const framework of FRAMEWORKS) {
  describe(`${framework} with its session middleware`, () => {
    const prefix = `session-${framework}:`
    let client: TestClient
    let app: App
    beforeAll(async () => {
      client = await connect('node-redis', redis.url)
      app = await START[framework](client.client, prefix)
    })
    afterAll(async () => {
      await app.close()
      await client.close()
    })

    it('the visitor logs in, is welcomed with what was waiting, logs out and is told so; nothing leaks', async () => {
      const browser = new Visitor(app.url)
      expect((await browser.request('/add?text=Cart%20saved.', 'POST')).status).toBe(302)
      expect((await browser.request('/login?as=ann&text=Welcome%20back', 'POST')).status).toBe(302)
      expect(await browser.show()).toEqual(['Cart saved.', 'Welcome back'])
      expect(await browser.show()).toEqual([])
      expect((await browser.request('/logout?text=Signed%20out', 'POST')).status).toBe(302)
      expect(await browser.show()).toEqual(['Signed out'])
      await browser.request('/login?as=ann&text=Again', 'POST')
      expect(await browser.show()).toEqual(['Again'])
      expect(await mailboxKeys(client, `${prefix}*`)).toEqual([])
    })

    it('a message for the account waits for its login, on another browser too; the anonymous browser never sees it', async () => {
      const laptop = new Visitor(app.url)
      await laptop.request('/login?as=bo&text=Hi', 'POST')
      await laptop.request('/add?text=For%20bo.', 'POST')
      await laptop.request('/logout?text=Bye', 'POST')
      expect(await laptop.show()).toEqual(['Bye'])
      const phone = new Visitor(app.url)
      expect(await phone.show()).toEqual([])
      await phone.request('/login?as=bo&text=Hi%20again', 'POST')
      expect(await phone.show()).toEqual(['Hi', 'For bo.', 'Hi again'])
      expect(await mailboxKeys(client, `${prefix}*`)).toEqual([])
    })
  })
}
