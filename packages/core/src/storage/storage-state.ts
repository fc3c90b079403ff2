/**
 * @module
 * `StorageState`: what a storage learns and decides during one request, in one object.
 *
 * `BaseStorage` keeps it in one private field instead of two dozen. Its fields are defined on
 * the object of each subclass, and a request that reads a message cookie under the default
 * fallback storage builds two subclasses (the fallback and its cookie backend): V8 then defines
 * and reads every one of them through stores and loads that check two object shapes. By function,
 * `BaseStorage`'s constructor alone ran 0.93 k instructions per request where it built both
 * (Hono's and Koa's S2 and S3) and 0.17 k where it built one (S1). This object has one shape.
 */
import type { RequestHeaders } from '../displayed.js'
import type { Message } from '../message.js'
import type { FirstAddWatcher, Retrieval, StorageSettings } from './base.js'

/** The empty message list, shared (frozen: read only). */
export const NO_MESSAGES: readonly Message[] = Object.freeze([])

/**
 * The empty list of a storage's own lists until something is put there: most requests add one
 * message or none, so none of them allocates a list it never fills. Frozen, so a push that
 * skipped `appended` throws instead of sharing a message between requests.
 */
export const NONE_YET = NO_MESSAGES as Message[]

/** The private state of one `BaseStorage` (see the module's note). */
export class StorageState {
  /** The constructor's `level`; `undefined` when it was given none (then INFO, or the configuration's). */
  defaultLevel: number | undefined
  /** Whether the constructor was given `levelTags` (else they are Django's, or the configuration's). */
  readonly tagsGiven: boolean
  level: number | undefined
  addedNew = false
  queued: Message[] = NONE_YET
  /**
   * Every message this request added to be stored (not `{ now: true }`), displayed or not: what a
   * delta storage appends when the response turned out not to be seen (`used` back to `false`).
   */
  added: Message[] = NONE_YET
  /** Messages added with `{ now: true }`: shown by this response if it displays messages, never stored. */
  now: Set<Message> | undefined
  /** Whether an iteration yielded at least one message (what `Cache-Control: no-store` is about). */
  displayedAny = false
  loaded: Message[] | undefined
  /**
   * A read started by a touch before the storage was loaded (which threw): the next read takes it
   * over instead of reading again, so a backend that claims what it reads (Redis) settles that claim
   * at the end of the request rather than leaving it held until its lease runs out.
   */
  startedRead: Promise<Retrieval> | undefined
  /**
   * Under `scope: 'redirect'`: how many of `loaded` were read (the rest were added and moved there
   * by an iteration), those in stored form, and the other tabs' groups, written back untouched.
   */
  visibleCount = 0
  visibleStored: Message[] = NONE_YET
  hidden: Message[] = NONE_YET
  /** What `get()` returned (before re-tagging), for {@link MessageDelta.consumed}. */
  retrieved: readonly Message[] = NO_MESSAGES
  /** Whether `get()` answered anything but "nothing stored": a delta storage then settles it. */
  readSomething = false
  /** Why the read failed; reported once the messages are read (see {@link BaseStorage.readFailure}). */
  readError: { error: unknown; seen: boolean } | undefined
  badData = false
  /** Set by {@link BaseStorage.close}: where messages added after the end of the request go. */
  refuse: ((message: Message) => void) | undefined
  /**
   * Set by {@link BaseStorage.endDisplay}: told how many messages a display showed after the
   * request's storing was decided, which therefore stay stored and show again.
   */
  displayedLate: ((count: number) => void) | undefined
  /** Whether the messages were displayed when the display ended: then only later adds are late. */
  usedAtEnd = false
  /** Told at the first message added, then dropped (see {@link BaseStorage.watchFirstAdd}). */
  firstAddWatcher: FirstAddWatcher | undefined
  /** Where {@link BaseStorage.isPrefetch} reads the request's headers (see {@link BaseStorage.hideFromPrefetch}). */
  requestHeaders: Partial<RequestHeaders> | undefined
  /** Whether this request is a prefetch or prerender; `undefined` until a read needed the answer. */
  prefetch: boolean | undefined

  constructor(settings: StorageSettings) {
    this.defaultLevel = settings.level
    this.tagsGiven = settings.levelTags !== undefined
  }
}
