/**
 * A custom storage that breaks its contract, on the core alone: what `get()` returns is checked
 * (bad data reads as a failed read: no messages, reported, nothing overwritten), a class passed
 * where a factory belongs fails at startup, and a factory or `store()` returning the wrong thing
 * fails with an error naming the fix rather than a `TypeError` deep in the core. (The same runs
 * through every adapter in `internal/adapter-suite/src/scenarios/storage-misuse.ts`.)
 */
import { describe, expect, it } from 'vitest'
import {
  BaseStorage,
  createStorage,
  FlashConfigError,
  FlashError,
  INFO,
  Message,
  type MessageDelta,
  persist,
  type Retrieval,
  SUCCESS,
} from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { createSeam } from './helpers/seam.js'

const FIX =
  'get() must return { messages: Message[] | null } (or a promise of it); ' +
  'build messages with new Message(...) or parseMessageList'

/** A storage whose `get()` answers what the test gives it, and whose writes are recorded. */
class ScriptedStorage extends BaseStorage {
  readonly stores: string[][] = []
  constructor(readonly read: () => unknown) {
    super()
  }
  get(): Retrieval {
    return this.read() as Retrieval
  }
  store(messages: Message[]): Message[] {
    this.stores.push(messages.map(String))
    return []
  }
}

const BAD_READS: { name: string; read: () => unknown; error: string }[] = [
  { name: 'undefined', read: () => undefined, error: 'ScriptedStorage.get() returned undefined' },
  {
    name: 'a plain array of messages',
    read: () => [new Message(INFO, 'stored')],
    error: 'ScriptedStorage.get() returned an array',
  },
  {
    name: 'messages that are a string',
    read: () => ({ messages: 'stored' }),
    error: 'ScriptedStorage.get() returned { messages: a string }',
  },
  {
    name: 'message JSON never made into Messages',
    read: () => ({ messages: [new Message(INFO, 'fine'), { level: 25, message: 'stored' }] }),
    error: 'ScriptedStorage.get() returned a plain object at messages[1], not a Message',
  },
]

describe('what get() returns is checked', () => {
  describe.each([
    { how: 'synchronously', wrap: (read: () => unknown) => read },
    { how: 'from a promise', wrap: (read: () => unknown) => async () => read() },
  ])('$how', ({ wrap }) => {
    it.each(BAD_READS)('$name: reads as none, reported once it is read', async ({ read, error }) => {
      const storage = new ScriptedStorage(wrap(read))
      await storage.preload()
      expect(storage.readFailure).toBeUndefined()
      expect([...storage]).toEqual([])
      const failure = storage.readFailure?.error
      expect(failure).toBeInstanceOf(FlashError)
      expect((failure as Error).message).toBe(`@flash/core: ${error}; ${FIX}`)
      const warnings: string[] = []
      persist(storage, makeConfig(), (_details, text) => warnings.push(text))
      expect(warnings).toEqual([
        `@flash/test: ScriptedStorage could not be read, so the page showed no messages: @flash/core: ${error}; ${FIX}`,
      ])
      // Displayed nothing, and the list it could not read is not cleared either.
      expect(storage.stores).toEqual([])
    })

    it.each(BAD_READS)('$name: a message added then is reported, not stored over it', async ({ read }) => {
      const storage = new ScriptedStorage(wrap(read))
      await storage.preload()
      storage.add(SUCCESS, 'added')
      const warnings: string[] = []
      await persist(storage, makeConfig(), (_details, text) => warnings.push(text))
      expect(warnings).toEqual([
        '@flash/test: 1 message could not be stored and will not be shown (ScriptedStorage could not be ' +
          'read, and storing would replace the messages it could not read): "added"',
      ])
      expect(storage.stores).toEqual([])
    })
  })

  it('read on first touch (no preload), bad data reads as none and is reported', () => {
    const storage = new ScriptedStorage(() => ({ messages: [{ level: 20, message: 'x' }] }))
    expect(storage.length).toBe(0)
    expect(String(storage.readFailure?.error)).toBe(
      `FlashError: @flash/core: ScriptedStorage.get() returned a plain object at messages[0], not a Message; ${FIX}`,
    )
  })

  it('read only to append (update without preload), bad data fails the write as a failed get() does', async () => {
    const storage = new ScriptedStorage(() => [new Message(INFO, 'stored')])
    storage.add(SUCCESS, 'added')
    await expect(Promise.resolve(storage.update())).rejects.toThrow(
      `@flash/core: ScriptedStorage.get() returned an array; ${FIX}`,
    )
    expect(storage.stores).toEqual([])
  })

  it('messages: null or left out is "nothing stored"; Messages read as usual', async () => {
    for (const retrieval of [{ messages: null }, {}, { messages: undefined }]) {
      const storage = new ScriptedStorage(() => retrieval)
      await storage.preload()
      expect([...storage]).toEqual([])
      expect(storage.readFailure).toBeUndefined()
    }
    const storage = new ScriptedStorage(() => ({ messages: [new Message(INFO, 'stored')] }))
    await storage.preload()
    expect([...storage].map(String)).toEqual(['stored'])
    expect(storage.readFailure).toBeUndefined()
  })
})

