/**
 * @module
 * `BaseStorage`: Django's storage semantics, and the contract for custom storages.
 *
 * Reading is synchronous (iteration, `length`, `has`), as in Django templates. Backends that
 * need async work (Web Crypto, a database) are read by {@link BaseStorage.preload}, which an
 * adapter awaits before the handler, and only when {@link BaseStorage.mayHaveData} says the
 * request may carry messages. A request that carries none does no crypto and no parsing.
 */
import { isPrefetchOf, type RequestHeaders } from '../displayed.js'
import { FlashError } from '../errors.js'
import { INFO, toLevel } from '../levels.js'
import { isPromiseLike, type MaybePromise, thenMaybe } from '../maybe-promise.js'
import { Message } from '../message.js'
import { isSafe } from '../safe.js'
import { type Binding, bindMessages, withoutMarkers } from '../scope/binding.js'
import type { RequestScope } from '../scope/request-scope.js'
import { DEFAULT_LEVEL_TAGS, type LevelTags } from '../tags.js'
import { retrievedMessages } from './contract.js'
import { NO_MESSAGES, NONE_YET, StorageState } from './storage-state.js'

export { NO_MESSAGES }

/** What {@link BaseStorage.get} returns (Django's `_get`). */
export interface Retrieval {
  /** The stored messages; `null` when the backend holds nothing for this request ("not used"). */
  readonly messages: readonly Message[] | null
  /**
   * `false` when the backend knows more messages are stored elsewhere: the cookie's sentinel,
   * which tells `FallbackStorage` to read the session too. A custom storage that holds all its
   * messages itself leaves it out. @default true
   */
  readonly allRetrieved?: boolean
}

/**
 * What a request changed, for storages that implement {@link BaseStorage.storeDelta}: a
 * server-side store then appends and removes by message, so parallel requests of one client
 * never overwrite each other's messages.
 */
export interface MessageDelta {
  /** Messages added by this request and not displayed by it, oldest first: append them. */
  readonly added: readonly Message[]
  /**
   * Messages this request read from the backend (the very objects `get()` returned) and
   * displayed: remove them. Empty when the messages were not displayed (or `used` was set back
   * to `false`): what was read stays stored.
   */
  readonly consumed: readonly Message[]
  /** Messages read from the backend and not displayed: they stay (release any claim on them). */
  readonly kept: readonly Message[]
  /**
   * Under `scope: 'redirect'`, the tab `added` belongs to (its response redirected on the same
   * site): store it with them, and let `get()` read only what `this.scope` may display (unbound,
   * bound to `this.scope.id`, or bound before `this.scope.now() - scopeSeconds`), leaving other
   * tabs' messages untouched. `undefined`: unbound. A storage that ignores it stores them unbound.
   */
  readonly binding?: Binding | undefined
}

export interface StorageSettings {
  /** The default minimum level. @default INFO */
  readonly level?: number
  /** Level -> tag map of the configuration. @default DEFAULT_TAGS */
  readonly levelTags?: LevelTags
}

/** The empty result of a backend that holds nothing. */
export const NOTHING_STORED: Retrieval = Object.freeze({ messages: null, allRetrieved: true })

/**
 * A per-request message storage. Subclass it to store messages elsewhere: implement
 * {@link BaseStorage.get} and {@link BaseStorage.store} (sync or async), and override
 * {@link BaseStorage.mayHaveData} with a cheap check so untouched requests cost nothing.
 * A server-side store (Redis, SQL) also implements {@link BaseStorage.storeDelta}: it then
 * receives what changed instead of the whole list.
 *
 * Pass the configuration on (`super(config)`): its `level` and `levelTags` are the storage's
 * defaults. A storage built by the `storage` option's factory with `super()` gets them from the
 * configuration too ({@link BaseStorage.useDefaults}); one made by hand with `super()` has INFO
 * and Django's tags.
 *
 * @example
 * class MapStorage extends BaseStorage {
 *   constructor(config: FlashConfig, private map: Map<string, Message[]>, private id: string) {
 *     super(config)
 *   }
 *   override mayHaveData() { return this.map.has(this.id) }
 *   get() { return { messages: this.map.get(this.id) ?? null, allRetrieved: true } }
 *   store(messages: Message[]) {
 *     if (messages.length) this.map.set(this.id, messages)
 *     else this.map.delete(this.id)
 *     return []
 *   }
 * }
 */
