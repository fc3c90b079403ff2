/**
 * Issue 13, Fastify: nothing is lost silently with Fastify's default options. Reports reach
 * `console.warn` when `Fastify()` has no logger; a session that @fastify/session will not save
 * (its cookie is secure on plain HTTP) or one kept in a cookie (@fastify/secure-session) reports
 * what it cannot take; `config.successMessage` works on routes declared before the plugin;
 * `reply.hijack()` after adding a message is reported.
 */
import { connect } from 'node:net'
import cookie from '@fastify/cookie'
import secureSession from '@fastify/secure-session'
import session from '@fastify/session'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest'
import flash, { CookieStorage, type FlashFastifyOptions, getMessages, success } from '../src/index.js'
import { Client, randomTexts, setCookies, TOO_LATE } from './client.js'
import { CountingStore, SESSION_SECRET } from './harness.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'
const SIXTY = randomTexts(60, 100, 21)
const THIRTY = randomTexts(30, 300, 13)

let warn: MockInstance<typeof console.warn>
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
})
afterEach(() => warn.mockRestore())
const warned = () => warn.mock.calls.map((call) => String(call[0]))

/** `Fastify()` as the README shows it: no logger options. `register` adds a session plugin. */
async function plainApp(
  options: Omit<FlashFastifyOptions, 'secret'>,
  register?: (app: FastifyInstance) => Promise<void>,
) {
  const app = Fastify()
  await app.register(cookie)
  await app.register(flash, { secret: SECRET, ...options })
  await register?.(app)
  app.post<{ Body: { messages: string[] } }>('/add', async (request, reply) => {
    for (const text of request.body.messages) success(request, text)
    return reply.redirect('/show')
  })
  app.get('/show', async (request) => ({ texts: [...getMessages(request)].map(String) }))
  return { app, client: new Client(app) }
}

describe('reports reach the developer with Fastify() as is (its logger is off)', () => {
  it('a short secret is reported on console.warn at startup', async () => {
    const app = Fastify()
    await app.register(cookie)
    await app.register(flash, { secret: 'short' })
    await app.ready()
    expect(warned()).toEqual([
      '@flash/fastify: option "secret" is shorter than 32 characters; use a long random secret in production',
    ])
  })

  it('cookie storage: 60 added, the 12 oldest dropped, and the drop is reported on console.warn', async () => {
    const { client } = await plainApp({ storage: 'cookie' })
    await client.post('/add', { messages: SIXTY })
    const shown = (await client.get('/show')).json().texts as string[]
    expect(shown).toEqual(SIXTY.slice(60 - shown.length))
    expect(warned()).toHaveLength(1)
    expect(warned()[0]).toMatch(
      new RegExp(
        `^@flash/fastify: ${60 - shown.length} messages could not be stored and will not be shown \\(the message cookie`,
      ),
    )
  })

  it('with a logger on, reports go to it and not to the console', async () => {
    const lines: string[] = []
    const app = Fastify({
      logger: { level: 'warn', stream: { write: (line: string) => void lines.push(line) } },
    })
    await app.register(cookie)
    await app.register(flash, { secret: 'short' })
    await app.ready()
    expect(warned()).toEqual([])
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual([
      '@flash/fastify: option "secret" is shorter than 32 characters; use a long random secret in production',
    ])
  })
})

describe('@fastify/session over plain HTTP', () => {
  const withSession = (secure: boolean | 'auto' | undefined) => async (app: FastifyInstance) => {
    await app.register(session, {
      secret: SESSION_SECRET,
      store: new CountingStore(),
      saveUninitialized: false,
      ...(secure === undefined ? {} : { cookie: { secure } }),
    })
  }

  it('its default cookie.secure: true saves nothing: the fallback overflow is reported with the fix, not lost silently', async () => {
    const { client } = await plainApp({}, withSession(undefined))
    const added = await client.post('/add', { messages: THIRTY })
    expect(setCookies(added).some((c) => c.startsWith('sessionId='))).toBe(false)
    const shown = (await client.get('/show')).json().texts as string[]
    expect(shown).toEqual(THIRTY.slice(0, shown.length))
    expect(warned()).toEqual([
      `@flash/fastify: ${30 - shown.length} messages could not be stored and will not be shown (@fastify/session does ` +
        'not save a session, nor send its cookie, when cookie.secure is true (its default) on a plain-HTTP request; ' +
        "pass cookie: { secure: 'auto' } to @fastify/session, or trustProxy: true to Fastify() behind a " +
        `TLS-terminating proxy): ${THIRTY.slice(shown.length)
          .map((t) => JSON.stringify(t.slice(0, 80)))
          .join(', ')}`,
    ])
  })

  it("with cookie: { secure: 'auto' } (the README's example) all 30 are shown", async () => {
    const { client } = await plainApp({}, withSession('auto'))
    await client.post('/add', { messages: THIRTY })
    expect((await client.get('/show')).json().texts).toEqual(THIRTY)
    expect(warned()).toEqual([])
  })
})

