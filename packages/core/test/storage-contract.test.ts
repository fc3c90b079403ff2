/**
 * The grown storage contract, on the core alone: when `storeDelta` is called and with what, a
 * failed read that only a reading request sees, and a whole-list storage that refuses to
 * overwrite what it could not read. (The same contract runs through every adapter in
 * `internal/adapter-suite/src/scenarios/storage-contract.ts`.)
 */
import { describe, expect, it } from 'vitest'
import {
  BaseStorage,
  getMessages,
  INFO,
  Message,
  type MessageDelta,
  MessagesNotStoredError,
  persist,
  type Retrieval,
} from '../src/index.js'
import { makeConfig } from './helpers/config.js'

/** A backend whose reads succeed, fail, or find nothing, as each test says. */
class ScriptedStorage extends BaseStorage {
  readonly deltas: { added: string[]; consumed: string[]; kept: string[] }[] = []
  readonly stores: string[][] = []
  constructor(
    readonly read: () => Promise<Retrieval>,
    readonly delta: boolean,
  ) {
    super()
    if (!delta) this.storeDelta = undefined
  }
  get(): Promise<Retrieval> {
    return this.read()
  }
  store(messages: Message[]): Message[] {
    this.stores.push(messages.map(String))
    return []
  }
  override storeDelta?(d: MessageDelta): Message[] {
    const texts = (list: readonly Message[]) => list.map(String)
    this.deltas.push({ added: texts(d.added), consumed: texts(d.consumed), kept: texts(d.kept) })
    return []
  }
}

const stored =
  (...texts: string[]) =>
  async (): Promise<Retrieval> => ({
    messages: texts.map((t) => new Message(INFO, t)),
  })
const nothing = async (): Promise<Retrieval> => ({ messages: null })
const failing = async (): Promise<Retrieval> => {
  throw new Error('backend down')
}

describe('storeDelta', () => {
  it('is not called when nothing was stored and nothing added', async () => {
    const s = new ScriptedStorage(nothing, true)
    await s.preload()
    expect([...s]).toEqual([])
    expect(s.update()).toBeNull()
  })

  it('receives kept messages on a request that did not display them, consumed ones when it did', async () => {
    const kept = new ScriptedStorage(stored('a', 'b'), true)
    await kept.preload()
    expect(kept.length).toBe(2)
    await kept.update()
    const shown = new ScriptedStorage(stored('a', 'b'), true)
    await shown.preload()
    expect([...shown].map(String)).toEqual(['a', 'b'])
    shown.add(INFO, 'after')
    await shown.update()
    expect([kept.deltas, shown.deltas]).toEqual([
      [{ added: [], consumed: [], kept: ['a', 'b'] }],
      [{ added: ['after'], consumed: ['a', 'b'], kept: [] }],
    ])
    expect([kept.stores, shown.stores]).toEqual([[], []])
  })

  it('appends without reading the backend', async () => {
    let reads = 0
    const s = new ScriptedStorage(async () => {
      reads++
      return { messages: null }
    }, true)
    s.add(INFO, 'new')
    await s.update()
    expect(reads).toBe(0)
    expect(s.deltas).toEqual([{ added: ['new'], consumed: [], kept: [] }])
  })
})

describe('a failed read', () => {
  it('is invisible to a request that never reads the messages', async () => {
    const s = new ScriptedStorage(failing, true)
    await expect(s.preload()).resolves.toBeUndefined()
    const warnings: string[] = []
    await persist(s, makeConfig(), (_d, text) => warnings.push(text))
    expect(s.readFailure).toBeUndefined()
    expect(warnings).toEqual([])
  })

  it('reads as no messages, and persist() reports it once, through warn even when strict', async () => {
    const s = new ScriptedStorage(failing, true)
    await s.preload()
    expect([...s]).toEqual([])
    expect(s.readFailure).toEqual({ error: new Error('backend down') })
    const warnings: string[] = []
    await persist(s, makeConfig({ strict: true }), (_d, text) => warnings.push(text))
    expect(warnings).toEqual([
      '@flash/test: ScriptedStorage could not be read, so the page showed no messages: backend down',
    ])
  })

  it('a whole-list storage reports its added messages instead of replacing what it could not read', async () => {
    const s = new ScriptedStorage(failing, false)
    await s.preload()
    expect(s.length).toBe(0)
    s.add(INFO, 'new')
    const config = makeConfig({ strict: true })
    // Synchronous: nothing was written, so there is nothing to await.
    expect(() => persist(s, config, () => {})).toThrow(MessagesNotStoredError)
    expect(s.stores).toEqual([])
    expect(s.unstoredReason()).toBe(
      'ScriptedStorage could not be read, and storing would replace the messages it could not read',
    )
  })

  it('describeReadFailure returning null keeps persist() quiet', async () => {
    class Quiet extends ScriptedStorage {
      override describeReadFailure(): null {
        return null
      }
    }
    const s = new Quiet(failing, true)
    await s.preload()
    expect([...s]).toEqual([])
    const warnings: string[] = []
    await persist(s, makeConfig(), (_d, text) => warnings.push(text))
    expect(warnings).toEqual([])
  })
})

describe('getMessages without an adapter', () => {
  it('is an empty list with a writable used, fresh for each call', () => {
    const list = getMessages({})
    list.used = false
    expect([...list]).toEqual([])
    expect(list.length).toBe(0)
    list.used = true
    expect(getMessages({}).used).toBe(false)
    expect(JSON.stringify(list)).toBe('[]')
  })
})
