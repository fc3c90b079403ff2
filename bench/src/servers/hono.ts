/**
 * @module
 * The Hono 4 servers of every scenario, on @hono/node-server. The session middleware is
 * registered before flash(), as @flash/hono's README asks.
 */

import { nodeCrypto } from '@flash/core/node'
import { type FlashEnv, flash, getMessages, success } from '@flash/hono'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { CookieStore, MemoryStore, type Session, sessionMiddleware } from 'hono-sessions'
import type { CryptoChoice, Scenario } from '../scenarios.js'
import { readBaseline, readSignedBaseline, writeBaseline, writeSignedBaseline } from './baseline.js'
import { addedWork } from './calibrated-work.js'
import { DJANGO_DISPLAY_HEADERS, readDjangoBaseline, writeDjangoBaseline } from './django-baseline.js'
import { djangoOverflowWriter, readDjangoOverflow, SESSION_KEY } from './django-overflow.js'
import { cycleMessage, FLASH_SECRET, OVERFLOW_MESSAGES, renderPage, SESSION_SECRET, shown } from './page.js'
import { benchRedisStorage } from './redis.js'
import type { RunningServer, StartServer } from './running.js'

const COOKIE_OPTIONS = { path: '/', httpOnly: true, sameSite: 'Lax' } as const

export const startHono: StartServer = async (scenario, crypto) => {
  const app = build(scenario, crypto)
  return new Promise<RunningServer>((resolve) => {
    const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) =>
      resolve({ port: info.port, close: () => new Promise<void>((done) => server.close(() => done())) }),
    )
  })
}

type SessionEnv = FlashEnv & { Variables: { session: Session } }

function build(scenario: Scenario, crypto: CryptoChoice): Hono<SessionEnv> {
  const app = new Hono<SessionEnv>()
  const withFlash = () =>
    app.use(flash({ secret: FLASH_SECRET, ...(crypto === 'node' ? { crypto: nodeCrypto } : {}) }))
  switch (scenario) {
    case 's0':
    case 's0-control':
      app.get('/', (c) => c.html(renderPage([])))
      break
    case 's0-floor':
      app.use(async (_c, next) => {
        await next()
      })
      app.get('/', (c) => c.html(renderPage([])))
      break
    case 's1':
      withFlash()
      app.get('/', (c) => c.html(renderPage([])))
      break
    case 's2':
      withFlash()
      app.get('/', (c) => c.html(renderPage(shown(getMessages(c)))))
      break
    case 's3':
      withFlash()
      app.get('/', (c) => {
        const body = renderPage(shown(getMessages(c)))
        success(c, cycleMessage())
        return c.html(body)
      })
      break
    case 's1-redis':
      app.use(flash({ secret: FLASH_SECRET, storage: benchRedisStorage() }))
      app.get('/', (c) => c.html(renderPage([])))
      break
    case 's3-redis':
      app.use(flash({ secret: FLASH_SECRET, storage: benchRedisStorage() }))
      app.get('/', (c) => {
        const body = renderPage(shown(getMessages(c)))
        success(c, cycleMessage())
        return c.html(body)
      })
      break
    case 's3-baseline':
      app.get('/', (c) => {
        const body = renderPage(readBaseline(c.req.header('cookie')))
        c.header('Set-Cookie', writeBaseline([cycleMessage()]), { append: true })
        return c.html(body)
      })
      break
    case 's3-signed':
      app.get('/', (c) => {
        const body = renderPage(readSignedBaseline(c.req.header('cookie')))
        c.header('Set-Cookie', writeSignedBaseline([cycleMessage()]), { append: true })
        return c.html(body)
      })
      break
    case 's3-django':
    case 's3-django-work': {
      const work = addedWork(scenario)
      app.get('/', (c) => {
        work()
        const body = renderPage(readDjangoBaseline(c.req.header('cookie')))
        c.header('Set-Cookie', writeDjangoBaseline([cycleMessage()]), { append: true })
        c.header('Cache-Control', DJANGO_DISPLAY_HEADERS['cache-control'])
        return c.html(body)
      })
      break
    }
    case 's3-peer':
      // The README's setup: the whole session sealed (iron-webcrypto) in the cookie.
      app.use(
        sessionMiddleware({
          store: new CookieStore(),
          encryptionKey: SESSION_SECRET,
          cookieOptions: COOKIE_OPTIONS,
        }),
      )
      app.get('/', (c) => {
        const session = c.get('session')
        // A flash entry is deleted when read.
        const flashed = (session.get('flash') as string[] | null) ?? []
        const body = renderPage(flashed.map((text) => ({ tags: 'success', text })))
        session.flash('flash', [cycleMessage()])
        return c.html(body)
      })
      break
    case 's4':
      // No encryptionKey: the session id travels as is, so S4 pays for @flash, not for sealing the id.
      app.use(sessionMiddleware({ store: new MemoryStore(), cookieOptions: COOKIE_OPTIONS }))
      withFlash()
      app.get('/', (c) => {
        const body = renderPage(shown(getMessages(c)))
        for (const text of OVERFLOW_MESSAGES) success(c, text)
        return c.html(body)
      })
      break
    case 's4-django': {
      const write = djangoOverflowWriter(OVERFLOW_MESSAGES)
      app.use(sessionMiddleware({ store: new MemoryStore(), cookieOptions: COOKIE_OPTIONS }))
      app.get('/', (c) => {
        const session = c.get('session')
        const body = renderPage(readDjangoOverflow(c.req.header('cookie'), session.get(SESSION_KEY)))
        const written = write()
        session.set(SESSION_KEY, written.session)
        c.header('Set-Cookie', written.setCookie, { append: true })
        c.header('Cache-Control', DJANGO_DISPLAY_HEADERS['cache-control'])
        return c.html(body)
      })
      break
    }
  }
  return app
}
