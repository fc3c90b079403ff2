/**
 * A write Redis does not answer within `timeoutMs` has an unknown outcome: it was sent, and Redis
 * (busy, here under `DEBUG SLEEP`) may run it later. The report must not say the message is lost
 * for sure, an anonymous visitor's first message must still get the cookie that reads it, and a
 * write that did run must not be reported at all: an answer that waited in the socket while the
 * event loop was busy, or a later mailbox's settle that failed after the receiving one succeeded.
 */
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RedisClient } from '../src/index.js'
import { FRAMEWORKS, type Framework, type RunningApp, startApp } from './apps.js'
import { Visitor } from './browser.js'
import { type ClientName, connect, mailboxKeys, type TestClient } from './clients.js'

const TIMEOUT_MS = 300
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const storeWarnings = (app: RunningApp) => app.warnings.filter((w) => w.includes('could not be stored'))
const unknownOutcome = (framework: Framework, text: string) =>
  `@flash/${framework}: 1 message could not be stored and will not be shown (unless Redis runs the write late: ` +
  `Redis did not confirm it (@flash/redis: Redis did not answer within ${TIMEOUT_MS} ms (timeoutMs)) and may ` +
  `still run it, so the outcome is unknown): "${text}"`

let redis: RedisServer
let blocker: TestClient
beforeAll(async () => {
  redis = await startRedis()
  blocker = await connect('node-redis', redis.url)
})
afterAll(async () => {
  await blocker.close()
  await redis.stop()
})

/**
 * Sends `request`, and once its claim was answered (`afterMs`), blocks Redis for a second: the
 * settle the request sends after its handler (which waits 400 ms) reaches a sleeping Redis. The
 * scripts are loaded first (`app` settles a message): a late `EVALSHA` of a script Redis does not
 * have yet would answer `NOSCRIPT`, after the request stopped waiting to send it again as `EVAL`.
 */
async function whileRedisSleeps<T>(app: RunningApp, request: () => Promise<T>, afterMs: number): Promise<T> {
  const warm = new Visitor(app.url, 'warm-up')
  await warm.add('loads the scripts')
  await warm.show()
  const answer = request()
  await sleep(afterMs)
  const sleeping = blocker.command(['DEBUG', 'SLEEP', '1'])
  const result = await answer
  await sleeping
  return result
}

const CASES: [Framework, ClientName][] = [
  ['fastify', 'node-redis'],
  ['koa', 'ioredis'],
  ['hono', 'node-redis'],
  ['express', 'ioredis'],
]

for (const [framework, clientName] of CASES) {
  describe(`${framework} with ${clientName}: a settle Redis answers after timeoutMs`, () => {
    let client: TestClient
    let app: RunningApp
    const prefix = `${framework}:`
    beforeAll(async () => {
      client = await connect(clientName, redis.url)
      app = await startApp(framework, { client: client.client, timeoutMs: TIMEOUT_MS, prefix })
    })
    afterAll(async () => {
      await app.close()
      await client.close()
    })

    it('a logged-in user: reported as of unknown outcome, then shown once when Redis runs it', async () => {
      const ann = new Visitor(app.url, 'ann')
      const added = await whileRedisSleeps(
        app,
        () => ann.request('/slow-add?ms=400&text=late%20write', 'POST'),
        150,
      )
      expect(added.status).toBe(302)
      expect(storeWarnings(app)).toEqual([unknownOutcome(framework, 'late write')])
      expect(await ann.show()).toEqual(['late write'])
      expect(await ann.show()).toEqual([])
    })

    it("an anonymous visitor's first message gets its cookie, so the late write is read, not stranded", async () => {
      app.warnings.length = 0
      const visitor = new Visitor(app.url)
      const added = await whileRedisSleeps(
        app,
        () => visitor.request('/slow-add?ms=400&text=late%20first', 'POST'),
        50,
      )
      expect(added.status).toBe(302)
      expect(added.setCookies.filter((c) => c.startsWith('messages_visitor.'))).toHaveLength(1)
      expect(storeWarnings(app)).toEqual([unknownOutcome(framework, 'late first')])
      expect(await visitor.show()).toEqual(['late first'])
      expect(visitor.jar.header() ?? '').not.toContain('messages_visitor')
      expect(await mailboxKeys(client, `${prefix}*`)).toEqual([])
    })
  })
}

