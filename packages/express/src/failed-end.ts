/**
 * @module
 * The end of a request that failed. While nothing was sent, the app's error handler answers, with
 * a response of its own (the headers of the abandoned one's body and redirect removed), and its page
 * finishes the request again when the failed finish was taken back (error-page.ts);
 * after, only the log can say it, and it says what was really lost: the messages the request
 * added and did not display, whose cookie came after the headers. A response that only
 * displayed messages loses none (an asynchronous backend such as @flash/redis settled them
 * already), so it is not reported.
 */
import type { ServerResponse } from 'node:http'
import { type BaseStorage, describeUnstored } from '@flash/core'
import type { NextFunction } from 'express'
import type { FinishState } from './carrier.js'
import type { FlashContext } from './save.js'

/** What a failed end reads: the request's response, storage, finish state and middleware. */
export interface Ending {
  readonly res: ServerResponse
  readonly storage: BaseStorage
  readonly state: FinishState
  readonly context: FlashContext
  readonly next: NextFunction
}

const ASYNCHRONOUS_STORAGE = 'the asynchronous storage (Web Crypto or a custom storage such as @flash/redis)'

const STREAMED =
  `the response headers were sent by res.write() or a pipe before ${ASYNCHRONOUS_STORAGE} wrote its ` +
  'cookie; add messages in responses sent whole (res.send(), res.json(), res.redirect()), which wait for ' +
  'the storage, or use the default crypto (node:crypto) with the built-in storages'

const WRAPPED_LATER =
  `res.end was wrapped after messages were used (by code that runs after the handler used them) and ` +
  `sent the headers before ${ASYNCHRONOUS_STORAGE} wrote its cookie; wrap res.end before messages are ` +
  'used, or mount the middleware that wraps it before flash()'

/**
 * Hand `error` to the app's error handler while nothing was sent; after, report what it cost.
 *
 * @example
 * state.fail = (error, headersSent) => endFailed({ res, storage, state, context, next }, error, headersSent)
 */
export function endFailed(ending: Ending, error: unknown, headersSent: boolean): void {
  if (!headersSent) {
    dropAbandonedBody(ending.res)
    setImmediate(() => ending.next(error))
    return
  }
  const { res, storage, state, context } = ending
  if ((error as { code?: unknown } | null)?.code !== 'ERR_HTTP_HEADERS_SENT') {
    // E.g. the session store failed to save what a streamed response's request added: name them.
    const added = storage.queued
    context.report(
      added.length > 0
        ? describeUnstored(
            added,
            `the response headers were already sent when storing failed: ${String(error)}`,
            context.config,
          )
        : `${context.config.adapter.name}: messages could not be stored, the response headers were already sent: ${String(error)}`,
    )
    return
  }
  const lost = storage.queued
  if (lost.length === 0) return
  // Our end is no longer what res.end runs: a later middleware's end sent the headers.
  const why = res.end === state.end ? STREAMED : WRAPPED_LATER
  context.report(describeUnstored(lost, why, context.config))
}

/**
 * The headers that described the response the failed finish abandoned: its body and its redirect.
 * Left on, they describe the error page instead: a streamed page under the redirect's
 * `Content-Length` hangs the browser waiting for the rest, and `res.send(html)` keeps the
 * `Content-Type: application/json` of a `res.json()`. Express's default error handler
 * (finalhandler) drops body headers too. Cookies stay: the failed finish's own were taken back
 * (error-page.ts), and the app's are the app's.
 */
const ABANDONED_BODY_HEADERS = [
  'Content-Length',
  'Content-Type',
  'Content-Encoding',
  'Content-Language',
  'Content-Range',
  'Content-Disposition',
  'ETag',
  'Last-Modified',
  'Location',
] as const

function dropAbandonedBody(res: ServerResponse): void {
  if (res.headersSent) return
  for (const name of ABANDONED_BODY_HEADERS) res.removeHeader(name)
}
