/**
 * @module
 * The end of one request, in one place: the success message of a wrapped route, the test
 * recording, the core's `endRequest` (persist once, refuse later adds, report what is lost), then
 * express-session's save, so a redirect never reaches the browser before its message is stored.
 * When that fails before the headers are sent, the app's error page finishes it again
 * (error-page.ts); a failed save that loses no message sends the page (unsaved-session.ts).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  activeRecorder,
  type BaseStorage,
  endRequest,
  type FlashConfig,
  type FlashReporter,
  RECORD_HEADER,
  recordForTests,
  storeForErrorPage,
} from '@flash/core'
import { reopenForErrorPage } from './error-page.js'
import type { ExpressSeam, ExpressSession } from './seam.js'
import { type SessionOrder, sessionAfterFlash } from './session-order.js'
import { addPendingSuccess } from './success-message.js'
import { sessionNotSaved } from './unsaved-session.js'

/** What one `flash()` middleware shares between its requests. */
export interface FlashContext {
  readonly config: FlashConfig
  readonly report: FlashReporter
  /** Present when the storage uses a session. */
  readonly order: SessionOrder | undefined
}

export interface Saving {
  readonly req: IncomingMessage
  readonly res: ServerResponse
  readonly storage: BaseStorage
  readonly seam: ExpressSeam
  readonly context: FlashContext
}

/**
 * End the request; a promise only when there is something to wait for. With `canWait` (from
 * `res.end`), a session written here is saved before the response goes out, so a redirect never
 * reaches the browser before its message reaches the session store.
 *
 * @example
 * const pending = saveMessages(saving, true)
 */
export function saveMessages(saving: Saving, canWait: boolean): Promise<void> | undefined {
  const { req, res, storage, seam, context } = saving
  // Finished again: the app's error page, after a finish that failed (reopenForErrorPage).
  if (seam.errorPagePending) {
    seam.errorPagePending = false
    return afterEnd(saving, storeForErrorPage(storage, context.config, seam, context.report), canWait, false)
  }
  const { config, report, order } = context
  if (order) checkOrder(saving, order)
  addPendingSuccess(req, res)
  if (!canWait) return endRequest(storage, config, seam, report)
  const strict = config.strict
  let ending: Promise<void> | undefined
  try {
    if (activeRecorder()) {
      // Only while a test imported @flash/express/testing: name this request's messages.
      ending = recordForTests(storage).then((id) => {
        if (id !== undefined) res.setHeader(RECORD_HEADER, id)
        return afterEnd(saving, endRequest(storage, config, seam, report), true, strict)
      })
    } else {
      ending = afterEnd(saving, endRequest(storage, config, seam, report), true, strict)
    }
  } catch (error) {
    reopenForErrorPage(saving, error)
    throw error
  }
  // The failure goes to the app's error handler (before-headers.ts), whose page finishes again.
  return ending?.then(undefined, (error: unknown) => {
    reopenForErrorPage(saving, error)
    throw error
  })
}

/**
 * A session that appeared after flash() (express-session on a router mounted after it) is
 * written and saved here all the same; later requests fail with the error naming the fix.
 */
function checkOrder({ seam, context }: Saving, order: SessionOrder): void {
  if (!seam.sessionMountedAfter()) {
    order.settle()
    return
  }
  order.wrong()
  context.report(sessionAfterFlash().message)
}

/**
 * From `res.end` (`canWait`), save the session once the messages are stored; a failed save that
 * loses messages the request added is thrown when `mayThrow` (`strict: true`), else reported.
 */
function afterEnd(
  saving: Saving,
  ended: Promise<void> | undefined,
  canWait: boolean,
  mayThrow: boolean,
): Promise<void> | undefined {
  if (!canWait) return ended
  if (ended) return ended.then(() => saveBeforeSending(saving, mayThrow))
  return saveBeforeSending(saving, mayThrow)
}

function saveBeforeSending(saving: Saving, mayThrow: boolean): Promise<void> | undefined {
  return saveSession(saving)?.then(undefined, (error: unknown) => sessionNotSaved(saving, error, mayThrow))
}

/**
 * Save the session when the request wrote it; a promise until the store answered. From `res.end`
 * (express-session saves there too, but sends the headers before its store answered), and once a
 * streamed response's headers are out (express-session would save only at `res.end`, which a pipe
 * the visitor left, or a server-sent events handler, never calls). Its own save at `res.end` then
 * finds the session saved (it compares a hash of it) and does not save it again unless the app
 * changed it since. A session without `save` (cookie-session) is written into its cookie as the
 * headers go out.
 *
 * @example
 * state.afterHeaders = () => saveSession(saving)
 */
export function saveSession({ req, seam }: Saving): Promise<void> | undefined {
  // The seam first: every property read on an Express request costs (its own hidden class), and
  // most requests wrote no session.
  if (!seam.sessionWritten) return undefined
  const session = (req as { session?: ExpressSession | null }).session
  if (typeof session?.save !== 'function') return undefined
  return new Promise((resolve, reject) => {
    session.save!((error) => (error ? reject(error) : resolve()))
  })
}
