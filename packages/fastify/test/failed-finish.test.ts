/**
 * Storing that fails before the reply is sent (`strict: true` and messages that do not fit), with
 * the cookies carried back: the error goes to the app's error handler, whose reply is the response,
 * so what the failed store wrote is taken back and that reply stores the messages as its page
 * leaves them. The page that shows them consumes them (and is sent with `Cache-Control: no-store`);
 * one that does not keeps those that fit and reports the rest.
 */
import cookie from '@fastify/cookie'
import session from '@fastify/session'
import Fastify, { type FastifyInstance } from 'fastify'
import { describe, expect, it } from 'vitest'
import flash, {
  type FlashFastifyOptions,
  error as flashError,
  getMessages,
  info,
  MessagesNotStoredError,
} from '../src/index.js'
import { Client, randomTexts, setCookies } from './client.js'
import { CountingStore, LogCapture, SESSION_SECRET } from './harness.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'
/** Six messages of 600 random characters: more than a 2 KB message cookie holds. */
const SIX_LONG = randomTexts(6, 600, 7)

interface Started {
  readonly client: Client
  readonly errors: unknown[]
  readonly logs: LogCapture
  readonly app: FastifyInstance
}

/** `/many` adds six long messages and redirects; the error handler shows the messages unless the path is under `/plain`. */
async function start(options: Partial<FlashFastifyOptions>, withSession = false): Promise<Started> {
  const logs = new LogCapture()
  const errors: unknown[] = []
  const app = Fastify({ logger: { level: 'warn', stream: logs.stream } })
  await app.register(cookie)
  await app.register(flash, { secret: SECRET, strict: true, ...options })
  if (withSession) {
    await app.register(session, {
      secret: SESSION_SECRET,
      store: new CountingStore(),
      cookie: { secure: false },
      saveUninitialized: false,
    })
  }
  for (const path of ['/many', '/plain/many', '/hijacked/many', '/redirecting/many']) {
    app.post(path, (request, reply) => {
      for (const text of SIX_LONG) info(request, text)
      return reply.redirect('/show', 303)
    })
  }
  app.get('/show', (request) => [...getMessages(request)].map(String))
  app.setErrorHandler((error, request, reply) => {
    errors.push(error)
    if (request.url.startsWith('/hijacked')) {
      reply.hijack()
      reply.raw.writeHead(500, { 'content-type': 'text/plain' })
      reply.raw.end('Internal Server Error')
      return
    }
    if (request.url.startsWith('/plain'))
      return reply.code(500).type('text/plain').send('Internal Server Error')
    // Tells the visitor and sends them on, as apps do after a failed form.
    if (request.url.startsWith('/redirecting')) {
      flashError(request, 'Could not finish.')
      return reply.redirect('/show', 303)
    }
    const items = [...getMessages(request)].map((m) => `<li class="info">${m}</li>`).join('')
    return reply.code(500).type('text/html').send(`<ul>${items}</ul>`)
  })
  return { client: new Client(app), errors, logs, app }
}

const messageCookies = (response: Awaited<ReturnType<Client['get']>>) =>
  setCookies(response).filter((c) => c.startsWith('messages='))

