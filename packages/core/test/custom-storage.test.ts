/**
 * The custom storage contract (Django's `_get`/`_store`): a Map-backed storage keyed by a client
 * id cookie, in a synchronous and an asynchronous variant, driven across requests with the id
 * cookie carried back. `preload()` returns a promise only for the asynchronous one.
 */
import { describe, expect, it } from 'vitest'
import {
  BaseStorage,
  createStorage,
  type FlashConfig,
  FlashError,
  type FlashSeam,
  INFO,
  Message,
  persist,
  type Retrieval,
  WARNING,
} from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { cookieWrites, createSeam, nextRequest } from './helpers/seam.js'

/** Messages per client id; `limit` makes the store refuse the oldest beyond it. */
class MapStorage extends BaseStorage {
  static readonly ID = 'flash_id'
  readonly gets: number[] = []
  #id: string | undefined
  constructor(
    readonly map: Map<string, Message[]>,
    readonly seam: FlashSeam,
    config: FlashConfig,
    readonly limit = Number.POSITIVE_INFINITY,
  ) {
    super({ level: config.level, levelTags: config.levelTags })
    this.#id = seam.getCookie(MapStorage.ID)
  }
  override mayHaveData(): boolean {
    return this.#id !== undefined && this.map.has(this.#id)
  }
  get(): Retrieval | Promise<Retrieval> {
    this.gets.push(1)
    return { messages: this.map.get(this.#id!) ?? null, allRetrieved: true }
  }
  store(messages: Message[]): Message[] | Promise<Message[]> {
    if (messages.length === 0) {
      if (this.#id) this.map.delete(this.#id)
      return []
    }
    if (!this.#id) {
      this.#id = `client-${this.map.size + 1}`
      this.seam.setCookie(MapStorage.ID, this.#id, {
        path: '/',
        secure: false,
        httpOnly: true,
        sameSite: 'Lax',
      })
    }
    const kept = messages.slice(Math.max(0, messages.length - this.limit))
    this.map.set(this.#id, kept)
    return messages.slice(0, messages.length - kept.length)
  }
}

/** The same storage behind a database-like asynchronous API. */
class AsyncMapStorage extends MapStorage {
  override async get(): Promise<Retrieval> {
    await new Promise((resolve) => setTimeout(resolve, 1))
    return super.get()
  }
  override async store(messages: Message[]): Promise<Message[]> {
    await new Promise((resolve) => setTimeout(resolve, 1))
    return super.store(messages)
  }
}

const variants = [
  { name: 'sync', Storage: MapStorage, async: false },
  { name: 'async', Storage: AsyncMapStorage, async: true },
]

describe.each(variants)('custom $name storage', ({ Storage, async }) => {
  const map = new Map<string, Message[]>()
  let last: MapStorage | undefined
  const config = makeConfig({
    storage: (seam, c) => {
      last = new Storage(map, seam, c)
      return last
    },
  })

  it('carries messages across requests through the client id cookie', async () => {
    const first = createSeam()
    const s1 = createStorage(config, first.seam)
    expect(s1.preload()).toBeUndefined()
    s1.add(INFO, 'one')
    s1.add(WARNING, 'two', 'tag')
    expect(await s1.update()).toEqual([])
    expect(cookieWrites(first).map((c) => c.op === 'setCookie' && c.value)).toEqual(['client-1'])

    const second = nextRequest(first)
    const s2 = createStorage(config, second.seam)
    const loading = s2.preload()
    if (async) expect(loading).toBeInstanceOf(Promise)
    else expect(loading).toBeUndefined()
    await loading
    expect(last!.gets).toEqual([1])
    expect(s2.length).toBe(2)
    expect([...s2].map((m) => [m.level, String(m), m.tags])).toEqual([
      [INFO, 'one', 'info'],
      [WARNING, 'two', 'tag warning'],
    ])
    expect(last!.gets).toEqual([1])
    expect(await s2.update()).toEqual([])
    expect(map.has('client-1')).toBe(false)

    const third = createStorage(config, nextRequest(second).seam)
    expect(third.preload()).toBeUndefined()
    expect([...third]).toEqual([])
    expect(last!.gets).toEqual([])
  })

  it('not read but added to: stores old and new', async () => {
    const t = createSeam()
    const s1 = createStorage(config, t.seam)
    s1.add(INFO, 'old')
    await s1.update()
    const next = nextRequest(t)
    const s2 = createStorage(config, next.seam)
    await s2.preload()
    s2.add(INFO, 'new')
    await s2.update()
    const id = (cookieWrites(t)[0] as { value: string }).value
    expect(map.get(id)!.map(String)).toEqual(['old', 'new'])
  })

  it('what store() could not keep is reported by persist()', async () => {
    const limited = makeConfig({ storage: (seam, c) => new Storage(new Map(), seam, c, 1) })
    const s = createStorage(limited, createSeam().seam)
    s.add(INFO, 'dropped')
    s.add(INFO, 'kept')
    const reports: string[] = []
    await persist(s, limited, (_, text) => reports.push(text))
    expect(reports).toHaveLength(1)
    expect(reports[0]).toMatch(
      /^@flash\/test: 1 message could not be stored and will not be shown \(.*\): "dropped"$/,
    )
  })
})

describe('custom async storage read before preload', () => {
  it('throws a FlashError that says to await preload() where the handler did not run', () => {
    const map = new Map<string, Message[]>([['client-9', []]])
    const t = createSeam({ cookies: { flash_id: 'client-9' } })
    const s = new AsyncMapStorage(map, t.seam, makeConfig())
    const message =
      '@flash/core: AsyncMapStorage reads asynchronously and was read before it was loaded: the adapter ' +
      'loads it before the route handler, so code that runs without the handler (an earlier hook, or ' +
      "Fastify's setErrorHandler after a validation error) must first `await request.messages.preload()`"
    expect(() => s.length).toThrow(FlashError)
    expect(() => [...s]).toThrow(message)
    expect(() => s.has(new Message(INFO, 'x'))).toThrow(message)
  })

  it('the read a touch started is the one preload() finishes: the backend is read once', async () => {
    const map = new Map<string, Message[]>([['client-9', [new Message(INFO, 'waiting')]]])
    const s = new AsyncMapStorage(map, createSeam({ cookies: { flash_id: 'client-9' } }).seam, makeConfig())
    expect(() => s.length).toThrow(FlashError)
    expect(() => s.length).toThrow(FlashError)
    await s.preload()
    expect([...s].map(String)).toEqual(['waiting'])
    expect(s.gets).toEqual([1])
  })

  it('a sync storage needs no preload: the first read loads it', () => {
    const map = new Map<string, Message[]>()
    const t = createSeam()
    const writer = new MapStorage(map, t.seam, makeConfig())
    writer.add(INFO, 'sync')
    writer.store([...writer])
    const s = new MapStorage(map, createSeam({ cookies: { flash_id: 'client-1' } }).seam, makeConfig())
    expect(s.length).toBe(1)
    expect(s.gets).toEqual([1])
  })
})
