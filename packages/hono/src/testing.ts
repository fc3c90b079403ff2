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
