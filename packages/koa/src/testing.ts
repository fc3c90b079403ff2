/**
 * @module
 * `@flash/koa/testing`: Django's `assertMessages` for tests of Koa apps, with any test runner
 * (vitest, jest, `node:test`). Importing it switches on the recording of each request's
 * messages (an `x-flash-record` response header), in the test process only.
 *
 * @example
 * import { assertMessages, Message } from '@flash/koa/testing'
 * import { SUCCESS } from '@flash/koa'
 * const response = await fetch(`${base}/notes`, { method: 'POST', body, redirect: 'manual' })
 * assertMessages(response, [new Message(SUCCESS, 'Note saved.')])
 */
import {
  type AssertMessagesOptions,
  assertResponseMessages,
  type ExpectedMessage,
  type TestResponse,
} from '@flash/core/testing'

export { DEBUG, ERROR, INFO, Message, SUCCESS, WARNING } from '@flash/core'
export {
  type AssertMessagesOptions,
  type ExpectedMessage,
  MessagesAssertionError,
  messagesOf,
  type TestResponse,
} from '@flash/core/testing'

/**
 * Assert that the request behind `response` ended with exactly the `expected` messages (those it
 * read and those it added), compared by level and text as Django's `Message.__eq__` does: extra
 * tags are ignored. In order by default; `{ ordered: false }` compares them as a multiset. Throws
 * a `MessagesAssertionError` (`name` "AssertionError", with `actual` and `expected` lists) whose
 * stack starts at the caller.
 *
 * `response` is a `fetch` `Response`, a supertest response, or anything with the response
 * headers; the app must run in the test process, and this module must be imported before the
 * request is made.
 *
 * @example
 * const response = await fetch(`${base}/notes`, { method: 'POST', body: form, redirect: 'manual' })
 * assertMessages(response, [new Message(SUCCESS, 'Note saved.')])
 * assertMessages(response, [warningMessage, infoMessage], { ordered: false })
 */
export function assertMessages(
  response: TestResponse,
  expected: readonly ExpectedMessage[],
  options: AssertMessagesOptions = {},
): void {
  try {
    assertResponseMessages(response, expected, options)
  } catch (error) {
    // Point the failure at the test, not at this wrapper.
    ;(Error as { captureStackTrace?: (e: object, f: unknown) => void }).captureStackTrace?.(
      error as object,
      assertMessages,
    )
    throw error
  }
}
