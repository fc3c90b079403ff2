/**
 * @module
 * The end of a request, the same on every adapter, so that none of them loses a message its own
 * way. An adapter calls {@link endRequest} when its framework is about to send the response
 * headers: the storage is persisted once, what could not be stored is reported (or thrown with
 * `strict: true`), and a message added afterwards (in a stream callback, a timer, a hook that runs
 * after the response) is refused with one accurate report. When a response went out without it
 * (Fastify's `reply.hijack()`), {@link abandonRequest} reports what was added. Reports go to a
 * {@link FlashReporter}; an adapter whose framework logger is off by default uses
 * {@link consoleReporter}, so they reach the developer with default settings.
 */
import { endsWithDelivery, settleDisplay } from './delivery.js'
import { MessagesNotStoredError } from './errors.js'
import type { Message } from './message.js'
import type { FlashConfig } from './options.js'
import { describeUnstored, persist, type UnstoredReporter, unstoredDetails } from './persist.js'
import { activeRecorder } from './recorder.js'
import { bindToRedirect } from './scope/redirect.js'
import type { FlashSeam } from './seam.js'
import type { BaseStorage } from './storage/base.js'
import { firstTime } from './told-once.js'

/** The messages a report is about, for loggers that keep structured fields. */
export interface UnstoredDetails {
  readonly unstored: readonly { readonly level: number; readonly message: string }[]
}

/** Where an adapter sends what @flash cannot do silently: lost messages, configuration warnings. */
export type FlashReporter = (text: string, details?: UnstoredDetails) => void

/**
 * `console.warn`, looked up per call so a console patched later (tests, log shippers) is used.
 *
 * @example
 * const report = fastify.log.level === undefined ? consoleReporter : (text) => fastify.log.warn(text)
 */
export const consoleReporter: FlashReporter = (text, details) =>
  details ? console.warn(text, details) : console.warn(text)

/**
 * End the request: from now on adding a message to `storage` is refused (reported through
 * `report`, or a {@link MessagesNotStoredError} thrown where it is added when `strict`), then the
 * storage is persisted as {@link persist} does. Runs once per storage: a second call (a framework
 * that sends its error page through the same hook) returns `undefined` and does nothing. Returns a
 * promise only when persisting is asynchronous; a synchronous failure is thrown at once.
 *
 * Before persisting, what the response displayed is settled (delivery.ts): what a HEAD or a
 * 3xx/204/205/304 response iterated is kept for the next request (a prefetch read none, see
 * `BaseStorage.hideFromPrefetch`), htmx requests get
 * their undisplayed messages in `HX-Trigger` (option `htmx`), and a response that displayed
 * messages gets `Cache-Control: no-store` (option `noStore`). Untouched requests skip all of it.
 *
 * `seam.isHttps()` is asked only when the storage wrote something with `cookie.secure: true`: the
 * cookie is sent anyway (a browser accepts it on http://localhost and behind a TLS proxy) and
 * `report` is told once per configuration how to fix it.
 *
 * @example
 * // Koa: after `await next()`, and on the error path too.
 * await endRequest(ctx.messages, config, seam, (text) => logger.warn(text))
 */
export function endRequest(
  storage: BaseStorage,
  config: FlashConfig,
  seam: FlashSeam,
  report: FlashReporter,
): Promise<void> | undefined {
  if (!closeRequest(storage, config, report)) return undefined
  settleDisplay(storage, config, seam, report)
  // scope: 'redirect': what a same-origin redirect leaves for the next page is bound to its tab.
  if (storage.scope) bindToRedirect(storage, storage.scope, seam)
  if (config.cookieAttributes.secure && config.storage !== 'session' && (storage.addedNew || storage.used)) {
    checkHttps(config, seam, report)
  }
  watchLateDisplay(storage, config, report)
  // A failure (strict: true and messages that do not fit, a store that failed) goes to the app's
  // error handler: its page's display comes after storing, and is reported with that cause.
  let persisted: Promise<void> | undefined
  try {
    persisted = persist(storage, config, endCallbacks(config, report).warn)
  } catch (error) {
    failedStore(storage, config, report, error)
  }
  // Only an asynchronous persist (Web Crypto, a server-side store) pays for the handler.
  return persisted?.then(undefined, (error: unknown) => failedStore(storage, config, report, error))
}