export abstract class BaseStorage implements Iterable<Message> {
  /**
   * Set when the messages were iterated (displayed): they are then consumed. Set it back to
   * `false` to keep them for the next request.
   */
  used = false
  readonly levelTags: LevelTags
  /**
   * Adding a message equal (level, text, extra tags) to one already pending does nothing (the
   * `dedupe` option; `createStorage` sets it from the configuration). @default false
   */
  dedupe = false
  /**
   * Reading consumes whatever the response is: the rule that keeps what a HEAD, a prefetch, a 304
   * or a redirect read is off. For APIs whose read is an explicit take, as connect-flash's
   * `req.flash(type)`: an app that reads there and redirects has taken the messages. @default false
   */
  consumeOnRead = false
  /** Everything else this request learned and decided (see storage-state.ts for why one object). */
  readonly #state: StorageState

  /**
   * This request's view of the tabs, set by `createStorage` when the configuration has
   * `scope: 'redirect'`: reading shows only unbound messages and this tab's, storing keeps the
   * other tabs' messages and binds what the request added to its redirect. A custom storage
   * factory sets it to `null` to keep one request out of it (as with scope `'none'`).
   */
  scope: RequestScope | null | undefined

  constructor(settings: StorageSettings = {}) {
    this.#state = new StorageState(settings)
    this.levelTags = settings.levelTags ?? DEFAULT_LEVEL_TAGS
  }