describe('the storage option and its factory', () => {
  it('a storage class passed itself fails at startup, with the factory as the fix', () => {
    expect(() => makeConfig({ storage: ScriptedStorage as never })).toThrow(
      new FlashConfigError(
        '@flash/test: option "storage" is the class ScriptedStorage itself, which cannot be called ' +
          'without new; pass a factory: storage: (seam, config) => new ScriptedStorage(seam, config)',
      ),
    )
  })

  it('so does a transpiled (ES5) storage class, found by its prototype', () => {
    function OldStorage() {}
    OldStorage.prototype = Object.create(ScriptedStorage.prototype)
    expect(() => makeConfig({ storage: OldStorage as never })).toThrow(
      'option "storage" is the class OldStorage itself',
    )
  })

  it('factories pass: arrow functions and plain functions', () => {
    expect(() => makeConfig({ storage: () => new ScriptedStorage(() => null) })).not.toThrow()
    expect(() =>
      makeConfig({
        storage: function make() {
          return new ScriptedStorage(() => null)
        },
      }),
    ).not.toThrow()
  })

  it.each([
    {
      name: 'a plain object with get and store',
      built: { get: () => ({ messages: null }), store: () => [] },
    },
    { name: 'undefined', built: undefined },
  ])('a factory returning $name fails with an error naming the fix', ({ built }) => {
    const config = makeConfig({ storage: () => built as never })
    const described = built === undefined ? 'undefined' : 'a plain object'
    expect(() => createStorage(config, createSeam().seam)).toThrow(
      new FlashConfigError(
        `@flash/test: option "storage" is a function that returned ${described}, not a storage; the factory ` +
          'runs on each request and must return an instance of a BaseStorage subclass, ' +
          'e.g. storage: (seam, config) => new MyStorage(seam, config)',
      ),
    )
  })

  it('an async factory is told that it cannot be', () => {
    const config = makeConfig({ storage: (async () => new ScriptedStorage(() => null)) as never })
    expect(() => createStorage(config, createSeam().seam)).toThrow(
      'option "storage" is a function that returned a Promise, not a storage (a factory cannot be async: ' +
        'build the storage at once and read the backend in its get())',
    )
  })
})

describe('what store() and storeDelta() return is checked', () => {
  class Forgetful extends BaseStorage {
    constructor(readonly returns: () => unknown) {
      super()
    }
    get(): Retrieval {
      return { messages: null }
    }
    store(): Message[] {
      return this.returns() as Message[]
    }
  }
  class ForgetfulDelta extends Forgetful {
    override storeDelta(_delta: MessageDelta): Message[] {
      return this.returns() as Message[]
    }
  }

  it.each([
    { name: 'undefined', returns: () => undefined, described: 'undefined' },
    { name: 'true', returns: () => true, described: 'true' },
  ])(
    'store() returning $name throws a FlashError naming store() and what it must return',
    ({ returns, described }) => {
      const storage = new Forgetful(returns)
      storage.add(INFO, 'added')
      expect(() => persist(storage, makeConfig(), () => {})).toThrow(
        new FlashError(
          `@flash/test: Forgetful.store() returned ${described}; it must return the messages it could not ` +
            'store, [] when it stored them all (or a promise of that list)',
        ),
      )
    },
  )

  it('an async store() resolving to undefined rejects with the same error', async () => {
    const storage = new Forgetful(async () => undefined)
    storage.add(INFO, 'added')
    await expect(persist(storage, makeConfig(), () => {})).rejects.toThrow(
      '@flash/test: Forgetful.store() returned undefined; it must return the messages it could not store',
    )
  })

  it('storeDelta() returning undefined names storeDelta()', () => {
    const storage = new ForgetfulDelta(() => undefined)
    storage.add(INFO, 'added')
    expect(() => persist(storage, makeConfig(), () => {})).toThrow(
      '@flash/test: ForgetfulDelta.storeDelta() returned undefined; it must return the messages it could not store',
    )
  })
})
