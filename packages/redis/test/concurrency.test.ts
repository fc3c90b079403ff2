/**
 * Exactly once under parallel requests served by two app processes (different adapters and
 * clients) on one Redis; at least once when a process dies while displaying.
 */
import { type RedisServer, startRedis } from '@flash/adapter-suite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createNotifier } from '../src/index.js'
import { Visitor } from './browser.js'
import { connect, type TestClient } from './clients.js'
import { type AppProcess, startAppProcess } from './processes.js'

let redis: RedisServer
let client: TestClient
const processes: AppProcess[] = []
beforeAll(async () => {
  redis = await startRedis()
  client = await connect('node-redis', redis.url)
})
afterAll(async () => {
  for (const p of processes) await p.kill()
  await client.close()
  await redis.stop()
})

describe('two app processes on one Redis', () => {
  let fastifyApp: AppProcess
  let koaApp: AppProcess
  beforeAll(async () => {
    ;[fastifyApp, koaApp] = await Promise.all([
      startAppProcess('fastify', 'node-redis', redis.url, 30),
      startAppProcess('koa', 'ioredis', redis.url, 30),
    ])
    processes.push(fastifyApp, koaApp)
  })

  it('N parallel pages of one user, adds and displays interleaved: each message is shown exactly once', async () => {
    const notify = createNotifier({ client: client.client })
    const N = 40
    const apps = [fastifyApp.url, koaApp.url]
    const texts = Array.from({ length: N }, (_, i) => `message ${i}`)
    // Half the messages are waiting before the burst; the other half arrive during it, some from
    // a job (notify), some from requests of either process.
    for (const text of texts.slice(0, N / 2)) await notify('racer', 20, text)
    const shown: string[][] = await Promise.all([
      ...Array.from({ length: N }, (_, i) => new Visitor(apps[i % 2]!, 'racer').show()),
      ...texts.slice(N / 2).map(async (text, i) => {
        if (i % 3 === 0) await notify('racer', 20, text)
        else await new Visitor(apps[i % 2]!, 'racer').add(text)
        return []
      }),
    ])
    const rest = await new Visitor(apps[0]!, 'racer').show()
    const all = [...shown.flat(), ...rest]
    expect(all.slice().sort()).toEqual(texts.slice().sort())
    expect(new Set(all).size).toBe(N)
    expect(await client.command(['EXISTS', 'flash:{user:racer}', 'flash:{user:racer}:claimed'])).toBe(0)
  })
})

describe('a process killed while displaying', () => {
  it('releases its claim after leaseSeconds: a later request displays the message (at least once)', async () => {
    const doomed = await startAppProcess('hono', 'node-redis', redis.url, 1)
    const survivor = await startAppProcess('fastify', 'ioredis', redis.url, 1)
    processes.push(doomed, survivor)
    const notify = createNotifier({ client: client.client })
    await notify('crash', 40, 'Your export failed.')
    // The doomed request claims the message, then renders slowly; it is killed meanwhile.
    const pending = new Visitor(doomed.url, 'crash').show('/slow-show?ms=10000').catch(() => 'killed')
    for (
      let i = 0;
      i < 100 && Number(await client.command(['ZCARD', 'flash:{user:crash}:claimed'])) === 0;
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
    expect(await client.command(['ZCARD', 'flash:{user:crash}:claimed'])).toBe(1)
    await doomed.kill()
    expect(await pending).toBe('killed')
    // Within the lease the claim still holds: a parallel page does not show it twice.
    expect(await new Visitor(survivor.url, 'crash').show()).toEqual([])
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(await new Visitor(survivor.url, 'crash').show()).toEqual(['Your export failed.'])
    expect(await new Visitor(survivor.url, 'crash').show()).toEqual([])
  })
})