describe('@fastify/secure-session keeps the session in its cookie', () => {
  it('the fallback overflow beyond what a cookie holds is reported; the session cookie stays under 4096 bytes', async () => {
    const { client } = await plainApp({}, async (app) => {
      await app.register(secureSession, { key: Buffer.alloc(32, 7), cookie: { path: '/' } })
    })
    const added = await client.post('/add', { messages: THIRTY })
    const sessionCookie = setCookies(added).find((c) => c.startsWith('session='))!
    expect(sessionCookie.split(';')[0]!.length).toBeLessThan(4096)
    const shown = (await client.get('/show')).json().texts as string[]
    expect(warned()).toHaveLength(1)
    expect(warned()[0]).toMatch(
      new RegExp(
        `^@flash/fastify: ${30 - shown.length} messages could not be stored and will not be shown \\(the session is ` +
          'kept in a cookie, which browsers drop beyond 4096 bytes',
      ),
    )
    expect(shown.length).toBeGreaterThan(10)
  })
})

describe('config.successMessage on a route declared before the plugin', () => {
  it('is added at request time, and only when the route succeeded', async () => {
    const app = Fastify()
    await app.register(cookie)
    app.post('/notes', { config: { successMessage: '%(title)s was created' } }, async (request, reply) => {
      if ((request.body as { title?: string }).title === '') return reply.code(400).send('title required')
      return reply.redirect('/show')
    })
    await app.register(flash, { secret: SECRET })
    app.get('/show', async (request) => ({ texts: [...getMessages(request)].map(String) }))
    const client = new Client(app)
    expect((await client.post('/notes', { title: '' })).statusCode).toBe(400)
    expect((await client.post('/notes', { title: 'Groceries' })).statusCode).toBe(302)
    expect((await client.get('/show')).json()).toEqual({ texts: ['Groceries was created'] })
  })
})

