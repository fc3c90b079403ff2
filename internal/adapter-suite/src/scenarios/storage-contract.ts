/**
 * @module
 * The custom-storage contract, through the real adapter: the factory receives the carrier, a
 * server-side storage receives what changed (`storeDelta`) instead of the whole list, and a
 * failed read fails no page, not even one that displays messages.
 */
import {
  BaseStorage,
  type FlashConfig,
  type FlashOptions,
  type Message,
  type MessageDelta,
  type Retrieval,
} from '@flash/core'
import { expect, it } from 'vitest'
import { Browser } from '../browser.js'
import { SECRET } from '../fixtures.js'
import type { AdapterHarness, StandardApp } from '../harness.js'

/** A server-side store shared by every request of one app: lists keyed by user, with a log of calls. */
class MemoryBackend {
  readonly lists = new Map<string, Message[]>()
  readonly deltas: { added: string[]; consumed: string[]; kept: string[] }[] = []
  wholeListWrites = 0
  /** Set to make reads fail (an outage) or wait (a slow read), for the next requests. */
  failReads = false
  gate: Promise<void> | undefined
}

/** The request header a test user sends; found through the carrier, whatever its framework. */
const USER_HEADER = 'x-test-user'

function userOf(carrier: unknown): string | undefined {
  const c = carrier as {
    headers?: Record<string, string | string[] | undefined>
    req?: { header?: (name: string) => string | undefined }
  }
  const raw = c.headers?.[USER_HEADER] ?? c.req?.header?.(USER_HEADER)
  return typeof raw === 'string' ? raw : undefined
}

class DeltaStorage extends BaseStorage {
  readonly #backend: MemoryBackend
  readonly #user: string | undefined

  constructor(backend: MemoryBackend, config: FlashConfig, carrier: unknown) {
    super({ level: config.level, levelTags: config.levelTags })
    this.#backend = backend
    this.#user = userOf(carrier)
  }

  override mayHaveData(): boolean {
    return this.#user !== undefined
  }

