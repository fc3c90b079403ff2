/**
 * @module
 * The Fastify 5 servers of every scenario. Plugins are registered in the order their READMEs ask
 * for: @fastify/cookie, then @flash/fastify, then the session plugin.
 */
import type { AddressInfo } from 'node:net'
import cookie from '@fastify/cookie'
import fastifyFlash from '@fastify/flash'
import secureSession from '@fastify/secure-session'
import session from '@fastify/session'
import flash, { getMessages, success } from '@flash/fastify'
import Fastify, { type FastifyInstance } from 'fastify'
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
  SECURE_SESSION_KEY,
  SESSION_SECRET,
  shown,
  shownFromTypes,
} from './page.js'
import { benchRedisStorage } from './redis.js'
import type { StartServer } from './running.js'

// Both session plugins type `request.session`; the one the type checker picks is secure-session's.
declare module '@fastify/secure-session' {
  interface SessionData {
    /** Django's overflow by hand (`s4-django`): the messages the cookie could not hold. */
    _messages?: string
  }
}

export const startFastify: StartServer = async (scenario) => {
  const app = await createFastify(scenario)
  await app.listen({ host: '127.0.0.1', port: 0 })
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() }
}

/** The app of `scenario`, not listening yet (profiling scripts drive it with `inject`). */
export async function createFastify(scenario: Scenario): Promise<FastifyInstance> {
  const app = Fastify()
  await build(app, scenario)
  return app
}

async function build(app: FastifyInstance, scenario: Scenario): Promise<void> {
  const html = 'text/html; charset=utf-8'
  switch (scenario) {
    case 's0':
    case 's0-control':
      app.get('/', (_request, reply) => reply.type(html).send(renderPage([])))
      return
    case 's0-floor':
      await app.register(cookie)
      app.get('/', (_request, reply) => reply.type(html).send(renderPage([])))
      return
    case 's1':
      await app.register(cookie)
      await app.register(flash, { secret: FLASH_SECRET })
      app.get('/', (_request, reply) => reply.type(html).send(renderPage([])))
      return
    case 's2':
      await app.register(cookie)
      await app.register(flash, { secret: FLASH_SECRET })
      app.get('/', (request, reply) => reply.type(html).send(renderPage(shown(getMessages(request)))))
      return
    case 's3':
      await app.register(cookie)
      await app.register(flash, { secret: FLASH_SECRET })
      app.get('/', (request, reply) => {
        const body = renderPage(shown(getMessages(request)))
        success(request, cycleMessage())
        return reply.type(html).send(body)
      })
      return
    case 's1-redis':
      await app.register(cookie)
      await app.register(flash, { secret: FLASH_SECRET, storage: benchRedisStorage() })
      app.get('/', (_request, reply) => reply.type(html).send(renderPage([])))
      return
    case 's3-redis':
      await app.register(cookie)
      await app.register(flash, { secret: FLASH_SECRET, storage: benchRedisStorage() })
      app.get('/', (request, reply) => {
        const body = renderPage(shown(getMessages(request)))
        success(request, cycleMessage())
        return reply.type(html).send(body)
      })
      return
    case 's3-baseline':
      app.get('/', (request, reply) => {
        const body = renderPage(readBaseline(request.headers.cookie))
        reply.header('set-cookie', writeBaseline([cycleMessage()]))
        return reply.type(html).send(body)
      })
      return
    case 's3-signed':
      app.get('/', (request, reply) => {
        const body = renderPage(readSignedBaseline(request.headers.cookie))
        reply.header('set-cookie', writeSignedBaseline([cycleMessage()]))
        return reply.type(html).send(body)
      })
      return
    case 's3-django':
    case 's3-django-work': {
      const work = addedWork(scenario)
      app.get('/', (request, reply) => {
        work()
        const body = renderPage(readDjangoBaseline(request.headers.cookie))
        reply.header('set-cookie', writeDjangoBaseline([cycleMessage()])).headers(DJANGO_DISPLAY_HEADERS)
        return reply.type(html).send(body)
      })
      return
    }
    case 's3-peer':
      await app.register(secureSession, { key: SECURE_SESSION_KEY, cookie: { path: '/', httpOnly: true } })
      await app.register(fastifyFlash)
      app.get('/', (request, reply) => {
        // With no type, reply.flash() returns every type: { success: ['Profile saved.'] }.
        const body = renderPage(shownFromTypes(reply.flash() as Record<string, string[]>))
        request.flash('success', cycleMessage())
        return reply.type(html).send(body)
      })
      return
    case 's4':
      await app.register(cookie)
      await app.register(flash, { secret: FLASH_SECRET })
      // The default MemoryStore: the in-memory session the overflow spills into.
      await app.register(session, {
        secret: SESSION_SECRET,
        cookie: { secure: false },
        saveUninitialized: false,
      })
      app.get('/', (request, reply) => {
        const body = renderPage(shown(getMessages(request)))
        for (const text of OVERFLOW_MESSAGES) success(request, text)
        return reply.type(html).send(body)
      })
      return
    case 's4-django': {
      const write = djangoOverflowWriter(OVERFLOW_MESSAGES)
      await app.register(cookie)
      await app.register(session, {
        secret: SESSION_SECRET,
        cookie: { secure: false },
        saveUninitialized: false,
      })
      app.get('/', (request, reply) => {
        const body = renderPage(readDjangoOverflow(request.headers.cookie, request.session.get(SESSION_KEY)))
        const written = write()
        request.session.set(SESSION_KEY, written.session)
        reply.header('set-cookie', written.setCookie).headers(DJANGO_DISPLAY_HEADERS)
        return reply.type(html).send(body)
      })
      return
    }
  }
}
