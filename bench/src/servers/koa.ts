/**
 * @module
 * The Koa 3 servers of every scenario. koa-session is mounted before @flash/koa, as its README asks.
 */
import type { AddressInfo } from 'node:net'
import { flash, getMessages, success } from '@flash/koa'
import Koa, { type Context } from 'koa'
import koaFlash from 'koa-flash'
import session from 'koa-session'
import type { Scenario } from '../scenarios.js'
import { readBaseline, readSignedBaseline, writeBaseline, writeSignedBaseline } from './baseline.js'
import { addedWork } from './calibrated-work.js'
import { DJANGO_DISPLAY_HEADERS, readDjangoBaseline, writeDjangoBaseline } from './django-baseline.js'
import { djangoOverflowWriter, readDjangoOverflow } from './django-overflow.js'
import { convert } from './koa-convert.js'
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

export const startKoa: StartServer = async (scenario) => {
  const app = new Koa()
  build(app, scenario)
  const server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject))
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

function send(ctx: Context, body: string): void {
  ctx.type = 'html'
  ctx.body = body
}

function build(app: Koa, scenario: Scenario): void {
  switch (scenario) {
    case 's0':
    case 's0-control':
      app.use((ctx) => send(ctx, renderPage([])))
      return
    case 's0-floor':
      app.use((_ctx, next) => next())
      app.use((ctx) => send(ctx, renderPage([])))
      return
    case 's1':
      app.use(flash({ secret: FLASH_SECRET }))
      app.use((ctx) => send(ctx, renderPage([])))
      return
    case 's2':
      app.use(flash({ secret: FLASH_SECRET }))
      app.use((ctx) => send(ctx, renderPage(shown(getMessages(ctx)))))
      return
    case 's3':
      app.use(flash({ secret: FLASH_SECRET }))
      app.use((ctx) => {
        send(ctx, renderPage(shown(getMessages(ctx))))
        success(ctx, cycleMessage())
      })
      return
    case 's1-redis':
      app.use(flash({ secret: FLASH_SECRET, storage: benchRedisStorage() }))
      app.use((ctx) => send(ctx, renderPage([])))
      return
    case 's3-redis':
      app.use(flash({ secret: FLASH_SECRET, storage: benchRedisStorage() }))
      app.use((ctx) => {
        send(ctx, renderPage(shown(getMessages(ctx))))
        success(ctx, cycleMessage())
      })
      return
    case 's3-baseline':
      app.use((ctx) => {
        send(ctx, renderPage(readBaseline(ctx.get('cookie'))))
        ctx.append('Set-Cookie', writeBaseline([cycleMessage()]))
      })
      return
    case 's3-signed':
      app.use((ctx) => {
        send(ctx, renderPage(readSignedBaseline(ctx.get('cookie'))))
        ctx.append('Set-Cookie', writeSignedBaseline([cycleMessage()]))
      })
      return
    case 's3-django':
    case 's3-django-work': {
      const work = addedWork(scenario)
      app.use((ctx) => {
        work()
        send(ctx, renderPage(readDjangoBaseline(ctx.get('cookie'))))
        ctx.append('Set-Cookie', writeDjangoBaseline([cycleMessage()]))
        ctx.set(DJANGO_DISPLAY_HEADERS)
      })
      return
    }
    case 's3-peer':
      // koa-session's default: the whole session in a signed cookie (koa.sess + koa.sess.sig).
      app.keys = [SESSION_SECRET]
      app.use(session(app))
      app.use(convert(koaFlash()))
      app.use((ctx) => {
        const flashed = (ctx as Context & { flash: Record<string, string[]> }).flash
        send(ctx, renderPage(shownFromTypes(flashed)))
        ;(ctx as Context & { flash: unknown }).flash = { success: [cycleMessage()] }
      })
      return
    case 's4':
      app.keys = [SESSION_SECRET]
      app.use(session({ store: new MemoryStore() }, app))
      app.use(flash({ secret: FLASH_SECRET }))
      app.use((ctx) => {
        send(ctx, renderPage(shown(getMessages(ctx))))
        for (const text of OVERFLOW_MESSAGES) success(ctx, text)
      })
      return
    case 's4-django': {
      const write = djangoOverflowWriter(OVERFLOW_MESSAGES)
      // @flash/koa's default key: koa-session never saves a key that starts with "_" (Django's `_messages`).
      const SESSION_KEY = 'messages'
      app.keys = [SESSION_SECRET]
      app.use(session({ store: new MemoryStore() }, app))
      app.use((ctx) => {
        const stored = ctx.session as unknown as Record<string, unknown>
        send(ctx, renderPage(readDjangoOverflow(ctx.get('cookie'), stored[SESSION_KEY])))
        const written = write()
        stored[SESSION_KEY] = written.session
        ctx.append('Set-Cookie', written.setCookie)
        ctx.set(DJANGO_DISPLAY_HEADERS)
      })
      return
    }
  }
}

/** koa-session's external store contract over a Map: the in-memory session of S4. */
class MemoryStore {
  readonly #data = new Map<string, unknown>()
  async get(key: string): Promise<unknown> {
    return this.#data.get(key)
  }
  async set(key: string, value: unknown): Promise<void> {
    this.#data.set(key, value)
  }
  async destroy(key: string): Promise<void> {
    this.#data.delete(key)
  }
}
