/**
 * @module
 * The custom storage contract, checked where custom code hands the core a value: the `storage`
 * option at startup, what its factory builds, what `get()` reads and what `store()`/`storeDelta()`
 * return. Code in JavaScript (or TypeScript past a cast) can hand anything; each check turns a
 * `TypeError` deep in the core into an error that names the fix. Only the storage itself is
 * imported as a type, so `BaseStorage` can check its own reads here without an import cycle.
 */
import { FlashConfigError, FlashError } from '../errors.js'
import type { Message } from '../message.js'
import type { BaseStorage } from './base.js'

const GET_FIX =
  'get() must return { messages: Message[] | null } (or a promise of it); ' +
  'build messages with new Message(...) or parseMessageList'

/**
 * The messages of what `storage`'s `get()` returned, `null` for "nothing stored" (`messages` left
 * out counts as that too). Throws a {@link FlashError} naming the fix for anything else: a plain
 * array, a string, JSON objects that were never made into `Message`s.
 *
 * @example
 * retrievedMessages({ messages: [new Message(INFO, 'Saved.')] }, 'MapStorage') // [Message]
 * retrievedMessages([], 'MapStorage') // throws: MapStorage.get() returned an array; ...
 */
export function retrievedMessages(retrieval: unknown, storage: string): readonly Message[] | null {
  if (typeof retrieval !== 'object' || retrieval === null || Array.isArray(retrieval)) {
    throw badRead(storage, `returned ${describeValue(retrieval)}`)
  }
  const messages = (retrieval as { messages?: unknown }).messages
  if (messages === null || messages === undefined) return null
  if (!Array.isArray(messages)) throw badRead(storage, `returned { messages: ${describeValue(messages)} }`)
  for (let i = 0; i < messages.length; i++) {
    if (!isMessageLike(messages[i])) {
      throw badRead(storage, `returned ${describeValue(messages[i])} at messages[${i}], not a Message`)
    }
  }
  return messages
}

/**
 * Whether `value` is a `Message`, told by shape rather than `instanceof`: an app can load two copies
 * of `@flash/core` (its ESM and CommonJS builds, through packages that import it differently), and
 * a message or storage made by one is as good to the other.
 */
function isMessageLike(value: unknown): value is Message {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Message).level === 'number' &&
    typeof (value as Message).withLevelTags === 'function'
  )
}

/**
 * Whether a storage factory built a storage: the members the core calls on every request, by shape
 * (see {@link isMessageLike} for why not `instanceof BaseStorage`).
 *
 * @example
 * if (!isStorageLike(built)) throw notAStorage(built, config.adapter.name)
 */
export function isStorageLike(value: unknown): value is BaseStorage {
  if (typeof value !== 'object' || value === null) return false
  const storage = value as Partial<BaseStorage>
  return (
    typeof storage.preload === 'function' &&
    typeof storage.update === 'function' &&
    typeof storage.hideFromPrefetch === 'function' &&
    typeof storage.mayHaveData === 'function'
  )
}

function badRead(storage: string, what: string): FlashError {
  return new FlashError(`@flash/core: ${storage}.get() ${what}; ${GET_FIX}`)
}

/**
 * Whether the `storage` option is a class rather than a factory (`storage: MapStorage`): a class
 * cannot be called without `new`, so every request would fail. A transpiled class is a plain
 * function, recognised by the storage methods on its prototype.
 *
 * @example
 * isStorageClass(MapStorage) // true
 * isStorageClass((seam, config) => new MapStorage(seam, config)) // false
 */
export function isStorageClass(storage: (...args: never[]) => unknown): boolean {
  if (/^class[\s{]/.test(Function.prototype.toString.call(storage))) return true
  const prototype = (storage as { prototype?: Partial<BaseStorage> }).prototype
  return typeof prototype?.preload === 'function'
}

/**
 * The error for a storage factory that returned something other than a storage (a plain object
 * with `get`/`store`, `undefined`, a promise). It shows on the first request that builds a storage,
 * since the factory runs per request.
 *
 * @example
 * if (!isStorageLike(built)) throw notAStorage(built, config.adapter.name)
 */
export function notAStorage(built: unknown, adapter: string): FlashConfigError {
  const async =
    typeof (built as { then?: unknown } | null)?.then === 'function'
      ? ' (a factory cannot be async: build the storage at once and read the backend in its get())'
      : ''
  return new FlashConfigError(
    `${adapter}: option "storage" is a function that returned ${describeValue(built)}, not a storage${async}; ` +
      'the factory runs on each request and must return an instance of a BaseStorage subclass, ' +
      'e.g. storage: (seam, config) => new MyStorage(seam, config)',
  )
}

/**
 * What `store()` or `storeDelta()` returned, checked to be the list of messages it could not
 * store. Throws a {@link FlashError} naming the method and what it must return otherwise (a
 * forgotten `return []`), since the report of lost messages cannot be made from it.
 *
 * @example
 * report(checkUnstored(await storage.update(), storage, config.adapter.name))
 */
export function checkUnstored(unstored: unknown, storage: BaseStorage, adapter: string): Message[] {
  if (Array.isArray(unstored)) return unstored
  const method = storage.storeDelta ? 'storeDelta()' : 'store()'
  throw new FlashError(
    `${adapter}: ${storage.constructor.name}.${method} returned ${describeValue(unstored)}; it must return ` +
      'the messages it could not store, [] when it stored them all (or a promise of that list)',
  )
}

/** A short description of a value of the wrong kind, for the errors above. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value)
  if (Array.isArray(value)) return 'an array'
  if (typeof value === 'object') {
    const name = (value as { constructor?: { name?: unknown } }).constructor?.name
    return typeof name === 'string' && name !== '' && name !== 'Object' ? `a ${name}` : 'a plain object'
  }
  if (typeof value === 'string') return 'a string'
  if (typeof value === 'function') return 'a function'
  return String(value)
}
