/**
 * A custom storage whose constructor calls `super()` without the configuration still follows the
 * app's `level` and `levelTags` when the `storage` option's factory builds it: `createStorage`
 * gives it the configuration's defaults. What the constructor was given stays as it is.
 */
import { describe, expect, it } from 'vitest'
import {
  BaseStorage,
  createStorage,
  DEBUG,
  ERROR,
  type FlashSeam,
  INFO,
  levelTags,
  type Message,
  persist,
  type Retrieval,
  type StorageSettings,
  WARNING,
} from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { createSeam, nextRequest } from './helpers/seam.js'

/** Messages kept in one shared list, built with whatever settings the test passes to `super()`. */
class ListStorage extends BaseStorage {
  constructor(
    readonly list: { messages: Message[] | null },
    settings?: StorageSettings,
  ) {
    super(settings)
  }
  override mayHaveData(): boolean {
    return this.list.messages !== null
  }
  get(): Retrieval {
    return { messages: this.list.messages, allRetrieved: true }
  }
  store(messages: Message[]): Message[] {
    this.list.messages = messages.length ? messages : null
    return []
  }
}

/** Two requests through `createStorage`: the first adds `add`, the second lists what it reads. */
async function cycle(
  build: (list: { messages: Message[] | null }, seam: FlashSeam) => BaseStorage,
  options: Parameters<typeof makeConfig>[0],
  add: (storage: BaseStorage) => void,
): Promise<{ texts: string[]; tags: string[]; level: number }> {
  const list: { messages: Message[] | null } = { messages: null }
  const config = makeConfig({ ...options, storage: (seam) => build(list, seam) })
  const first = createSeam()
  const adding = createStorage(config, first.seam)
  add(adding)
  await persist(adding, config, (_, text) => expect.fail(text))
  const reading = createStorage(config, nextRequest(first).seam)
  await reading.preload()
  const shown = [...reading]
  return { texts: shown.map(String), tags: shown.map((m) => m.tags), level: reading.level }
}

describe('a custom storage built with super() and no configuration', () => {
  it("keeps the app's debug messages under level: 10", async () => {
    const seen = await cycle(
      (list) => new ListStorage(list),
      { level: DEBUG },
      (s) => s.add(DEBUG, 'trace on'),
    )
    expect(seen).toEqual({ texts: ['trace on'], tags: ['debug'], level: DEBUG })
  })

  it("drops messages under the app's level: 30", async () => {
    const seen = await cycle(
      (list) => new ListStorage(list),
      { level: WARNING },
      (s) => {
        s.add(INFO, 'dropped')
        s.add(WARNING, 'kept')
      },
    )
    expect(seen.texts).toEqual(['kept'])
  })

  it("tags messages with the app's levelTags", async () => {
    const seen = await cycle(
      (list) => new ListStorage(list),
      { tags: { [WARNING]: 'alert-warning' } },
      (s) => s.add(WARNING, 'careful'),
    )
    expect(seen.tags).toEqual(['alert-warning'])
  })

  it('goes back to the configured level after level = null', async () => {
    const list = { messages: null }
    const config = makeConfig({ level: DEBUG, storage: () => new ListStorage(list) })
    const storage = createStorage(config, createSeam().seam)
    storage.level = ERROR
    storage.level = null
    expect(storage.level).toBe(DEBUG)
  })
})

describe('what the constructor was given stays', () => {
  it('a level passed to super() wins over the configuration', async () => {
    const seen = await cycle(
      (list) => new ListStorage(list, { level: WARNING }),
      { level: DEBUG },
      (s) => {
        s.add(DEBUG, 'dropped')
        s.add(WARNING, 'kept')
      },
    )
    expect(seen).toEqual({ texts: ['kept'], tags: ['warning'], level: WARNING })
  })

  it('levelTags passed to super() win, and the level still comes from the configuration', async () => {
    const seen = await cycle(
      (list) => new ListStorage(list, { levelTags: levelTags({ [DEBUG]: 'mine' }) }),
      { level: DEBUG, tags: { [DEBUG]: 'theirs' } },
      (s) => s.add(DEBUG, 'trace on'),
    )
    expect(seen).toEqual({ texts: ['trace on'], tags: ['mine'], level: DEBUG })
  })

  it('a storage made by hand with super() has INFO and Django tags', () => {
    const storage = new ListStorage({ messages: null })
    storage.add(DEBUG, 'dropped')
    storage.add(WARNING, 'kept')
    expect(storage.level).toBe(INFO)
    expect([...storage].map((m) => `${m.tags}:${m.message}`)).toEqual(['warning:kept'])
  })
})
