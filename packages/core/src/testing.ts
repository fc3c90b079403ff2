/**
 * @module
 * `@flash/core/testing`: Django's `assertMessages` for any test runner. Adapters expose the
 * messages of the request behind a test response; this compares them by level and text.
 */
import { Message } from './message.js'

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
