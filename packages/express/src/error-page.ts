/**
 * @module
 * The error page that follows a finish that failed before the headers were sent (`strict: true`
 * and messages that do not fit, a session store that failed to save messages the request added).
 * The error goes to the app's error handler, whose page is the response the browser gets, so what
 * the failed finish wrote (the message cookie, the session's messages) is taken back, and the
 * request is finished again when that page is sent: messages it displays are consumed, the others
 * are kept. Without this, the failed finish's cookie went out with the error page, and messages
 * the page displayed showed again on the next one.
 */
import {
  type BaseStorage,
  describeUnstored,
  FlashConfigError,
  MessagesNotStoredError,
  persist,
  settleDisplay,
  watchLateDisplay,
} from '@flash/core'
import { finishStateOf } from './carrier.js'
import type { Saving } from './save.js'

/**
 * Take back what the failed finish wrote and let the next `res.end` (the error page's) finish the
 * request again, once: the storage is closed, so that finish is {@link storeForErrorPage}, which
 * never fails. A storage that records changes in a store of its own (`storeDelta`: @flash/redis)
 * cannot be taken back, and storing again would append its messages twice: it stays finished, as
 * before (the error page's display is then reported as late).
 *
 * @example
 * pending.then(undefined, (error) => { reopenForErrorPage(saving, error); throw error })
 */
export function reopenForErrorPage({ res, storage, seam }: Saving, error: unknown): void {
  // A misconfiguration (storage 'session' without a session) fails the same way again: the error
  // names the fix, and a retry would only add a second report of it.
  if (error instanceof FlashConfigError) return
  const state = finishStateOf(res)
  if (state === undefined || res.headersSent || !storage.closed || storage.storeDelta !== undefined) return
  seam.takeBack()
  // What the error page displays before its store is consumed by it: not a late display to report
  // (storeForErrorPage reports those that come after).
  if (typeof storage.endDisplay === 'function') storage.endDisplay(displayNotLate)
  state.finished = false
}

function displayNotLate(): void {}

/**
 * Store the messages again as the error page leaves them (a storage's `store` replaces what it
 * wrote, so this is the error page's version). What the page displayed is settled first, as at any
 * request's end: a page that showed messages goes out with `Cache-Control: no-store`, so neither
 * the back button nor a cache shows them again once consumed. What cannot be stored is reported,
 * even with `strict: true`: the error handler already has the error, and the page is being sent. A
 * display after this store is reported as late, as after any request's end: a streamed page stores
 * at its first write, so what its `res.end` displays shows again on the next page.
 *
 * @example
 * if (storage.closed) return afterEnd(saving, storeForErrorPage(saving), canWait, false)
 */
export function storeForErrorPage({ storage, seam, context }: Saving): Promise<void> | undefined {
  const reportFailure = (error: unknown) => context.report(failureText(storage, error, context.config))
  settleDisplay(storage, context.config, seam, context.report)
  watchLateDisplay(storage, context.config, context.report)
  try {
    return persist(storage, context.config, (details, text) => context.report(text, details))?.then(
      undefined,
      reportFailure,
    )
  } catch (error) {
    reportFailure(error)
    return undefined
  }
}

function failureText(storage: BaseStorage, error: unknown, config: Saving['context']['config']): string {
  // strict: true: persist() throws the report it would otherwise have made.
  if (error instanceof MessagesNotStoredError) return error.message
  const lost = storage.queued
  const why = `storing them for the error page failed: ${String(error)}`
  if (lost.length > 0) return describeUnstored(lost, why, config)
  return `${config.adapter.name}: messages could not be stored for the error page: ${String(error)}`
}
