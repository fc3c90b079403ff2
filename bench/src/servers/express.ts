/**
 * @module
 * The Express 5 servers of every scenario. express-session is mounted before @flash/express, as
 * its README asks; the peer is connect-flash on express-session, the most common Express setup.
 */
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { flash, getMessages, success } from '@flash/express'
import connectFlash from 'connect-flash'
import express, { type Express, type Response } from 'express'
import session from 'express-session'
import type { Scenario } from '../scenarios.js'
import { readBaseline, readSignedBaseline, writeBaseline, writeSignedBaseline } from './baseline.js'
import { addedWork } from './calibrated-work.js'
import { DJANGO_DISPLAY_HEADERS, readDjangoBaseline, writeDjangoBaseline } from './django-baseline.js'
import { djangoOverflowWriter, readDjangoOverflow, SESSION_KEY } from './django-overflow.js'
import {
  cycleMessage,
  FLASH_SECRET,
  OVERFLOW_MESSAGES,
  renderPage,
  SESSION_SECRET,
  shown,
  shownFromTypes,
} from './page.js'
import { benchRedisStorage } from './redis.js'
import type { StartServer } from './running.js'

export const startExpress: StartServer = async (scenario) => {
  const app = express()
  app.disable('x-powered-by')
  app.disable('etag')
  build(app, scenario)
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(0, '127.0.0.1', (error?: Error) =>
      error ? reject(error) : resolve(listening),
    )
  })
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function send(res: Response, body: string): void {
  res.type('html').send(body)
}

/**
 * express-session with its MemoryStore, as most apps start. A `maxAge` (as most set one) makes
 * it send its cookie again whenever the session changed: the cycle's rewritten cookie.
 */
function sessions() {
  return session({
    secret: SESSION_SECRET,
    resave: false,
    saveUninitialized: false,
    cookie: { maxAge: 24 * 60 * 60 * 1000 },
  })
}

function build(app: Express, scenario: Scenario): void {
  switch (scenario) {
    case 's0':
    case 's0-control':
      app.get('/', (_req, res) => send(res, renderPage([])))
      return
    case 's0-floor':
      app.use((_req, _res, next) => next())
      app.get('/', (_req, res) => send(res, renderPage([])))
      return
    case 's1':
      app.use(flash({ secret: FLASH_SECRET }))
      app.get('/', (_req, res) => send(res, renderPage([])))
      return
    case 's2':
      app.use(flash({ secret: FLASH_SECRET }))
      app.get('/', (req, res) => send(res, renderPage(shown(getMessages(req)))))
      return
    case 's3':
      app.use(flash({ secret: FLASH_SECRET }))
      app.get('/', (req, res) => {
        const page = renderPage(shown(getMessages(req)))
        success(req, cycleMessage())
        send(res, page)
      })
      return
    case 's1-redis':
      app.use(flash({ secret: FLASH_SECRET, storage: benchRedisStorage() }))
      app.get('/', (_req, res) => send(res, renderPage([])))
      return
    case 's3-redis':
      app.use(flash({ secret: FLASH_SECRET, storage: benchRedisStorage() }))
      app.get('/', (req, res) => {
        const page = renderPage(shown(getMessages(req)))
        success(req, cycleMessage())
        send(res, page)
      })
      return
    case 's3-baseline':
      app.get('/', (req, res) => {
        res.append('Set-Cookie', writeBaseline([cycleMessage()]))
        send(res, renderPage(readBaseline(req.headers.cookie)))
      })
      return
    case 's3-signed':
      app.get('/', (req, res) => {
        res.append('Set-Cookie', writeSignedBaseline([cycleMessage()]))
        send(res, renderPage(readSignedBaseline(req.headers.cookie)))
      })
      return
    case 's3-django':
    case 's3-django-work': {
      const work = addedWork(scenario)
      app.get('/', (req, res) => {
        work()
        res.append('Set-Cookie', writeDjangoBaseline([cycleMessage()]))
        res.set(DJANGO_DISPLAY_HEADERS)
        send(res, renderPage(readDjangoBaseline(req.headers.cookie)))
      })
      return
    }
    case 's3-peer':
      app.use(sessions())
      app.use(connectFlash())
      app.get('/', (req, res) => {
        const page = renderPage(shownFromTypes(req.flash()))
        req.flash('success', cycleMessage())
        send(res, page)
      })
      return
    case 's4':
      app.use(sessions())
      app.use(flash({ secret: FLASH_SECRET }))
      app.get('/', (req, res) => {
        const page = renderPage(shown(getMessages(req)))
        for (const text of OVERFLOW_MESSAGES) success(req, text)
        send(res, page)
      })
      return
    case 's4-django': {
      const write = djangoOverflowWriter(OVERFLOW_MESSAGES)
      app.use(sessions())
      app.get('/', (req, res) => {
        const stored = req.session as unknown as Record<string, unknown>
        const page = renderPage(readDjangoOverflow(req.headers.cookie, stored[SESSION_KEY]))
        const written = write()
        stored[SESSION_KEY] = written.session
        res.append('Set-Cookie', written.setCookie)
        res.set(DJANGO_DISPLAY_HEADERS)
        send(res, page)
      })
      return
    }
  }
}
