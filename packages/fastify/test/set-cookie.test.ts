/**
 * The message cookie's `Set-Cookie` line is rendered by `@fastify/cookie` on the first write of a
 * configuration and reused afterwards: every later line must be the one `reply.setCookie` writes,
 * the app's `parseOptions` included, for writes and deletions alike.
 */
import cookie from '@fastify/cookie'
import Fastify from 'fastify'
import { expect, it } from 'vitest'
import flash, { BaseStorage, type FlashSeam, getMessages, type Message, success } from '../src/index.js'
import { Client, setCookies } from './client.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'

/** A custom storage that writes the value it is given as its cookie, whatever its characters. */
class ValueStorage extends BaseStorage {
  constructor(
    readonly seam: FlashSeam,
    readonly value: string,
  ) {
    super()
  }
  get() {
    return { messages: null }
  }
  store(_messages: Message[]) {
    this.seam.setCookie('custom', this.value, { path: '/', secure: false, httpOnly: true, sameSite: 'Lax' })
    return []
  }
}

/** An app whose storage writes `value` on every POST, and what `reply.setCookie` writes for it alone. */
async function valueApp() {
  const app = Fastify()
  await app.register(cookie)
  await app.register(flash, {
    secret: SECRET,
    storage: (seam, _config, request) => new ValueStorage(seam, (request.query as { v: string }).v),
  })
  app.post('/add', async (request) => {
    success(request, 'saved')
    return 'ok'
  })
  app.post('/plain', async (request, reply) => {
    reply.setCookie('custom', (request.query as { v: string }).v, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      encode: (v) => v,
    })
    return 'ok'
  })
  return app
}

it('keeps the attributes of parseOptions on every write and deletion, not only the first', async () => {
  const app = Fastify()
  await app.register(cookie, { parseOptions: { priority: 'high', partitioned: true } as never })
  await app.register(flash, { secret: SECRET })
  app.post('/add', async (request) => {
    success(request, 'saved')
    return 'ok'
  })
  app.get('/show', async (request) => [...getMessages(request)].map(String))
  const client = new Client(app)
  for (let i = 0; i < 3; i++) {
    const [written] = setCookies(await client.post('/add', {}))
    expect(written).toBe(
      `messages=${client.cookies.get('messages')}; Path=/; HttpOnly; Partitioned; Priority=High; SameSite=Lax`,
    )
    const shown = await client.get('/show')
    expect(shown.json()).toEqual(['saved'])
    expect(setCookies(shown)).toEqual([
      'messages=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Partitioned; Priority=High; SameSite=Lax',
    ])
  }
})

it('appends to the Set-Cookie lines the app wrote, in order', async () => {
  const app = Fastify()
  await app.register(cookie)
  await app.register(flash, { secret: SECRET })
  app.post('/add', async (request, reply) => {
    success(request, 'saved')
    reply.setCookie('first', 'a')
    reply.header('set-cookie', 'second=b')
    return 'ok'
  })
  const client = new Client(app)
  for (let i = 0; i < 2; i++) {
    const lines = setCookies(await client.post('/add', {}))
    expect(lines.map((l) => l.split('=')[0])).toEqual(['second', 'first', 'messages'])
  }
})

it("writes a custom storage's value as reply.setCookie does, on the first write and every later one", async () => {
  const app = await valueApp()
  // Characters outside Django's alphabet that the cookie package still writes as they are.
  for (const value of ['abc', 'a!b"c#d$e%f&g', "x'()*+,/<=>?@[]^`{|}~", '', 'back\\slash']) {
    const query = `?v=${encodeURIComponent(value)}`
    const plain = setCookies(await app.inject({ method: 'POST', url: `/plain${query}` }))
    expect(plain).toEqual([`custom=${value}; Path=/; HttpOnly; SameSite=Lax`])
    for (let i = 0; i < 2; i++) {
      expect(setCookies(await app.inject({ method: 'POST', url: `/add${query}` }))).toEqual(plain)
    }
  }
  await app.close()
})

it('a value reply.setCookie refuses fails the request with its error, on a later write too', async () => {
  const app = await valueApp()
  expect((await app.inject({ method: 'POST', url: '/add?v=ok' })).statusCode).toBe(200)
  for (const value of ['with space', 'semi;colon', 'tab\tvalue', 'caf\u00e9', 'line\nbreak']) {
    const response = await app.inject({ method: 'POST', url: `/add?v=${encodeURIComponent(value)}` })
    expect(response.statusCode).toBe(500)
    expect(response.json().message).toMatch(/^cookie value is invalid/)
  }
  await app.close()
})