  /**
   * Take `settings` (the configuration) for what the constructor was not given. `createStorage`
   * calls it on the storage a custom factory returned: a constructor that called `super()` without
   * the configuration would otherwise drop every message under INFO of a `level: 10` app without a
   * word, and tag messages with Django's tags instead of the app's `levelTags`.
   *
   * @example
   * const storage = config.storage(seam, config, carrier)
   * storage.useDefaults(config)
   */
  useDefaults(settings: StorageSettings): void {
    if (this.#state.defaultLevel === undefined) this.#state.defaultLevel = settings.level
    if (!this.#state.tagsGiven && settings.levelTags !== undefined)
      (this as { levelTags: LevelTags }).levelTags = settings.levelTags
  }

  /**
   * Show nothing on this request if it is a prefetch or prerender (displayed.ts): the stored
   * messages read as none and are neither consumed nor written back, while messages it adds are
   * stored as usual. The browser may show that response later without asking the server (speculation
   * rules, a revalidated `<link rel=prefetch>`, Turbo's prefetch cache), so whatever it showed would
   * show again on the next page. `createStorage` calls it with the adapter's seam; the headers are
   * read once, and only when a read could show a message, so an untouched request reads none.
   *
   * @example
   * storage.hideFromPrefetch(seam) // a seam without `requestHeader` is never a prefetch
   */
  hideFromPrefetch(headers: Partial<RequestHeaders>): void {
    this.#state.requestHeaders = headers
  }

  /**
   * Whether this request is a prefetch or prerender, read once per request: from the headers
   * {@link BaseStorage.hideFromPrefetch} was given, else from `headers`. The end of a request that
   * displayed messages asks again after a read already did, and every header read costs the
   * adapter a lookup in its framework's request.
   *
   * @example
   * if (storage.isPrefetch(seam)) storage.used = false
   */
  isPrefetch(headers: RequestHeaders): boolean {
    return this.#state.prefetch ?? this.#readPrefetch(headers)
  }

  /** Read the backend (Django's `_get`). Called at most once per request, by the storage itself. */
  abstract get(): MaybePromise<Retrieval>

  /**
   * Write `messages` to the backend, replacing what it held; an empty list clears it (Django's
   * `_store`). Returns the messages that could not be stored.
   */
  abstract store(messages: Message[]): MaybePromise<Message[]>

  /**
   * Optional, for server-side storages: record what this request changed instead of replacing
   * the whole list. When a storage implements it, {@link BaseStorage.update} calls it (never
   * {@link BaseStorage.store}) whenever something was added or `get()` returned a list (even an
   * empty one, so a storage can release what it claimed), and does not read the backend just to
   * append. Returns the messages that could not be stored.
   *
   * @example
   * async storeDelta({ added, consumed }: MessageDelta) {
   *   await db.delete(consumed.map((m) => this.idOf(m)))
   *   await db.append(this.key, added.map((m) => serializeMessage(m)))
   *   return []
   * }
   */
  storeDelta?(delta: MessageDelta): MaybePromise<Message[]>

  /**
   * A cheap check, without I/O: could this request have stored messages? When `false`, the
   * backend is never read. Override it in custom storages (e.g. "does the request carry my id
   * cookie"). @default true
   */
  mayHaveData(): boolean {
    return true
  }

  /** Why {@link BaseStorage.store} may leave messages unstored, for the report of lost messages. */
  unstoredReason(): string {
    if (this.#state.readError && !this.storeDelta) {
      return `${this.constructor.name} could not be read, and storing would replace the messages it could not read`
    }
    return `${this.constructor.name} could not store them`
  }

  /**
   * The read that failed on this request, once the handler read the messages (they then read as
   * none): `persist()` reports it through the adapter's logger. `undefined` when the read
   * succeeded, or failed on a request that never read the messages (a page that does not
   * display messages is not affected by a backend outage).
   */
  get readFailure(): { error: unknown } | undefined {
    return this.#state.readError?.seen ? { error: this.#state.readError.error } : undefined
  }

  /**
   * The text `persist()` logs for a failed read, or `null` to stay quiet (e.g. a storage that
   * already said its backend is down, to log once per outage rather than once per request).
   */
  describeReadFailure(error: unknown): string | null {
    const reason = error instanceof Error ? error.message : String(error)
    return `${this.constructor.name} could not be read, so the page showed no messages: ${reason}`
  }

  /**
   * For subclasses: the data just read was bad (tampered, malformed). Once the handler touches
   * the storage it counts as used, so the bad data is cleared on the way out (Django deletes a
   * bad cookie only when the storage was accessed).
   */
  protected markBadData(): void {
    this.#state.badData = true
  }

  /**
   * Read the backend ahead of the handler when it may hold data. Returns a promise only when
   * there is async work, so adapters can skip the `await` on untouched requests.
   */
  preload(): Promise<void> | undefined {
    // A prefetch reads nothing: a backend that claims what it reads (Redis) would hold it for nothing.
    if (this.#state.loaded !== undefined || !this.mayHaveData() || this.#hides()) return undefined
    let retrieval: MaybePromise<Retrieval>
    try {
      retrieval = this.#read()
    } catch (error) {
      this.#failRead(error)
      return undefined
    }
    if (!isPromiseLike(retrieval)) {
      this.#accept(retrieval)
      return undefined
    }
    // A failed read never fails the request here: it is kept, and only a request that reads the
    // messages sees it (as no messages, reported by persist()).
    return retrieval.then(
      (r) => {
        if (this.#state.loaded === undefined) this.#accept(r)
      },
      (error: unknown) => {
        if (this.#state.loaded === undefined) this.#failRead(error)
      },
    )
  }

  /** How many messages there are, stored and newly added. Does not consume them. */
  get length(): number {
    if (this.#hides()) return 0
    return this.#touch().length + this.#state.queued.length
  }

  /** Whether an equal message (same level and text) is stored or added. Does not consume. */
  has(message: Message): boolean {
    if (this.#hides()) return false
    return this.#touch().some((m) => m.equals(message)) || this.#state.queued.some((m) => m.equals(message))
  }

  /**
   * Iterating displays the messages: the storage becomes `used` and they will not come back. On a
   * prefetch it yields nothing and displays nothing ({@link BaseStorage.hideFromPrefetch}).
   */
  [Symbol.iterator](): Iterator<Message> {
    if (this.#hides()) return NO_MESSAGES[Symbol.iterator]()
    this.used = true
    const loaded = this.#touch()
    const added = this.#state.queued.length
    if (added > 0) {
      loaded.push(...this.#state.queued)
      this.#state.queued = NONE_YET
    }
    if (loaded.length > 0) {
      this.#state.displayedAny = true
      if (this.#state.displayedLate) this.#state.displayedLate(this.#state.usedAtEnd ? added : loaded.length)
    }
    return loaded[Symbol.iterator]()
  }

  /** Whether a message was added during this request (`{ now: true }` ones do not count). */
  get addedNew(): boolean {
    return this.#state.addedNew
  }

  /** Whether messages were added during this request (`{ now: true }` ones too) and not displayed yet. */
  get addedUndisplayed(): boolean {
    return this.#state.queued.length > 0
  }

  /** Whether this request displayed at least one message (iterated a non-empty list). */
  get displayedAny(): boolean {
    return this.#state.displayedAny
  }

  /**
   * Queue a message. Empty text and levels below {@link BaseStorage.level} are ignored. Text that
   * is not a string or `SafeString` is converted with `String()` (a Promise is a `TypeError`: await it). With `now`, the message is shown
   * by this response if it displays messages and never stored (Rails' `flash.now`).
   */
  add(
    level: number,
    message: unknown,
    extraTags: string | null = '',
    options: { now?: boolean } = LATER,
  ): void {
    if (isPromiseLike(message)) throw new TypeError(PROMISED_TEXT)
    if (isEmptyMessage(message)) return
    const lvl = toLevel(level)
    if (lvl < this.level) return
    const added = new Message(lvl, message, extraTags, this.levelTags)
    if (this.#state.refuse) {
      // Too late to be shown or stored, `now` or not.
      this.#state.refuse(added)
      return
    }
    if (this.dedupe && this.#pending(added)) return
    if (options.now) {
      this.#state.now ??= new Set()
      this.#state.now.add(added)
    } else {
      this.#state.addedNew = true
      this.#state.added = appended(this.#state.added, added)
    }
    this.#state.queued = appended(this.#state.queued, added)
    const watcher = this.#state.firstAddWatcher
    if (watcher !== undefined) {
      this.#state.firstAddWatcher = undefined
      watcher.messageAdded(this)
    }
  }

  /**
   * Tell `watcher` when the first message is added (once): what an adapter watches only for a
   * request that has something to lose (the seam's `messageAdded`, connected by `createStorage`).
   */
  watchFirstAdd(watcher: FirstAddWatcher): void {
    this.#state.firstAddWatcher = watcher
  }

  /**
   * What {@link BaseStorage.takeUndisplayed} would take, without taking it: to measure a delivery
   * (the `HX-Trigger` header) before committing to it.
   */
  peekUndisplayed(): readonly Message[] {
    if (this.#hides()) return NO_MESSAGES
    if (!this.used)
      return this.#state.queued.length === 0 ? this.#touch() : [...this.#touch(), ...this.#state.queued]
    return this.#state.queued
  }

  /**
   * The messages not displayed yet, now marked displayed (consumed as by iteration): for
   * deliveries outside the page (`messagesJson`, `turboStream`, the htmx `HX-Trigger` header).
   * Empty when the page displayed them all already.
   */
  takeUndisplayed(): Message[] {
    if (this.#hides()) return []
    if (!this.used) return [...this]
    const taken = this.#state.queued
    if (taken.length === 0) return []
    this.#state.queued = NONE_YET
    this.#touch().push(...taken)
    this.#state.displayedAny = true
    this.#state.displayedLate?.(taken.length)
    return taken
  }

  /**
   * Under `scope: 'redirect'`, on a request of the tab its messages are bound to: the messages not
   * displayed, unbound, for the next page of any tab, as if this request had added them. For a
   * delivery that could not carry them (an `HX-Trigger` too long): the tab's next page has no id,
   * and bound they would wait `scopeSeconds` for a request that already came. Bypasses `close()`,
   * which refuses the app's adds: these are not new messages.
   */
  unbindUndisplayed(): void {
    const taken = this.takeUndisplayed()
    for (const message of taken) {
      if (this.#state.now?.has(message)) continue
      this.#state.queued = appended(this.#state.queued, message)
      this.#state.addedNew = true
    }
  }

  /**
   * Messages added during this request (not `{ now: true }`) and not displayed: lost if the
   * storage is never persisted.
   */
  get queued(): readonly Message[] {
    return this.#storable(this.#state.queued)
  }

  /** Whether an equal message (level, text and extra tags) is already pending for this client. */
  #pending(added: Message): boolean {
    const same = (m: Message) =>
      m.level === added.level &&
      String(m.message) === String(added.message) &&
      (m.extraTags ?? '') === (added.extraTags ?? '')
    if (this.#state.queued.some(same)) return true
    if (this.used || this.#hides()) return false
    try {
      return this.#touch().some(same)
    } catch {
      // An asynchronous backend not loaded yet: compare with what this request added only.
      return false
    }
  }

  /** `messages` without the `{ now: true }` ones, which are never stored. */
  #storable(messages: Message[]): Message[] {
    const now = this.#state.now
    return now === undefined ? messages : messages.filter((m) => !now.has(m))
  }

  /** Whether the request ended for this storage ({@link BaseStorage.close}). */
  get closed(): boolean {
    return this.#state.refuse !== undefined
  }

  /**
   * End the request for this storage (the core's `endRequest` does it for adapters): from now on
   * {@link BaseStorage.add} hands each message to `refuse`, because nothing would store it.
   * Returns `false` when the storage was closed already, so a request ends once.
   */
  close(refuse: (message: Message) => void): boolean {
    if (this.#state.refuse) return false
    this.#state.refuse = refuse
    return true
  }

  /**
   * Accept messages again after {@link BaseStorage.close}: the end that closed it failed before
   * the response was sent, and the app's error page, which stores the messages again (the core's
   * `storeForErrorPage`, which closes it anew), is the response now. A message that error page adds
   * ("Could not save your changes.") is stored with the rest instead of refused.
   */
  reopen(): void {
    this.#state.refuse = undefined
  }

  /**
   * The request's display is settled (the core's `endRequest` calls it once the page, and a
   * delivery in headers, had their turn, before storing): a message displayed from now on is not
   * consumed, because what is stored is decided, so it shows again on the next page. Each such
   * display hands `tell` the number of messages it showed that were not displayed before.
   */
  endDisplay(tell: (count: number) => void): void {
    this.#state.displayedLate = tell
    this.#state.usedAtEnd = this.used
  }

  /** The minimum level recorded for this request. */
  get level(): number {
    return this.#state.level ?? this.#state.defaultLevel ?? INFO
  }

  /** Change the minimum level for this request; `null` goes back to the configured default. */
  set level(value: number | null) {
    this.#state.level = value === null || value === undefined ? undefined : toLevel(value)
  }

  /**
   * Persist after the response was rendered (Django's `update`): if the messages were displayed,
   * store only those added since; if not but some were added, store old and new; otherwise do
   * nothing at all. Returns the messages that could not be stored (a plain array when the backend
   * stores synchronously, a promise otherwise), or `null` at once when there is nothing to do, so
   * synchronous requests never wait for a promise. A synchronous backend's error is thrown here.
   */
  update(): MaybePromise<Message[]> | null {
    // A prefetch consumes nothing, even if the app set `used` itself (or an empty read did before
    // a message was added): what it added is stored with what was there.
    if (this.#state.prefetch === true) this.used = false
    if (this.storeDelta) return this.#updateDelta(this.storeDelta)
    if (this.#state.readError) {
      // Storing the whole list would replace the messages that could not be read: report the
      // new ones as unstored instead.
      const added = this.#storable(this.#state.queued)
      return added.length > 0 ? added : null
    }
    if (this.scope) {
      // A marker a full storage dropped is no message to report: its messages read as unbound.
      const unstored = this.#updateScoped(this.scope)
      // What store() returned is checked by persist(): anything but a list goes there as it is.
      return unstored === null ? null : thenMaybe(unstored, (u) => (Array.isArray(u) ? withoutMarkers(u) : u))
    }
    if (this.used) {
      // Displayed with nothing added since, from a backend that held nothing: nothing to clear.
      // Returning null here keeps an empty layout read free of promises.
      const added = this.#storable(this.#state.queued)
      if (added.length === 0 && !this.mayHaveData()) return null
      // A storage may keep or change the list it is given: never the shared empty one.
      return this.store(added === NONE_YET ? [] : added)
    }
    if (!this.#state.addedNew) return null
    // Read what is stored even where preload() does not (the session loads on first touch), or the
    // messages already there would be overwritten by the new ones alone. Displayed-then-kept
    // messages (`used` set back to false) may include `now` ones: never stored.
    const loaded = this.#load()
    return isPromiseLike(loaded)
      ? loaded.then((l) => this.store(this.#storable([...l, ...this.#state.queued])))
      : this.store(this.#storable([...loaded, ...this.#state.queued]))
  }

  /** {@link BaseStorage.update} under `scope: 'redirect'`: the other tabs' messages are kept. */
  #updateScoped(scope: RequestScope): MaybePromise<Message[]> | null {
    const levelTags = this.levelTags
    if (this.used) {
      const added = this.#storable(this.#state.queued)
      if (added.length === 0 && !this.mayHaveData()) return null
      // Only other tabs' messages were there: nothing changed, nothing is written.
      if (added.length === 0 && this.#state.visibleCount === 0 && this.#state.hidden.length > 0) return null
      return this.store([...this.#state.hidden, ...bindMessages(added, scope.binding, levelTags)])
    }
    if (!this.#state.addedNew) return null
    const write = (loaded: Message[]) => {
      // What an iteration moved from the queue sits after what was read.
      const added = this.#storable([...loaded.slice(this.#state.visibleCount), ...this.#state.queued])
      return this.store([
        ...this.#state.hidden,
        ...this.#state.visibleStored,
        ...bindMessages(added, scope.binding, levelTags),
      ])
    }
    const loaded = this.#load()
    return isPromiseLike(loaded) ? loaded.then(write) : write(loaded)
  }

  #updateDelta(storeDelta: (delta: MessageDelta) => MaybePromise<Message[]>): MaybePromise<Message[]> | null {
    // Not displayed (or `used` set back to false after iterating): everything added is appended,
    // also what the iteration had moved out of the queue.
    const added = this.used ? this.#storable(this.#state.queued) : this.#state.added
    if (added.length === 0 && !this.#state.readSomething) return null
    const consumed = this.used ? this.#state.retrieved : NO_MESSAGES
    const kept = this.used ? NO_MESSAGES : this.#state.retrieved
    return storeDelta.call(this, { added, consumed, kept, binding: this.scope?.binding })
  }

  /**
   * Every message of this request, stored and added, without consuming them: what Django's
   * `list(get_messages(request))` shows a test after the response.
   */
  async snapshot(): Promise<Message[]> {
    const loaded = this.#load()
    return [...(isPromiseLike(loaded) ? await loaded : loaded), ...this.#state.queued]
  }

  /** The stored messages, read now if nothing read them yet (a plain value when already read). */
  #load(): MaybePromise<Message[]> {
    if (this.#state.loaded !== undefined) return this.#state.loaded
    if (!this.mayHaveData()) {
      this.#accept(NOTHING_STORED)
      return this.#state.loaded!
    }
    // Synchronous when the read is (the session, a signed cookie): a store at `writeHead`, where the
    // headers leave at once, must not be put off behind a promise for nothing.
    const accept = (retrieval: Retrieval): MaybePromise<Message[]> => {
      if (this.#state.loaded === undefined) this.#accept(retrieval)
      // Bad data fails here as a failed get() does: storing now would replace what could not be read.
      return this.#state.readError ? Promise.reject(this.#state.readError.error) : this.#state.loaded!
    }
    let retrieval: MaybePromise<Retrieval>
    try {
      retrieval = this.#read()
    } catch (error) {
      // A read that fails still fails as a rejection, as callers of update() and snapshot() expect.
      return Promise.reject(error)
    }
    return isPromiseLike(retrieval) ? Promise.resolve(retrieval).then(accept) : accept(retrieval)
  }

  /**
   * Take what `get()` returned. A value that breaks the contract (a custom storage in JavaScript can
   * return anything) is a failed read, never an exception: the request shows no messages and
   * reports it, and added messages do not overwrite what could not be read.
   */
  #accept(retrieval: Retrieval): void {
    let stored: readonly Message[] | null
    try {
      stored = retrievedMessages(retrieval, this.constructor.name)
    } catch (error) {
      this.#failRead(error)
      return
    }
    const retrieved = stored ?? NO_MESSAGES
    this.#state.retrieved = retrieved
    this.#state.readSomething = stored !== null
    const messages = withLevelTags(retrieved, this.levelTags)
    if (this.scope && messages.length > 0) {
      const read = this.scope.read(messages)
      this.#state.loaded = read.visible
      this.#state.visibleStored = read.visibleStored
      this.#state.hidden = read.hidden
    } else {
      this.#state.loaded = withoutMarkers(messages)
    }
    this.#state.visibleCount = this.#state.loaded.length
  }

  /** `get()`, or the read a touch already started (see {@link BaseStorage.#startedRead}). */
  #read(): MaybePromise<Retrieval> {
    const started = this.#state.startedRead
    if (started === undefined) return this.get()
    this.#state.startedRead = undefined
    return started
  }

  /**
   * Whether reads show nothing because the request is a prefetch. The headers are read the first
   * time a read could show a message (something stored or added), never for an empty read.
   */
  #hides(): boolean {
    if (this.#state.prefetch !== undefined) return this.#state.prefetch
    const nothingToShow =
      this.#state.queued.length === 0 &&
      (this.#state.loaded === undefined ? !this.mayHaveData() : this.#state.loaded.length === 0)
    if (nothingToShow) return false
    return this.#readPrefetch(undefined)
  }

  /**
   * Read and keep whether this request is a prefetch: from the headers `hideFromPrefetch` was
   * given, else from `fallback`; with neither, it is not one.
   */
  #readPrefetch(fallback: RequestHeaders | undefined): boolean {
    const own = this.#state.requestHeaders
    const headers = own?.requestHeader !== undefined ? (own as RequestHeaders) : fallback
    this.#state.prefetch = headers !== undefined && isPrefetchOf(headers)
    return this.#state.prefetch
  }

  #failRead(error: unknown): void {
    this.#state.readError = { error, seen: false }
    this.#state.loaded = []
  }

  #touch(): Message[] {
    if (this.#state.loaded === undefined) {
      if (!this.mayHaveData()) this.#state.loaded = []
      else {
        const retrieval = this.#read()
        if (isPromiseLike(retrieval)) {
          const started = Promise.resolve(retrieval)
          started.catch(() => {})
          this.#state.startedRead = started
          throw new FlashError(
            `@flash/core: ${this.constructor.name} reads asynchronously and was read before it was loaded: ` +
              'the adapter loads it before the route handler, so code that runs without the handler (an ' +
              "earlier hook, or Fastify's setErrorHandler after a validation error) must first " +
              '`await request.messages.preload()`',
          )
        }
        this.#accept(retrieval)
      }
    }
    if (this.#state.badData) {
      this.#state.badData = false
      this.used = true
    }
    if (this.#state.readError) this.#state.readError.seen = true
    return this.#state.loaded!
  }
}

/** The default options of {@link BaseStorage.add}, shared rather than made per call. */
const LATER: { now?: boolean } = Object.freeze({})

/** A new list of `messages` that show `levelTags` (the messages themselves when they already do). */
function withLevelTags(messages: readonly Message[], levelTags: LevelTags): Message[] {
  const tagged = new Array<Message>(messages.length)
  for (let i = 0; i < messages.length; i++) tagged[i] = messages[i]!.withLevelTags(levelTags)
  return tagged
}

/** `list` with `message` at the end: the same list, or a new one in place of {@link NONE_YET}. */
function appended(list: Message[], message: Message): Message[] {
  if (list === NONE_YET) return [message]
  list.push(message)
  return list
}

/** What {@link BaseStorage.watchFirstAdd} tells: the seam's `messageAdded`. */
export interface FirstAddWatcher {
  messageAdded(storage: BaseStorage): void
}

/**
 * A message's text is what `String()` makes of it, and a promise's is "[object Promise]": the
 * text of an asynchronous lookup (a translation, a template) passed without `await`.
 */
const PROMISED_TEXT =
  '@flash/core: the message is a Promise, whose text would read "[object Promise]": await it first, ' +
  "e.g. success(request, await t('saved'))"

/**
 * Whether `add()` ignores `message` as empty, as Django's `add_message` ignores a falsy one: `''`,
 * `null`, `undefined`, `false`, `0`, `NaN` and an empty `markSafe('')`. For code that stores
 * messages without a request (a background job's notifier), so it follows the same rule.
 */
export function isEmptyMessage(message: unknown): boolean {
  if (isSafe(message)) return message.value === ''
  if (message === null || message === undefined || message === false || message === 0) return true
  if (typeof message === 'number' && Number.isNaN(message)) return true
  return String(message) === ''
}