describe('reply.hijack()', () => {
  const HIJACK_REPORT = (texts: string[]) =>
    '@flash/fastify: 1 message could not be stored and will not be shown (the response was sent without ' +
    'Fastify (reply.hijack(), or a write to reply.raw), so onSend did not run and no cookie or session ' +
    'could be written; add messages only to replies Fastify sends): ' +
    texts.map((t) => JSON.stringify(t)).join(', ')

  /** A route that adds a message, then hijacks and answers raw: the message is reported lost. */
  const expectAddThenHijackReported = async (options: Omit<FlashFastifyOptions, 'secret'>) => {
    const { app, client } = await plainApp(options)
    app.get('/hijacked', async (request, reply) => {
      success(request, 'never stored')
      reply.hijack()
      reply.raw.end('raw')
    })
    expect((await client.get('/hijacked')).body).toBe('raw')
    await vi.waitFor(() => expect(warned()).toHaveLength(1))
    expect(warned()).toEqual([HIJACK_REPORT(['never stored'])])
  }

  it('after adding a message, the loss is reported', async () => {
    await expectAddThenHijackReported({})
  })

  it('over a real server: a message added after the hijack, before the response ends, is reported too', async () => {
    const { app } = await plainApp({})
    app.get('/hijacked', async (request, reply) => {
      reply.hijack()
      reply.raw.write('raw ')
      success(request, 'added while streaming')
      reply.raw.end('end')
    })
    const body = await (await fetch(`${await app.listen({ port: 0, host: '127.0.0.1' })}/hijacked`)).text()
    try {
      expect(body).toBe('raw end')
      await vi.waitFor(() => expect(warned()).toHaveLength(1))
      expect(warned()).toEqual([HIJACK_REPORT(['added while streaming'])])
    } finally {
      await app.close()
    }
  })

  it('a message added by an onRequest hook registered before the plugin is watched as well', async () => {
    const app = Fastify()
    await app.register(cookie)
    app.addHook('onRequest', async (request) => {
      if (request.url === '/hijacked') success(request, 'from an early hook')
    })
    await app.register(flash, { secret: SECRET })
    app.get('/hijacked', async (_request, reply) => {
      reply.hijack()
      reply.raw.end('raw')
    })
    expect((await new Client(app).get('/hijacked')).body).toBe('raw')
    await vi.waitFor(() => expect(warned()).toHaveLength(1))
    expect(warned()).toEqual([HIJACK_REPORT(['from an early hook'])])
  })

  it('a hijacked request that never used messages refuses one added after its response, with one report', async () => {
    const { app, client } = await plainApp({})
    let later: Promise<void> | undefined
    app.get('/hijacked', async (request, reply) => {
      reply.hijack()
      reply.raw.end('raw')
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => success(request, 'too late'))
    })
    expect((await client.get('/hijacked')).body).toBe('raw')
    await later
    expect(warned()).toEqual([TOO_LATE])
  })

  it('a hijacked request that read its messages reports one added after its response, with the cause', async () => {
    const { app, client } = await plainApp({})
    let later: Promise<void> | undefined
    app.get('/hijacked', async (request, reply) => {
      ;[...getMessages(request)]
      reply.hijack()
      reply.raw.end('raw')
      later = new Promise((resolve) => setTimeout(resolve, 20)).then(() => {
        success(request, 'after a read')
        success(request, 'too late')
      })
    })
    expect((await client.get('/hijacked')).body).toBe('raw')
    await later
    // The first is reported with the cause; the request is ended then, so the next is refused.
    expect(warned()).toEqual([HIJACK_REPORT(['after a read']), TOO_LATE])
  })

  it('a read attaches nothing to the response; the first message added starts the watch, once', async () => {
    const { app, client } = await plainApp({})
    app.get('/listeners', async (request, reply) => {
      const before = reply.raw.listenerCount('close')
      ;[...getMessages(request)]
      const afterRead = reply.raw.listenerCount('close')
      success(request, 'one')
      success(request, 'two')
      return { before, afterRead, afterAdds: reply.raw.listenerCount('close') }
    })
    const { before, afterRead, afterAdds } = (await client.get('/listeners')).json()
    expect(afterRead).toBe(before)
    expect(afterAdds).toBe(before + 1)
  })

  it('a storage from another copy of @flash/core (no first-add watch) is watched from its first use', async () => {
    await expectAddThenHijackReported({
      storage: (seam, config) => {
        const storage = new CookieStorage(seam, config)
        // What an older copy of the core lacks.
        Object.defineProperty(storage, 'watchFirstAdd', { value: undefined })
        return storage
      },
    })
  })

  it('over a real server: a client that goes away before the reply is not taken for a hijack; onSend still stores', async () => {
    const { app } = await plainApp({})
    let handlerStarted: () => void = () => {}
    const started = new Promise<void>((resolve) => {
      handlerStarted = resolve
    })
    let sent: (cookie: string) => void = () => {}
    const cookieSent = new Promise<string>((resolve) => {
      sent = resolve
    })
    app.get('/slow', async (request, reply) => {
      success(request, 'before the client left')
      const closed = new Promise((resolve) => reply.raw.once('close', resolve))
      handlerStarted()
      await closed
      success(request, 'after the client left')
      return reply.send('late')
    })
    // Registered after the plugin: runs after its onSend, with the message cookie written.
    app.addHook('onSend', async (request, reply) => {
      if (request.url === '/slow') sent(String(reply.getHeader('set-cookie')))
    })
    const address = new URL(await app.listen({ port: 0, host: '127.0.0.1' }))
    try {
      const socket = connect(Number(address.port), '127.0.0.1')
      socket.on('error', () => {})
      socket.write('GET /slow HTTP/1.1\r\nHost: localhost\r\n\r\n')
      await started
      socket.destroy()
      expect(await cookieSent).toMatch(/^messages=/)
      await new Promise((resolve) => setTimeout(resolve, 20))
      expect(warned()).toEqual([])
    } finally {
      await app.close()
    }
  })
})
