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

// The adapter adds nothing to core's helpers: its `flash` already sends the record header, and
// core's `assertResponseMessages` reads it from any response shape and starts the stack at the caller.
export { DEBUG, ERROR, INFO, Message, SUCCESS, WARNING } from '@flash/core'
export {
  type AssertMessagesOptions,
  assertResponseMessages as assertMessages,
  type ExpectedMessage,
  MessagesAssertionError,
  messagesOf,
  RECORD_HEADER,
  type TestResponse,
} from '@flash/core/testing'