  async get(): Promise<Retrieval> {
    if (this.#backend.gate) await this.#backend.gate
    if (this.#backend.failReads) throw new Error('backend unreachable')
    const list = this.#backend.lists.get(this.#user!)
    // No allRetrieved: a storage that holds all its messages leaves it out.
    return { messages: list ? [...list] : null }
  }

  store(_messages: Message[]): Message[] {
    this.#backend.wholeListWrites++
    return []
  }

  override storeDelta({ added, consumed, kept }: MessageDelta): Message[] {
    const texts = (list: readonly Message[]) => list.map(String)
    this.#backend.deltas.push({ added: texts(added), consumed: texts(consumed), kept: texts(kept) })
    if (this.#user === undefined) return [...added]
    const list = (this.#backend.lists.get(this.#user) ?? []).filter((m) => !consumed.includes(m))
    list.push(...added)
    if (list.length > 0) this.#backend.lists.set(this.#user, list)
    else this.#backend.lists.delete(this.#user)
    return []
  }
}

/**
 * A whole-list storage whose constructor forgets the configuration (`super()`): the app's
 * `level` and `tags` must reach it all the same.
 */
class ForgetfulStorage extends BaseStorage {
  readonly #backend: MemoryBackend
  readonly #user: string | undefined

  constructor(backend: MemoryBackend, carrier: unknown) {
    super()
    this.#backend = backend
    this.#user = userOf(carrier)
  }

  override mayHaveData(): boolean {
    return this.#user !== undefined && this.#backend.lists.has(this.#user)
  }

  get(): Retrieval {
    return { messages: this.#backend.lists.get(this.#user!) ?? null }
  }

  store(messages: Message[]): Message[] {
    if (this.#user === undefined) return messages
    if (messages.length > 0) this.#backend.lists.set(this.#user, messages)
    else this.#backend.lists.delete(this.#user)
    return []
  }
}

async function withDeltaApp(
  harness: AdapterHarness,
  use: (app: StandardApp, backend: MemoryBackend) => Promise<void>,
): Promise<void> {
  const backend = new MemoryBackend()
  const flash: FlashOptions = {
    secret: SECRET,
    storage: (_seam, config, carrier) => new DeltaStorage(backend, config, carrier),
  }
  const app = await harness.start({ flash, session: false })
  try {
    await use(app, backend)
  } finally {
    await app.close()
  }
}

/** A browser of one logged-in user: every request carries the user header. */
function userBrowser(app: StandardApp, user: string): Browser {
  const withUser: StandardApp = {
    ...app,
    request: (path, init = {}) =>
      app.request(path, { ...init, headers: { ...init.headers, [USER_HEADER]: user } }),
  }
  return new Browser(withUser)
}

export function storageContractScenarios(harness: AdapterHarness): void {
  it('the storage factory receives the carrier: messages are keyed by the user it names', async () => {
    await withDeltaApp(harness, async (app, backend) => {
      const ann = userBrowser(app, 'ann')
      const bob = userBrowser(app, 'bob')
      await ann.add('info', ['for ann'])
      expect(await bob.texts()).toEqual([])
      expect(await ann.texts()).toEqual(['for ann'])
      expect(await ann.texts()).toEqual([])
      expect(backend.lists.size).toBe(0)
    })
  })

  it('storeDelta receives what was added, consumed and kept; store() is never called', async () => {
    await withDeltaApp(harness, async (app, backend) => {
      const ann = userBrowser(app, 'ann')
      await ann.add('info', ['one', 'two'])
      const counted = await ann.get('/count')
      expect(JSON.parse(counted.body)).toEqual({ count: 2 })
      expect(await ann.get('/untouched').then((r) => r.body)).toBe('ok')
      expect(await ann.texts('/keep')).toEqual(['one', 'two'])
      const read = await ann.post('/read-then-add')
      expect(JSON.parse(read.body)).toEqual({ read: ['one', 'two'] })
      expect(await ann.texts()).toEqual(['added after read'])
      expect(backend.deltas).toEqual([
        { added: ['one', 'two'], consumed: [], kept: [] },
        { added: [], consumed: [], kept: ['one', 'two'] },
        { added: [], consumed: [], kept: ['one', 'two'] },
        { added: [], consumed: [], kept: ['one', 'two'] },
        { added: ['added after read'], consumed: ['one', 'two'], kept: [] },
        { added: [], consumed: ['added after read'], kept: [] },
      ])
      expect(backend.wholeListWrites).toBe(0)
    })
  })

  it('a message added while another request of the same user displays is kept (no whole-list overwrite)', async () => {
    await withDeltaApp(harness, async (app, backend) => {
      const ann = userBrowser(app, 'ann')
      await ann.add('info', ['first'])
      let open!: () => void
      backend.gate = new Promise((resolve) => {
        open = resolve
      })
      const showing = ann.texts()
      // The display has started reading; the add completes meanwhile (its own read waits too,
      // but appending needs no read).
      await new Promise((resolve) => setTimeout(resolve, 20))
      const adding = ann.add('info', ['second'])
      open()
      backend.gate = undefined
      expect(await showing).toEqual(['first'])
      await adding
      expect(await ann.texts()).toEqual(['second'])
    })
  })

  it("a storage whose constructor calls super() without the configuration follows the app's level and tags", async () => {
    const backend = new MemoryBackend()
    const app = await harness.start({
      flash: {
        secret: SECRET,
        level: 10,
        tags: { 10: 'trace' },
        storage: (_seam, _config, carrier) => new ForgetfulStorage(backend, carrier),
      },
      session: false,
    })
    try {
      const ann = userBrowser(app, 'ann')
      expect((await ann.post('/add/debug', { messages: ['cache warmed'] })).status).toBe(302)
      const shown = await ann.show()
      expect(shown.map((m) => [m.text, m.tags])).toEqual([['cache warmed', 'trace']])
      expect(backend.lists.size).toBe(0)
    } finally {
      await app.close()
    }
  })

  it('a failed read fails no page: untouched pages are silent, display pages show none and report it', async () => {
    await withDeltaApp(harness, async (app, backend) => {
      const ann = userBrowser(app, 'ann')
      await ann.add('info', ['waiting'])
      backend.failReads = true
      const untouched = await ann.get('/untouched')
      expect([untouched.status, untouched.body]).toEqual([200, 'ok'])
      expect(app.warnings().filter((w) => w.includes('could not be read'))).toEqual([])
      expect(await ann.texts()).toEqual([])
      const reported = app.warnings().filter((w) => w.includes('could not be read'))
      expect(reported).toHaveLength(1)
      expect(reported[0]).toContain(
        'DeltaStorage could not be read, so the page showed no messages: backend unreachable',
      )
      // Adding on a request whose read failed still appends.
      await ann.add('info', ['added during the outage'])
      backend.failReads = false
      expect(await ann.texts()).toEqual(['waiting', 'added during the outage'])
    })
  })
}