describe('strict: true, messages that do not fit', () => {
  it.each(['cookie', 'fallback'] as const)(
    'storage %s: the error page that shows them consumes them, sends no message cookie and no-store',
    async (storage) => {
      const { client, errors, logs, app } = await start({ storage })
      try {
        const response = await client.post('/many')
        expect(response.statusCode).toBe(500)
        for (const text of SIX_LONG) expect(response.body).toContain(`<li class="info">${text}</li>`)
        expect(messageCookies(response)).toEqual([])
        expect(response.headers['cache-control']).toContain('no-store')
        expect(errors).toHaveLength(1)
        expect(errors[0]).toBeInstanceOf(MessagesNotStoredError)
        expect((await client.get('/show')).json()).toEqual([])
        expect(logs.warnings()).toEqual([])
      } finally {
        await app.close()
      }
    },
  )

  it('storage cookie: an error page that does not show them keeps those that fit, and reports the rest', async () => {
    const { client, logs, app } = await start({ storage: 'cookie' })
    try {
      const response = await client.post('/plain/many')
      expect(response.statusCode).toBe(500)
      expect(response.body).toBe('Internal Server Error')
      expect(messageCookies(response)).toHaveLength(1)
      expect(response.headers['cache-control']).toBeUndefined()
      expect((await client.get('/show')).json()).toEqual(SIX_LONG.slice(3))
      expect(logs.warnings()).toEqual([
        `@flash/fastify: 3 messages could not be stored and will not be shown (the message cookie is limited to 2048 characters and cookie storage drops the oldest): ${SIX_LONG.slice(
          0,
          3,
        )
          .map((t) => JSON.stringify(t.slice(0, 80)))
          .join(', ')}`,
      ])
    } finally {
      await app.close()
    }
  })

  it('an error page sent without Fastify (reply.hijack()) cannot store them: what the request added is reported', async () => {
    const { logs, app } = await start({ storage: 'cookie' })
    try {
      await app.listen({ port: 0, host: '127.0.0.1' })
      const { port } = app.server.address() as { port: number }
      const response = await fetch(`http://127.0.0.1:${port}/hijacked/many`, {
        method: 'POST',
        redirect: 'manual',
      })
      expect(response.status).toBe(500)
      expect(await response.text()).toBe('Internal Server Error')
      expect(response.headers.getSetCookie()).toEqual([])
      await expect.poll(() => logs.warnings()).toHaveLength(1)
      expect(logs.warnings()[0]).toBe(
        '@flash/fastify: 6 messages could not be stored and will not be shown (storing them failed, and the ' +
          'error page that followed was sent without Fastify (reply.hijack(), or a write to reply.raw), so they ' +
          `could not be stored for it; send error pages through reply.send()): ${SIX_LONG.map((t) => JSON.stringify(t.slice(0, 80))).join(', ')}`,
      )
    } finally {
      await app.close()
    }
  })

  it('storage cookie: a message the error handler adds before its redirect is stored with the newest that fit', async () => {
    const { client, errors, logs, app } = await start({ storage: 'cookie' })
    try {
      const response = await client.post('/redirecting/many')
      expect(response.statusCode).toBe(303)
      expect(errors).toHaveLength(1)
      const next = (await client.get('/show')).json() as string[]
      expect(next.at(-1)).toBe('Could not finish.')
      expect(next.slice(0, -1)).toEqual(SIX_LONG.slice(SIX_LONG.length - (next.length - 1)))
      // The oldest that did not fit beside it are reported: the error handler already had the error.
      expect(logs.warnings()).toHaveLength(1)
      expect(logs.warnings()[0]).toMatch(
        /^@flash\/fastify: \d messages could not be stored and will not be shown/,
      )
      expect((await client.get('/show')).json()).toEqual([])
    } finally {
      await app.close()
    }
  })

  it('storage session: a message the error handler adds before its redirect is kept with the newest', async () => {
    const { client, logs, app } = await start({ storage: 'session', maxSessionMessages: 4 }, true)
    try {
      expect((await client.post('/redirecting/many')).statusCode).toBe(303)
      expect((await client.get('/show')).json()).toEqual([...SIX_LONG.slice(3), 'Could not finish.'])
      expect(logs.warnings()).toHaveLength(1)
      expect(logs.warnings()[0]).toMatch(
        /^@flash\/fastify: 3 messages could not be stored and will not be shown/,
      )
    } finally {
      await app.close()
    }
  })

  it('storage session: the error page that shows them leaves none in the session', async () => {
    const { client, errors, logs, app } = await start({ storage: 'session', maxSessionMessages: 4 }, true)
    try {
      const response = await client.post('/many')
      expect(response.statusCode).toBe(500)
      for (const text of SIX_LONG) expect(response.body).toContain(`<li class="info">${text}</li>`)
      expect(errors).toHaveLength(1)
      expect((await client.get('/show')).json()).toEqual([])
      expect(logs.warnings()).toEqual([])
    } finally {
      await app.close()
    }
  })

  it('storage session: an error page that does not show them keeps the newest the session may hold', async () => {
    const { client, app } = await start({ storage: 'session', maxSessionMessages: 4 }, true)
    try {
      expect((await client.post('/plain/many')).statusCode).toBe(500)
      expect((await client.get('/show')).json()).toEqual(SIX_LONG.slice(2))
      expect((await client.get('/show')).json()).toEqual([])
    } finally {
      await app.close()
    }
  })
})
