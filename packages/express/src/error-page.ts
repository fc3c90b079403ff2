/**
 * @module
 * The error page that follows a finish that failed before the headers were sent (`strict: true`
 * and messages that do not fit, a session store that failed to save messages the request added).
 * The error goes to the app's error handler, whose page is the response the browser gets, so what
 * the failed finish wrote (the message cookie, the session's messages) is taken back, and the
 * request is finished again when that page is sent (the core's `storeForErrorPage`, from save.ts):
 * messages it displays are consumed, the others are kept. Without this, the failed finish's cookie
 * went out with the error page, and messages the page displayed showed again on the next one.
 */
import { awaitErrorPage, canStoreAgain } from '@flash/core'
import { finishStateOf } from './carrier.js'
import type { Saving } from './save.js'

/**
 * Take back what the failed finish wrote and let the next `res.end` (the error page's) finish the
 * request again, once: the storage is closed, so that finish stores for the error page, which
 * never fails. Where the core's `canStoreAgain` says no (a misconfiguration, a storage with
 * `storeDelta`), the request stays finished, as before (the error page's display is then reported
 * as not consumed).
 *
 * @example
 * pending.then(undefined, (error) => { reopenForErrorPage(saving, error); throw error })
 */
export function reopenForErrorPage({ res, storage, seam }: Saving, error: unknown): void {
  const state = finishStateOf(res)
  if (state === undefined || res.headersSent || !canStoreAgain(storage, error)) return
  seam.takeBack()
  awaitErrorPage(storage)
  seam.errorPagePending = true
  state.finished = false
}
