/**
 * One rule for what names a user's mailbox, in a request (the `user` option's answer) and in
 * `notify`: a string that is not blank, or a finite number. `notify` rejects anything else, and a
 * level that is no number, with a TypeError naming the argument, before a command is sent; its
 * level and text follow the rules of a message added in a request (Django's int() and str()); a request
 * whose `user` answers a blank string or NaN is an anonymous visitor's, not a mailbox shared by
 * every such request.
 */
import type { AddressInfo } from 'node:net'
import cookie from '@fastify/cookie'
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { markSafe } from '@flash/core'
import { flash } from '@flash/fastify'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNotifier, type Notify, redisStorage } from '../src/index.js'
import { SECRET } from './apps.js'
import { Visitor } from './browser.js'
import { commandsRunDuring, connect, mailboxKeys, type TestClient } from './clients.js'

let redis: RedisServer
let client: TestClient
let observer: TestClient
beforeAll(async () => {
  redis = await startRedis()
  client = await connect('node-redis', redis.url)
  observer = await connect('ioredis', redis.url)
})
afterAll(async () => {
  await client.close()
  await observer.close()
  await redis.stop()
})

const keys = () => mailboxKeys(client, '*')

describe('notify() arguments', () => {
  let notify: Notify
  beforeAll(() => {
    notify = createNotifier({ client: client.client })
  })

  const USER =
    '@flash/redis: notify() argument "user" must be the user\'s key, as the redisStorage() option "user" ' +
    'returns it: a string that is not blank, or a finite number; got '
  const LEVEL =
    '@flash/redis: notify() argument "level" must be an integer (DEBUG 10, INFO 20, SUCCESS 25, WARNING 30, ' +
    'ERROR 40, or a level of your own); got '

  const bad: [string, () => Promise<unknown>, string][] = [
    ['user NaN', () => notify(Number.NaN, 20, 'x'), `${USER}NaN`],
    ['user Infinity', () => notify(Number.POSITIVE_INFINITY, 20, 'x'), `${USER}Infinity`],
    ['a blank user', () => notify(' \t ', 20, 'x'), `${USER}" \\t "`],
    ['an empty user', () => notify('', 20, 'x'), `${USER}""`],
    ['user undefined', () => notify(undefined as never, 20, 'x'), `${USER}undefined`],
    ['user null', () => notify(null as never, 20, 'x'), `${USER}null`],
    ['an object as user', () => notify({ id: 1 } as never, 20, 'x'), `${USER}an object`],
    ['level NaN', () => notify('u', Number.NaN, 'x'), `${LEVEL}NaN`],
    ['level "warning"', () => notify('u', 'warning' as never, 'x'), `${LEVEL}"warning"`],
    ['level undefined', () => notify('u', undefined as never, 'x'), `${LEVEL}undefined`],
  ]
  for (const [what, call, error] of bad) {
    it(`${what}: a TypeError naming the argument, and no command`, async () => {
      let failure: unknown
      const ran = await commandsRunDuring(observer, () => call().catch((e: unknown) => (failure = e)))
      expect(failure).toBeInstanceOf(TypeError)
      expect((failure as TypeError).message).toBe(error)
      expect(ran).toEqual({})
    })
  }

  it('an empty message is ignored, as in a request: no command', async () => {
    const ran = await commandsRunDuring(observer, async () => {
      expect(await notify('u', 20, '')).toEqual({ dropped: [] })
      expect(await notify('u', 20, markSafe(''))).toEqual({ dropped: [] })
      expect(await notify('u', 20, undefined as never)).toEqual({ dropped: [] })
      expect(await notify('u', 20, null as never)).toEqual({ dropped: [] })
    })
    expect(ran).toEqual({})
  })

  it("a level and a text are taken as a request's add takes them (Python's int() and str())", async () => {
    await notify('u7', '40' as never, 'level as a string')
    await notify('u7', 39.9, 'level 39.9')
    await notify('u7', 40, 404 as never)
    const raw = (await client.command(['LRANGE', 'flash:{user:u7}', '0', '-1'])) as string[]
    expect(raw.map((entry) => JSON.parse(entry).message)).toEqual([
      ['__json_message', 0, 40, 'level as a string', ''],
      ['__json_message', 0, 39, 'level 39.9', ''],
      ['__json_message', 0, 40, '404', ''],
    ])
    await client.command(['DEL', 'flash:{user:u7}'])
  })

  it("a number and its string are one user's key; any integer level is one", async () => {
    await notify(42, 20, 'as a number')
    await notify('42', -5, 'as a string')
    const raw = (await client.command(['LRANGE', 'flash:{user:42}', '0', '-1'])) as string[]
    expect(raw.map((entry) => JSON.parse(entry).message)).toEqual([
      ['__json_message', 0, 20, 'as a number', ''],
      ['__json_message', 0, -5, 'as a string', ''],
    ])
    await client.command(['DEL', 'flash:{user:42}'])
  })
})

describe("a request whose user option answers a blank string or NaN is an anonymous visitor's", () => {
  const app = Fastify()
  let url: string
  beforeAll(async () => {
    await app.register(cookie)
    /** `x-id: nan` reads as `Number(undefined)`, `x-id: blank` as a blank string. */
    const user = (request: { headers: Record<string, unknown> }) =>
      request.headers['x-id'] === 'nan'
        ? Number.NaN
        : request.headers['x-id'] === 'blank'
          ? ' \t '
          : undefined
    await app.register(flash, { secret: SECRET, storage: redisStorage({ client: client.client, user }) })
    app.post('/add', async (request) => {
      request.messages.add(20, String((request.query as { text: string }).text))
      return 'added'
    })
    app.get('/show', async (request) => JSON.stringify([...request.messages].map(String)))
    await app.listen({ port: 0, host: '127.0.0.1' })
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`
  })
  afterAll(() => app.close())

  for (const id of ['nan', 'blank']) {
    it(`x-id: ${id}: two browsers do not share a mailbox; each has its own visitor cookie`, async () => {
      const first = new Visitor(url)
      const second = new Visitor(url)
      const headers = { 'x-id': id }
      const added = await first.request('/add?text=only%20mine', 'POST', headers)
      expect(added.setCookies.filter((c) => c.startsWith('messages_visitor.'))).toHaveLength(1)
      expect((await keys()).filter((key) => key.startsWith('flash:{user:'))).toEqual([])
      expect(JSON.parse((await second.request('/show', 'GET', headers)).body)).toEqual([])
      expect(JSON.parse((await first.request('/show', 'GET', headers)).body)).toEqual(['only mine'])
      expect(await keys()).toEqual([])
    })
  }
})