/** What {@link endRequest} hands its storage and {@link persist}, made once per configuration and reporter. */
interface EndCallbacks {
  readonly config: FlashConfig
  readonly report: FlashReporter
  readonly refuse: (message: Message) => void
  readonly tellLate: (count: number) => void
  readonly warn: UnstoredReporter
}

/** The callbacks of the last configuration and reporter that ended a request. */
let lastEndCallbacks: EndCallbacks | undefined

/**
 * The callbacks of `config` and `report`, the same objects from one request to the next: an
 * adapter's reporter is one function for every request (Fastify's with its logger on excepted), so
 * ending a request that nothing used allocates no closures. One entry, not a map: an app with
 * several configurations only makes them again when they alternate.
 */
function endCallbacks(config: FlashConfig, report: FlashReporter): EndCallbacks {
  const last = lastEndCallbacks
  if (last !== undefined && last.config === config && last.report === report) return last
  const made: EndCallbacks = {
    config,
    report,
    refuse: (message) => refuseLateAdd(message, config, report),
    tellLate: (count) => tellDisplayedLate(count, config, report),
    warn: (details, text) => report(text, details),
  }
  lastEndCallbacks = made
  return made
}

/**
 * Whether an adapter that makes storages lazily must end every request, touched or not: under
 * `scope: 'redirect'` a redirect chain carries its `_flash` id on even where nothing read messages.
 *
 * @example
 * const storage = endsEveryRequest(config) ? storageFor(request) : request[SLOT]
 */
export function endsEveryRequest(config: FlashConfig): boolean {
  return config.scope === 'redirect'
}

/**
 * Whether an adapter that makes storages lazily must make one at the end of a request nothing
 * used messages in: under an adapter's `testing` entry every request is recorded, under `scope: 'redirect'`
 * every request ends ({@link endsEveryRequest}), and with `htmx` an htmx request carries pending
 * messages out in `HX-Trigger` (`endsWithDelivery`). Reads a header only in that last case.
 * `header` is a reader, or the request's header record (Node's `request.headers`), which costs no
 * function per request.
 *
 * @example
 * const storage = endsUntouched(config, request.headers) ? storageFor(request) : slot
 */
export function endsUntouched(
  config: FlashConfig,
  header: ((name: string) => string | string[] | undefined) | RequestHeaderRecord,
): boolean {
  if (activeRecorder() !== undefined || endsEveryRequest(config)) return true
  if (config.htmxEvent === undefined) return false
  return endsWithDelivery(config, typeof header === 'function' ? header : (name) => header[name])
}

/** Request headers by lower-case name, as Node's `IncomingMessage.headers` holds them. */
export type RequestHeaderRecord = Readonly<Record<string, string | string[] | undefined>>

/**
 * The response went out without {@link endRequest} (e.g. Fastify's `reply.hijack()`): the
 * messages added during the request cannot be stored; report them (`why` says what happened).
 * Later adds are refused as after `endRequest`. Never throws: the response is gone, so even with
 * `strict` the report is all that can be done. Does nothing when the request already ended.
 *
 * @example
 * fastify.addHook('onResponse', (request, _reply, done) => {
 *   if (storage && !storage.closed) abandonRequest(storage, config, report, 'reply.hijack() sent the response')
 *   done()
 * })
 */
export function abandonRequest(
  storage: BaseStorage,
  config: FlashConfig,
  report: FlashReporter,
  why: string,
): void {
  if (!closeRequest(storage, config, report)) return
  watchLateDisplay(storage, config, report)
  const lost = storage.queued
  if (lost.length > 0) report(describeUnstored(lost, why, config), unstoredDetails(lost))
}

/**
 * End the request for `storage`: from now on an added message is refused with one report (thrown
 * with `strict`). `false` when it was ended already. {@link endRequest} calls it, and the store for
 * an error page after a failed end (error-page.ts), which reopened the storage for that page.
 */
export function closeRequest(storage: BaseStorage, config: FlashConfig, report: FlashReporter): boolean {
  return storage.close(endCallbacks(config, report).refuse)
}

function refuseLateAdd(message: Message, config: FlashConfig, report: FlashReporter): void {
  const text = describeUnstored(
    [message],
    'it was added after @flash had stored the messages of this request, e.g. in a stream, a timer or a hook ' +
      'that runs after the response, or in a middleware mounted before (outside) @flash once the rest returned; ' +
      'add messages before the response is sent, in code that runs inside @flash',
    config,
  )
  if (config.strict) throw new MessagesNotStoredError(text, [message])
  report(text, unstoredDetails([message]))
}

