/**
 * Django's `test_api.py` (ApiTests and CustomRequestApiTests: any object carrying the storage
 * works, including a wrapper that delegates to the request), the shortcuts, `getMessages`,
 * `getLevel`, `setLevel` and `messagesContext` with and without a storage, and
 * `test_middleware.py`'s "response without messages" at core level.
 */
import { describe, expect, it } from 'vitest'
import {
  addMessage,
  attachStorage,
  BaseStorage,
  DEBUG,
  DEFAULT_LEVELS,
  debug,
  ERROR,
  error,
  getLevel,
  getMessages,
  INFO,
  info,
  type Message,
  MessageFailure,
  messagesContext,
  NOTHING_STORED,
  type Retrieval,
  STORAGE,
  SUCCESS,
  setLevel,
  storageOf,
  success,
  WARNING,
  warning,
} from '../src/index.js'

/** Django's `DummyStorage`: keeps what is added, no level filtering, no backend. */
class DummyStorage extends BaseStorage {
  constructor() {
    super({ level: Number.MIN_SAFE_INTEGER })
  }
  override mayHaveData(): boolean {
    return false
  }
  get(): Retrieval {
    return NOTHING_STORED
  }
  store(): Message[] {
    return []
  }
  get stored(): Message[] {
    return [...this]
  }
}

const MISSING =
  '@flash/core: You cannot add messages without installing a @flash adapter: register @flash/fastify, or use ' +
  'the flash() middleware of @flash/koa, @flash/hono or @flash/express before this route (or pass failSilently: true)'

/** Django's `CustomRequest`: a wrapper that delegates unknown properties to the request. */
function customRequest(request: object): object {
  return new Proxy(
    { wrapped: request },
    { get: (target, key) => (key in target ? Reflect.get(target, key) : Reflect.get(request, key)) },
  )
}

const carriers = [
  { name: 'ApiTests', make: () => ({ method: 'GET' }) },
  { name: 'CustomRequestApiTests', make: () => customRequest({ method: 'GET' }) },
]

describe.each(carriers)('$name', ({ make }) => {
  it('test_ok', () => {
    const request = make()
    const storage = new DummyStorage()
    attachStorage(request, storage)
    addMessage(request, DEBUG, 'some message')
    expect(storage.stored.map((m) => m.message)).toEqual(['some message'])
  })

  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    [42, 'a number'],
    ['request', 'a string'],
  ])('test_request_is_none (%s)', (carrier, type) => {
    const storage = new DummyStorage()
    attachStorage(make(), storage)
    expect(() => addMessage(carrier as never, DEBUG, 'some message')).toThrow(
      new TypeError(
        `@flash/core: addMessage() expects the request or context object of a @flash adapter, not ${type}`,
      ),
    )
    expect(() => addMessage(carrier as never, DEBUG, 'x', { failSilently: true })).toThrow(TypeError)
    expect(storage.stored).toEqual([])
  })

  it('test_middleware_missing', () => {
    const request = make()
    expect(() => addMessage(request, DEBUG, 'some message')).toThrow(MessageFailure)
    expect(() => addMessage(request, DEBUG, 'some message')).toThrow(MISSING)
    const failure = (() => {
      try {
        addMessage(request, DEBUG, 'some message')
      } catch (e) {
        return e as Error
      }
    })()
    expect(failure!.name).toBe('MessageFailure')
  })

  it('test_middleware_missing_silently', () => {
    const request = make()
    expect(addMessage(request, DEBUG, 'some message', { failSilently: true })).toBeUndefined()
    expect(storageOf(request)).toBeUndefined()
  })
})

describe('CustomRequest duck typing', () => {
  it('a wrapper finds the storage attached to the request it wraps', () => {
    const request = {}
    const storage = new DummyStorage()
    attachStorage(request, storage)
    const wrapper = customRequest(request)
    expect(storageOf(wrapper)).toBe(storage)
    success(wrapper, 'through the wrapper')
    expect(storage.stored.map(String)).toEqual(['through the wrapper'])
  })

  it('the storage sits under a registered symbol, so another copy of the package finds it', () => {
    expect(STORAGE).toBe(Symbol.for('@flash/core.storage'))
    const storage = new DummyStorage()
    const request = { [Symbol.for('@flash/core.storage')]: storage }
    expect(storageOf(request)).toBe(storage)
  })
})

describe('shortcuts and readers', () => {
  it('debug/info/success/warning/error add at their level with extra tags', () => {
    const request = {}
    const storage = new DummyStorage()
    attachStorage(request, storage)
    debug(request, 'd')
    info(request, 'i', { extraTags: 'x' })
    success(request, 's', { extraTags: null })
    warning(request, 'w')
    error(request, 'e')
    expect(storage.stored.map((m) => [m.level, String(m), m.extraTags])).toEqual([
      [DEBUG, 'd', ''],
      [INFO, 'i', 'x'],
      [SUCCESS, 's', null],
      [WARNING, 'w', ''],
      [ERROR, 'e', ''],
    ])
  })

  it('without a storage: getMessages is an empty list, getLevel INFO, setLevel false', () => {
    const request = {}
    const messages = getMessages(request)
    expect(messages).toEqual([])
    expect([...messages]).toEqual([])
    expect(messages.length).toBe(0)
    expect(getLevel(request)).toBe(INFO)
    expect(setLevel(request, DEBUG)).toBe(false)
    expect(getLevel(request)).toBe(INFO)
    expect(storageOf(request)).toBeUndefined()
  })

  it('with a storage: getMessages is the storage; setLevel(null) restores the default', () => {
    const request = {}
    const storage = new DummyStorage()
    attachStorage(request, storage)
    expect(getMessages(request)).toBe(storage)
    expect(setLevel(request, WARNING)).toBe(true)
    expect(getLevel(request)).toBe(WARNING)
    expect(setLevel(request, null)).toBe(true)
    expect(getLevel(request)).toBe(Number.MIN_SAFE_INTEGER)
  })

  it('messagesContext: messages and DEFAULT_MESSAGE_LEVELS (test_context_processor_message_levels)', () => {
    const request = {}
    expect(messagesContext(request)).toEqual({
      messages: [],
      DEFAULT_MESSAGE_LEVELS: { DEBUG: 10, INFO: 20, SUCCESS: 25, WARNING: 30, ERROR: 40 },
    })
    const storage = new DummyStorage()
    attachStorage(request, storage)
    const context = messagesContext(request)
    expect(context.messages).toBe(storage)
    expect(context.DEFAULT_MESSAGE_LEVELS).toBe(DEFAULT_LEVELS)
  })

  it('attachStorage(carrier, undefined) detaches', () => {
    const request = {}
    attachStorage(request, new DummyStorage())
    attachStorage(request, undefined)
    expect(storageOf(request)).toBeUndefined()
  })
})

describe('test_response_without_messages (core level)', () => {
  it('storageOf a carrier without storage is undefined, so there is nothing to persist', () => {
    expect(storageOf({})).toBeUndefined()
    expect(storageOf(null)).toBeUndefined()
    expect(storageOf(undefined)).toBeUndefined()
    expect(storageOf('request')).toBeUndefined()
  })
})
