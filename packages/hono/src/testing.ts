/**
 * @module
 * `@flash/hono/testing`: Django's `assertMessages` for Hono `Response`s, from any test runner
 * (vitest, jest, `node:test`). Importing it switches on recording: from then on `flash()`
 * names each response's messages in an `x-flash-record` header, so the messages its request
 * ended with (stored and added, Django's `response.wsgi_request`) can be read back. Import it
 * only from tests; apps that never import it send no such header and pay nothing.
 *
 * @example
 * import { assertMessages, Message } from '@flash/hono/testing'
 * const res = await app.request('/notes', { method: 'POST', body: form })
 * assertMessages(res, [new Message(SUCCESS, 'Note saved.')])
 */

import type { Message } from '@flash/core'
import {
  type AssertMessagesOptions,
  assertResponseMessages,
  type ExpectedMessage,
  messagesOf as messagesOfResponse,
} from '@flash/core/testing'

export { DEBUG, ERROR, INFO, Message, SUCCESS, WARNING } from '@flash/core'
export { type AssertMessagesOptions, type ExpectedMessage, MessagesAssertionError } from '@flash/core/testing'

type CaptureStackTrace = (error: Error, caller: unknown) => void

/**
 * Django's `assertMessages(response, expected, ordered=True)`: the messages of the request behind
 * `response` (an `app.request` or `fetch` `Response`) equal `expected`, compared by level and
 * text (extra tags are ignored), in order or, with `{ ordered: false }`, as a multiset. Throws a
 * `MessagesAssertionError` (name `AssertionError`) listing both, with a stack that starts at the caller.
 *
 * @example
 * assertMessages(await app.request('/notes', { method: 'POST' }), [new Message(SUCCESS, 'Note saved.')])
 * assertMessages(res, [{ level: INFO, message: 'b' }, { level: INFO, message: 'a' }], { ordered: false })
 */
export function assertMessages(
  response: Response,
  expected: readonly ExpectedMessage[],
  options: AssertMessagesOptions = {},
): void {
  try {
    assertResponseMessages(response, expected, options)
  } catch (error) {
    ;(Error as { captureStackTrace?: CaptureStackTrace }).captureStackTrace?.(error as Error, assertMessages)
    throw error
  }
}

/**
 * The messages the request behind `response` ended with, in order: those it received and did
 * not display, and those it added. Throws when the response was not recorded (this module was
 * not imported before the request, or the app ran in another process).
 *
 * @example
 * messagesOf(await app.request('/notes', { method: 'POST' })).map(String) // ['Note saved.']
 */
export function messagesOf(response: Response): readonly Message[] {
  try {
    return messagesOfResponse(response)
  } catch (error) {
    ;(Error as { captureStackTrace?: CaptureStackTrace }).captureStackTrace?.(error as Error, messagesOf)
    throw error
  }
}
