/**
 * The message cookie's `Set-Cookie` line is rendered by `@fastify/cookie` on the first write of a
 * configuration and reused afterwards: every later line must be the one `reply.setCookie` writes,
 * the app's `parseOptions` included, for writes and deletions alike.
 */
import cookie from '@fastify/cookie'
import Fastify from 'fastify'
import { expect, it } from 'vitest'
import flash, { getMessages, success } from '../src/index.js'
import { Client, setCookies } from './client.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'

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
