/**
 * @module
 * `@flash/fastify/testing`: Django's `assertMessages` for tests of a Fastify app, with any test
 * runner (vitest, jest, `node:test`): it imports none. Importing this module switches on test
 * recording, so import it before the requests are made; the app must run in the test process.
 *
 * @example
 * import { assertMessages, Message, SUCCESS } from '@flash/fastify/testing'
 * const response = await app.inject({ method: 'POST', url: '/notes', payload: { title: 'Hi' } })
 * assertMessages(response, [new Message(SUCCESS, 'Hi was created successfully')])
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
  RECORD_HEADER,
  type TestResponse,
} from '@flash/core/testing'

/**
 * Django's `assertMessages(response, expected, ordered=True)`: the messages of the request
 * behind `response` (those it found stored and those it added), compared with `expected` by
 * level and text; extra tags are ignored. `response` is a `fastify.inject` response, a `fetch`
 * `Response` or a supertest response. Throws a `MessagesAssertionError` (`name` is
 * `'AssertionError'`) that shows both lists, with a stack that starts at the caller.
 *
 * @example
 * assertMessages(await app.inject({ method: 'POST', url: '/notes' }), [new Message(SUCCESS, 'Note saved.')])
 * assertMessages(response, [new Message(WARNING, 'b'), new Message(INFO, 'a')], { ordered: false })
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