for (const framework of FRAMEWORKS) {
  describe(`${framework}, strict: a write of unknown outcome fails the request (a 500)`, () => {
    let client: TestClient
    let app: RunningApp
    const prefix = `strict-${framework}:`
    beforeAll(async () => {
      client = await connect('node-redis', redis.url)
      app = await startApp(framework, { client: client.client, timeoutMs: TIMEOUT_MS, prefix, strict: true })
    })
    afterAll(async () => {
      await app.close()
      await client.close()
    })

    it('and the message may still be shown: the 500 carries the new visitor cookie (README)', async () => {
      const visitor = new Visitor(app.url)
      const added = await whileRedisSleeps(
        app,
        () => visitor.request('/slow-add?ms=400&text=strict%20late', 'POST'),
        50,
      )
      expect(added.status).toBe(500)
      if (framework === 'fastify')
        expect(JSON.parse(added.body).message).toBe(unknownOutcome(framework, 'strict late'))
      expect(added.setCookies.filter((c) => c.startsWith('messages_visitor.'))).toHaveLength(1)
      expect(await visitor.show()).toEqual(['strict late'])
      expect(await mailboxKeys(client, `${prefix}*`)).toEqual([])
    })
  })
}

/**
 * A client that, right after sending a script, keeps the event loop busy for `ms` (as a CPU-bound
 * request would) once `stall.on` is set: Redis answers meanwhile, and the answer waits in the socket.
 */
function stallingAfterScripts(
  client: TestClient,
  ms: number,
): { client: RedisClient; stall: { on: boolean } } {
  const real = client.client as {
    sendCommand(args: string[]): Promise<unknown>
    isReady: boolean
    isOpen: boolean
  }
  const stall = { on: false }
  const wrapped = {
    sendCommand(args: string[]) {
      const reply = real.sendCommand(args)
      if (stall.on && args[0]!.startsWith('EVAL')) {
        setImmediate(() => {
          const until = Date.now() + ms
          while (Date.now() < until) {}
        })
      }
      return reply
    },
    get isReady() {
      return real.isReady
    },
    get isOpen() {
      return real.isOpen
    },
  }
  return { client: wrapped, stall }
}

describe('an answer that came in time while the event loop was busy', () => {
  let client: TestClient
  let app: RunningApp
  let stall: { on: boolean }
  beforeAll(async () => {
    client = await connect('node-redis', redis.url)
    const stalling = stallingAfterScripts(client, TIMEOUT_MS * 2)
    stall = stalling.stall
    app = await startApp('koa', { client: stalling.client, timeoutMs: TIMEOUT_MS, prefix: 'busy:' })
  })
  afterAll(async () => {
    await app.close()
    await client.close()
  })

  it('is read before the timeout is declared: stored, not reported, and the cookie is set', async () => {
    const visitor = new Visitor(app.url)
    stall.on = true
    const added = await visitor.request('/add?text=answered%20in%20time', 'POST')
    stall.on = false
    expect(added.status).toBe(302)
    expect(storeWarnings(app)).toEqual([])
    expect(await visitor.show()).toEqual(['answered in time'])
  })
})

describe('a later mailbox whose settle fails after the receiving one stored what was added', () => {
  let client: TestClient
  let admin: TestClient
  let app: RunningApp
  beforeAll(async () => {
    admin = await connect('node-redis', redis.url)
    await admin.command(['ACL', 'SETUSER', 'flash-app', 'on', '>app-password', '~*', '+@all'])
    client = await connect('node-redis', redis.url.replace('redis://', 'redis://flash-app:app-password@'))
    app = await startApp('express', { client: client.client, prefix: 'acl:' })
  })
  afterAll(async () => {
    await app.close()
    await client.close()
    await admin.command(['ACL', 'DELUSER', 'flash-app'])
    await admin.close()
  })

  it('does not report the added message as lost: it is shown', async () => {
    const visitor = new Visitor(app.url)
    await visitor.add('waiting as a visitor')
    // The login's handler waits; meanwhile the app may no longer write visitor mailboxes, so of the
    // two settles (the account's: the moved and the added message; the visitor's) the second fails.
    const login = visitor.request('/login?as=zoe&text=welcome&ms=500', 'POST')
    await sleep(200)
    await admin.command(['ACL', 'SETUSER', 'flash-app', 'resetkeys', '~acl:{user:*'])
    expect((await login).status).toBe(302)
    await admin.command(['ACL', 'SETUSER', 'flash-app', '~*'])
    expect(storeWarnings(app)).toEqual([])
    expect(await visitor.show()).toEqual(['waiting as a visitor', 'welcome'])
  })
})
