/**
 * @module
 * Persisting one request's messages, in one place: the success message of a wrapped route, the
 * test recording, the core's `persist`, express-session's save, and refusing later adds.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  activeRecorder,
  type BaseStorage,
  type FlashConfig,
  MessageFailure,
  persist,
  RECORD_HEADER,
  recordForTests,
  type UnstoredReporter,
} from '@flash/core'
import type { FlashLogger } from './options.js'
import type { ExpressSeam, ExpressSession } from './seam.js'
import { type SessionOrder, sessionAfterFlash } from './session-order.js'
import { addPendingSuccess } from './success-message.js'

/** What one `flash()` middleware shares between its requests. */
export interface FlashContext {
  readonly config: FlashConfig
  readonly logger: FlashLogger
  readonly report: UnstoredReporter
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
 * Store the messages; a promise only when there is something to wait for. With `canWait` (from
 * `res.end`), a session written here is saved before the response goes out, so a redirect never
 * reaches the browser before its message reaches the session store.
 *
 * @example
 * const pending = saveMessages(saving, true)
 */
export function saveMessages(saving: Saving, canWait: boolean): Promise<void> | undefined {
  const { req, res, storage, context } = saving
  const { config, report, order } = context
  if (order) checkOrder(saving, order)
  addPendingSuccess(req, res)
  refuseLateAdds(storage)
  if (canWait && activeRecorder()) {
    // Only while a test imported @flash/express/testing: name this request's messages.
    return recordForTests(storage).then((id) => {
      if (id !== undefined) res.setHeader(RECORD_HEADER, id)
      return afterPersist(saving, persist(storage, config, report), canWait)
    })
  }
  return afterPersist(saving, persist(storage, config, report), canWait)
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
  context.logger.warn(sessionAfterFlash().message)
}

function afterPersist(
  saving: Saving,
  persisted: Promise<void> | undefined,
  canWait: boolean,
): Promise<void> | undefined {
  if (!canWait) return persisted
  if (persisted) return persisted.then(() => saveSession(saving))
  return saveSession(saving)
}

/** express-session saves at `res.end` too, but sends the headers before its store answered. */
function saveSession({ req, seam }: Saving): Promise<void> | undefined {
  const session = (req as { session?: ExpressSession | null }).session
  if (!seam.sessionWritten || typeof session?.save !== 'function') return undefined
  return new Promise((resolve, reject) => {
    session.save!((error) => (error ? reject(error) : resolve()))
  })
}

/**
 * From now on the storage is gone with the response: a message added later (after `res.end`,
 * in a `finish` listener, in a stream callback) throws instead of disappearing. One function
 * for every storage: no closure per request.
 */
function refuseLateAdds(storage: BaseStorage): void {
  storage.add = refuseLateAdd
}

function refuseLateAdd(_level: number, message: unknown): never {
  throw new MessageFailure(
    `@flash/express: a message was added after the response was finished (res.end, res.send, res.json, ` +
      `res.render or res.redirect was already called, or a stream started), so it can no longer be stored; ` +
      `add it before sending the response: ${JSON.stringify(String(message).slice(0, 80))}`,
  )
}
