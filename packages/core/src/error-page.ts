/**
 * @module
 * The app's error page after the end of a request failed before its response was sent (`strict:
 * true` and messages that do not fit, a session store that failed). The error goes to the app's
 * error handler, and its page is what the browser gets, so on an adapter whose framework sends
 * that page through the request's own end again (Express's `res.end`, Fastify's `onSend`), the
 * adapter takes back what the failed end wrote (its cookie, its session keys), calls
 * {@link awaitErrorPage}, and when the error page is sent, {@link storeForErrorPage}: what the page
 * displays is consumed, what it does not is kept. Without it, the failed end's cookie went out with
 * the error page, and what the page displayed showed again on the next one.
 */
import { settleDisplay } from './delivery.js'
import { FlashConfigError, MessagesNotStoredError } from './errors.js'
import type { FlashConfig } from './options.js'
import { describeUnstored, persist } from './persist.js'
import { closeRequest, type FlashReporter, watchLateDisplay } from './request-end.js'
import type { FlashSeam } from './seam.js'
import type { BaseStorage } from './storage/base.js'

/**
 * Whether the end that failed with `error` can be stored again for the error page. Not a
 * misconfiguration (storage `'session'` without a session): it fails the same way again, and its
 * error names the fix. Not a storage that records changes in a store of its own (`storeDelta`:
 * @flash/redis): what it wrote cannot be taken back, and storing again would append its messages
 * twice; its error page's display is reported as not consumed instead.
 *
 * @example
 * if (canStoreAgain(storage, error) && !reply.sent) { seam.takeBack(); awaitErrorPage(storage) }
 */
export function canStoreAgain(storage: BaseStorage, error: unknown): boolean {
  return !(error instanceof FlashConfigError) && storage.closed && storage.storeDelta === undefined
}

/**
 * Open `storage` for the error page until {@link storeForErrorPage}: what the page displays is
 * consumed by that store (not a display after the end to report), and a message the error handler
 * adds ("Could not save your changes.", before a redirect) is stored with the rest instead of
 * refused. A storage built on an older copy of @flash/core lacks `reopen`: its adds stay refused.
 *
 * @example
 * awaitErrorPage(storage) // after taking back what the failed end wrote
 */
export function awaitErrorPage(storage: BaseStorage): void {
  if (typeof storage.endDisplay === 'function') storage.endDisplay(displayNotLate)
  if (typeof storage.reopen === 'function') storage.reopen()
}

function displayNotLate(): void {}

/**
 * Store the messages again as the error page leaves them (a storage's `store` replaces what it
 * wrote, so this is the error page's version). What the page displayed is settled first, as at any
 * request's end: a page that showed messages goes out with `Cache-Control: no-store`, so neither
 * the back button nor a cache shows them again once consumed. What cannot be stored is reported,
 * even with `strict: true`: the error handler already has the error, and the page is being sent. A
 * display after this store is reported as late, as after any request's end. Never throws; a
 * promise only when storing is asynchronous.
 *
 * @example
 * if (retrying) return storeForErrorPage(storage, config, seam, report)
 */
export function storeForErrorPage(
  storage: BaseStorage,
  config: FlashConfig,
  seam: FlashSeam,
  report: FlashReporter,
): Promise<void> | undefined {
  const reportFailure = (error: unknown) => report(failureText(storage, error, config))
  // Reopened for the page (awaitErrorPage): from now on an add is refused, as after any end.
  closeRequest(storage, config, report)
  try {
    settleDisplay(storage, config, seam, report)
    watchLateDisplay(storage, config, report)
    return persist(storage, config, (details, text) => report(text, details))?.then(undefined, reportFailure)
  } catch (error) {
    reportFailure(error)
    return undefined
  }
}

function failureText(storage: BaseStorage, error: unknown, config: FlashConfig): string {
  // strict: true: persist() throws the report it would otherwise have made.
  if (error instanceof MessagesNotStoredError) return error.message
  const lost = storage.queued
  const why = `storing them for the error page failed: ${String(error)}`
  if (lost.length > 0) return describeUnstored(lost, why, config)
  return `${config.adapter.name}: messages could not be stored for the error page: ${String(error)}`
}
