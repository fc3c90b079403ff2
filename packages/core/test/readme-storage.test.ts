/**
 * The custom storage from the README ("Writing a storage"), verbatim, driven through three
 * requests with its id cookie carried back.
 */
import { describe, expect, it } from 'vitest'
import {
  BaseStorage,
  createStorage,
  type FlashConfig,
  type FlashSeam,
  type Message,
  resolveOptions,
} from '../src/index.js'

const pending = new Map<string, Message[]>()

class MapStorage extends BaseStorage {
  #id: string | undefined
  constructor(
    private readonly seam: FlashSeam,
    config: FlashConfig,
  ) {
    super({ level: config.level, levelTags: config.levelTags })
    this.#id = seam.getCookie('flash_id')
  }
  override mayHaveData() {
    return this.#id !== undefined
  }
  get() {
    return { messages: pending.get(this.#id!) ?? null, allRetrieved: true }
  }
  store(messages: Message[]) {
    if (messages.length === 0) {
      if (this.#id) pending.delete(this.#id)
      return []
    }
    if (!this.#id) {
      this.#id = crypto.randomUUID()
      this.seam.setCookie('flash_id', this.#id, { path: '/', httpOnly: true, secure: true, sameSite: 'Lax' })
    }
    pending.set(this.#id, messages)
    return []
  }
}

/** One request: a seam over `cookies`, recording what the response sets. */
function request(cookies: Map<string, string>) {
  const set: string[] = []
  const seam: FlashSeam = {
    getCookie: (name) => cookies.get(name),
    setCookie: (name, value) => {
      set.push(name)
      cookies.set(name, value)
    },
    deleteCookie: (name) => {
      set.push(`-${name}`)
      cookies.delete(name)
    },
  }
  return { seam, set }
}

describe('README custom storage (Map keyed by a client id cookie)', () => {
  const config = resolveOptions(
    { secret: 'readme-secret-0123456789-0123456789-abc', storage: (seam, c) => new MapStorage(seam, c) },
    { name: 'test', sessionFix: '' },
  )

  it('adds on one request, shows on the next, and is empty after', async () => {
    const jar = new Map<string, string>()

    const first = request(jar)
    const add = createStorage(config, first.seam)
    expect(add.preload()).toBeUndefined()
    add.add(25, 'Saved.')
    expect(await add.update()).toEqual([])
    expect(first.set).toEqual(['flash_id'])
    expect(pending.get(jar.get('flash_id')!)?.map(String)).toEqual(['Saved.'])

    const second = request(jar)
    const show = createStorage(config, second.seam)
    show.preload()
    expect([...show].map((m) => [m.level, String(m), m.tags])).toEqual([[25, 'Saved.', 'success']])
    expect(await show.update()).toEqual([])
    expect(pending.has(jar.get('flash_id')!)).toBe(false)
    expect(second.set).toEqual([])

    const third = request(jar)
    const empty = createStorage(config, third.seam)
    expect([...empty]).toEqual([])
    expect(await empty.update()).toEqual([])
  })

  it('a request without the id cookie never reads the map', async () => {
    const untouched = request(new Map())
    const storage = createStorage(config, untouched.seam)
    expect(storage.mayHaveData()).toBe(false)
    expect(storage.preload()).toBeUndefined()
    expect(await storage.update()).toBeNull()
    expect(untouched.set).toEqual([])
  })
})
