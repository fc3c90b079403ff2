/**
 * @module
 * `@flash/core/testing`: Django's `assertMessages` for any test runner. Adapters expose the
 * messages of the request behind a test response; this compares them by level and text.
 */
import { Message } from './message.js'
import { installRecorder, RECORD_HEADER } from './recorder.js'

// Importing this module is what switches recording on (see recorder.ts).
installRecorder()

/** An expected message: a `Message`, or `{ level, message }`. */
export type ExpectedMessage = Message | { level: number; message: string }

export interface AssertMessagesOptions {
  /** Compare in order (default), or as a multiset. @default true */
  ordered?: boolean
}

/** Thrown by {@link assertMessages}; carries `actual` and `expected` for test runners' diffs. */
export class MessagesAssertionError extends Error {
  override name = 'AssertionError'
  constructor(
    message: string,
    readonly actual: string[],
    readonly expected: string[],
  ) {
    super(message)
  }
}

/** Django's repr of the level and text only (extra tags are not compared). */
function describe(m: ExpectedMessage): string {
  return new Message(m.level, m.message).inspect()
}

/**
 * Assert that `actual` holds exactly the `expected` messages, compared by level and text (extra
 * tags are ignored, as in Django). Iterating `actual` consumes it, like Django's helper.
 *
 * @example
 * assertMessages(messagesOf(response), [new Message(SUCCESS, 'Note saved.')])
 */
export function assertMessages(
  actual: Iterable<Message>,
  expected: readonly ExpectedMessage[],
  options: AssertMessagesOptions = {},
): void {
  const have = [...actual].map(describe)
  const want = expected.map(describe)
  const ordered = options.ordered ?? true
  const same = ordered
    ? have.length === want.length && have.every((m, i) => m === want[i])
    : have.length === want.length && [...have].sort().every((m, i) => m === [...want].sort()[i])
  if (same) return
  const error = new MessagesAssertionError(
    `Messages differ${ordered ? '' : ' (unordered)'}: [${have.join(', ')}] != [${want.join(', ')}]`,
    have,
    want,
  )
  // Point the failure at the test, not at this helper (Django hides its own frames too).
  ;(Error as { captureStackTrace?: (e: Error, f: unknown) => void }).captureStackTrace?.(
    error,
    assertMessages,
  )
  throw error
}

/** Any test response: `fastify.inject`, `fetch`, supertest, a Hono `Response`. */
export type TestResponse =
  | { headers: Headers }
  | { headers: Record<string, string | string[] | number | undefined> }
  | { header: Record<string, string | string[] | undefined> }

function recordId(response: TestResponse): string | undefined {
  const headers = 'headers' in response ? response.headers : response.header
  const value =
    typeof (headers as Headers).get === 'function'
      ? (headers as Headers).get(RECORD_HEADER)
      : (headers as Record<string, unknown>)[RECORD_HEADER]
  return value === null || value === undefined ? undefined : String(value)
}

/**
 * The messages the request behind `response` ended with (stored and added), in order. Throws
 * when the response was not recorded: the app must run in this process, with this module
 * imported before the request.
 *
 * @example
 * const response = await app.inject({ method: 'POST', url: '/notes' })
 * messagesOf(response).map(String) // ['Note saved.']
 */
export function messagesOf(response: TestResponse): readonly Message[] {
  const id = recordId(response)
  const messages = id === undefined ? undefined : installRecorder().get(id)
  if (!messages) {
    const error = new Error(
      `@flash/core/testing: this response carries no recorded messages (no "${RECORD_HEADER}" header); import ` +
        'the testing entry of your adapter before the request is made, and run the app in the test process',
    )
    ;(Error as { captureStackTrace?: (e: Error, f: unknown) => void }).captureStackTrace?.(error, messagesOf)
    throw error
  }
  return messages
}

/**
 * Django's `assertMessages(response, expected, ordered=True)`: the messages of the request
 * behind `response`, compared by level and text.
 *
 * @example
 * assertResponseMessages(await app.inject({ method: 'POST', url: '/notes' }), [new Message(SUCCESS, 'Note saved.')])
 */
export function assertResponseMessages(
  response: TestResponse,
  expected: readonly ExpectedMessage[],
  options: AssertMessagesOptions = {},
): void {
  try {
    assertMessages(messagesOf(response), expected, options)
  } catch (error) {
    ;(Error as { captureStackTrace?: (e: Error, f: unknown) => void }).captureStackTrace?.(
      error as Error,
      assertResponseMessages,
    )
    throw error
  }
}

export { RECORD_HEADER } from './recorder.js'
