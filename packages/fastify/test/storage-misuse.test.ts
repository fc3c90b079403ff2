/**
 * A custom storage whose code breaks the contract in a way only a request can show (a factory that
 * returns no storage, a `store()` that forgets `return []`): the response fails, with an error that
 * names the fix, not a `TypeError` from inside the core. Real Fastify over HTTP; Fastify's default
 * error handler answers with the error's message.
 */
import type { AddressInfo } from 'node:net'
import cookie from '@fastify/cookie'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterEach, describe, expect, it } from 'vitest'
import flash, {
  BaseStorage,
  type FlashFastifyOptions,
  type FlashSeam,
  getMessages,
  type Message,
  success,
} from '../src/index.js'

const SECRET = 'a-flash-secret-of-at-least-32-characters!'
const STORED = new Map<string, Message[]>()

/** Keeps messages in {@link STORED} under its id cookie, and forgets to return the unstored ones. */
class ForgetfulStorage extends BaseStorage {
  readonly #id: string | undefined
  constructor(readonly seam: FlashSeam) {
    super()
    this.#id = seam.getCookie('id')
  }
  override mayHaveData() {
    return this.#id !== undefined
  }
  get() {
    return { messages: STORED.get(this.#id!) ?? null }
  }
  store(messages: Message[]) {
    STORED.set('one', messages)
    this.seam.setCookie('id', 'one', { path: '/', secure: false, httpOnly: true, sameSite: 'Lax' })
    return undefined as unknown as Message[]
  }
}

let app: FastifyInstance | undefined
afterEach(async () => {
  await app?.close()
  STORED.clear()
})

async function start(
  storage: FlashFastifyOptions['storage'],
): Promise<(path: string, method?: string) => Promise<[number, string]>> {
  app = Fastify()
  await app.register(cookie)
  await app.register(flash, { secret: SECRET, storage })
  app.post('/add', async (request, reply) => {
    success(request, 'Saved.')
    return reply.redirect('/show')
  })
  app.get('/show', async (request) => [...getMessages(request)].map(String))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  const jar = new Map<string, string>()
  return async (path, method = 'GET') => {
    const cookieHeader = [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
    const response = await fetch(base + path, {
      method,
      redirect: 'manual',
      headers: cookieHeader ? { cookie: cookieHeader } : {},
    })
    for (const header of response.headers.getSetCookie()) {
      const [name = '', value = ''] = header.split(';', 1)[0]!.split('=')
      jar.set(name, value)
    }
    const body = await response.text()
    return [
      response.status,
      response.status === 500 ? (JSON.parse(body) as { message: string }).message : body,
    ]
  }
}

describe('a custom storage that breaks the contract at request time', () => {
  it.each([
    { name: 'a plain object', built: { get: () => ({ messages: null }), store: () => [] } },
    { name: 'undefined', built: undefined },
  ])('a factory returning $name: each request fails naming the fix', async ({ name, built }) => {
    const request = await start(() => built as never)
    const expected =
      `@flash/fastify: option "storage" is a function that returned ${name}, not a storage; the factory ` +
      'runs on each request and must return an instance of a BaseStorage subclass, ' +
      'e.g. storage: (seam, config) => new MyStorage(seam, config)'
    expect(await request('/add', 'POST')).toEqual([500, expected])
    expect(await request('/show')).toEqual([500, expected])
  })

  it('store() returning undefined fails the response naming store() and what it must return', async () => {
    const request = await start((seam) => new ForgetfulStorage(seam))
    const expected =
      '@flash/fastify: ForgetfulStorage.store() returned undefined; it must return the messages it could ' +
      'not store, [] when it stored them all (or a promise of that list)'
    expect(await request('/add', 'POST')).toEqual([500, expected])
    // It did store: the next request reads the message, and fails the same way when it clears it.
    expect(STORED.get('one')?.map(String)).toEqual(['Saved.'])
    expect(await request('/show')).toEqual([500, expected])
    expect(STORED.get('one')).toEqual([])
  })
})
