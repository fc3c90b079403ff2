/**
 * @module
 * The end of a request: persist the storage and make sure nothing is lost silently.
 */
import { MessagesNotStoredError } from './errors.js'
import { isPromiseLike } from './maybe-promise.js'
import type { Message } from './message.js'
import type { FlashConfig } from './options.js'
import type { BaseStorage } from './storage/base.js'
import { checkUnstored } from './storage/contract.js'

/** Receives the report of messages that could not be stored (e.g. `request.log.warn`). */
export type UnstoredReporter = (
  details: { unstored: { level: number; message: string }[] },
  text: string,
) => void

/**
 * Run `storage.update()`. Adapters call `endRequest` (request-end.ts) instead, which runs this once
 * per request and refuses later adds. A failed read that the request saw (its messages read as
 * none) is reported through `warn` first. If messages could not be stored (plain cookie storage
 * overflowed, or fallback storage overflowed without a session), report them through `warn`, or throw a
 * {@link MessagesNotStoredError} when the configuration is `strict`. Returns `undefined`, not a
 * promise, when the storage had nothing to store or stored synchronously (node:crypto, an
 * in-memory session): adapters skip the await then. A synchronous failure is thrown at once.
 *
 * @example
 * await persist(request.messages, config, (details, text) => request.log.warn(details, text))
 */
export function persist(
  storage: BaseStorage,
  config: FlashConfig,
  warn: UnstoredReporter,
): Promise<void> | undefined {
  reportReadFailure(storage, config, warn)
  const pending = storage.update()
  if (pending === null) return undefined
  if (isPromiseLike(pending)) return pending.then((unstored) => report(unstored, storage, config, warn))
  report(pending, storage, config, warn)
  return undefined
}

/** A read that failed on a request that then read its messages: they showed as none. Say so. */
function reportReadFailure(storage: BaseStorage, config: FlashConfig, warn: UnstoredReporter): void {
  const failure = storage.readFailure
  if (failure === undefined) return
  const text = storage.describeReadFailure(failure.error)
  if (text !== null) warn({ unstored: [] }, `${config.adapter.name}: ${text}`)
}

function report(
  returned: Message[],
  storage: BaseStorage,
  config: FlashConfig,
  warn: UnstoredReporter,
): void {
  // What store()/storeDelta() returned: typed, but a forgotten `return []` reaches here as undefined.
  const unstored = checkUnstored(returned, storage, config.adapter.name)
  if (unstored.length === 0) return
  const text = describeUnstored(unstored, storage.unstoredReason(), config)
  if (config.strict) throw new MessagesNotStoredError(text, unstored)
  warn(unstoredDetails(unstored), text)
}

/** The one-line report of lost messages: how many, why, and the start of each text. */
export function describeUnstored(unstored: readonly Message[], reason: string, config: FlashConfig): string {
  const count = unstored.length === 1 ? '1 message' : `${unstored.length} messages`
  const texts = unstored.map((m) => JSON.stringify(String(m).slice(0, 80))).join(', ')
  return `${config.adapter.name}: ${count} could not be stored and will not be shown (${reason}): ${texts}`
}

/** The structured half of a report, for loggers that keep fields. */
export function unstoredDetails(unstored: readonly Message[]): {
  unstored: { level: number; message: string }[]
} {
  return { unstored: unstored.map((m) => ({ level: m.level, message: String(m) })) }
}
