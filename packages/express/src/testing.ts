/**
 * @module
 * `@flash/express/testing`: Django's `assertMessages` for tests of Express apps, with any test
 * runner (vitest, jest, `node:test`) and any client (fetch, supertest). Importing it switches on
 * the recording of each request's messages (an `x-flash-record` response header), in the test
 * process only.
 *
 * @example
 * import { assertMessages, Message } from '@flash/express/testing'
 * import { SUCCESS } from '@flash/express'
 * const response = await fetch(`${base}/notes`, { method: 'POST', body, redirect: 'manual' })
 * assertMessages(response, [new Message(SUCCESS, 'Note saved.')])
 */

// The adapter adds nothing to core's helpers: its `flash` already sends the record header, and
// core's `assertResponseMessages` reads it from any response shape and starts the stack at the caller.
export { DEBUG, ERROR, INFO, Message, SUCCESS, WARNING } from '@flash/core'
export {
  type AssertMessagesOptions,
  assertResponseMessages as assertMessages,
  type ExpectedMessage,
  MessagesAssertionError,
  messagesOf,
  type TestResponse,
} from '@flash/core/testing'