/**
 * From now on, a display of messages not displayed yet is reported (see {@link tellDisplayedLate}).
 * A storage built on another copy of @flash/core (an older one) may not have `endDisplay`.
 * {@link endRequest} calls it; an adapter that stores a request again (an error page's store
 * after a failed one) calls it as that store decides what is kept.
 *
 * @example
 * watchLateDisplay(storage, config, report)
 * persist(storage, config, (details, text) => report(text, details))
 */
export function watchLateDisplay(storage: BaseStorage, config: FlashConfig, report: FlashReporter): void {
  endDisplay(storage, endCallbacks(config, report).tellLate)
}

/** `storage.endDisplay(tell)`, unless the storage is built on an older copy of @flash/core. */
function endDisplay(storage: BaseStorage, tell: (count: number) => void): void {
  if (typeof storage.endDisplay === 'function') storage.endDisplay(tell)
}

/** The configurations already told that a page displayed messages too late to consume them. */
const TOLD_LATE_DISPLAY = new WeakSet<FlashConfig>()

/**
 * Messages displayed after the request's storing was decided stay stored and show again: told
 * once per configuration, as it comes from where the app reads them (a middleware mounted outside
 * @flash that renders an error page or a layout after the rest returned, a stream callback), the
 * same on every request. Never thrown, even with `strict`: the page is being rendered.
 */
function tellDisplayedLate(count: number, config: FlashConfig, report: FlashReporter): void {
  if (count === 0 || !firstTime(TOLD_LATE_DISPLAY, config)) return
  const shown = count === 1 ? '1 message was displayed' : `${count} messages were displayed`
  report(
    `${config.adapter.name}: ${shown} after @flash had stored the messages of this request, so ${count === 1 ? 'it was' : 'they were'} ` +
      'not consumed and will show again on the next page: something read them after @flash ended the request, e.g. ' +
      'a middleware mounted before (outside) @flash that renders an error page or a layout once the rest returned, ' +
      'or a stream callback; mount @flash first, or read the messages before the response is returned ' +
      '(reported once)',
  )
}

/**
 * Storing failed with `error`: from now on, a display is reported as one that followed the failed
 * store (see {@link tellDisplayedAfterFailure}), not as one from code mounted outside @flash; then
 * the error goes on to the app's error handler.
 */
function failedStore(
  storage: BaseStorage,
  config: FlashConfig,
  report: FlashReporter,
  error: unknown,
): never {
  endDisplay(storage, (count) => tellDisplayedAfterFailure(count, config, report, error))
  throw error
}

/** The configurations already told that an error page displayed messages after storing failed. */
const TOLD_DISPLAY_AFTER_FAILURE = new WeakSet<FlashConfig>()

/**
 * Storing failed, and the app's error handler got the error: what its page displays now was not
 * consumed (what the failed attempt wrote stands) and shows again. Told once per configuration,
 * naming the failure, since the mount-order advice of {@link tellDisplayedLate} does not apply.
 */
function tellDisplayedAfterFailure(
  count: number,
  config: FlashConfig,
  report: FlashReporter,
  error: unknown,
): void {
  if (count === 0 || !firstTime(TOLD_DISPLAY_AFTER_FAILURE, config)) return
  const shown = count === 1 ? '1 message was displayed' : `${count} messages were displayed`
  const name = error instanceof Error ? error.name : 'an error'
  report(
    `${config.adapter.name}: ${shown} after storing the messages of this request failed (${name}, handed to ` +
      `your error handler), so the error page's display did not consume ${count === 1 ? 'it' : 'them'}, and what the ` +
      'failed attempt stored shows again on the next page (reported once)',
  )
}

/** The configurations already told that their secure cookie went out over plain HTTP. */
const TOLD_INSECURE = new WeakSet<FlashConfig>()

function checkHttps(config: FlashConfig, seam: FlashSeam, report: FlashReporter): void {
  if (TOLD_INSECURE.has(config) || seam.isHttps?.() !== false) return
  TOLD_INSECURE.add(config)
  report(
    `${config.adapter.name}: option "cookie.secure" is true, but a request came over plain HTTP, so browsers ` +
      `other than on http://localhost drop the message cookie and its messages are lost; ${config.adapter.httpsFix ?? 'serve the app over HTTPS'}, ` +
      'or use cookie.secure: false in development',
  )
}
