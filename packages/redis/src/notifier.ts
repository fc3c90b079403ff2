/**
 * @module
 * `createNotifier`: add a message to a user's mailbox from anywhere (a background job, another
 * service). It is shown on that user's next page that displays messages, under the same level,
 * tag and safe-HTML rules as a message added in a request.
 */
import { levelTags, Message } from '@flash/core'
import { decodeEntry, encodeEntry } from './entry.js'
import { userMailbox } from './mailbox.js'
import { type NotifierOptions, resolveRedisOptions } from './options.js'
import { SETTLE } from './scripts.js'

const DEFAULT_TAGS = levelTags()

export interface NotifyOptions {
  /** Extra CSS tags for this message. @default '' */
  extraTags?: string | null
}

/**
 * Add `message` at `level` to `user`'s mailbox. Resolves with the oldest messages the
 * `maxMessages` limit dropped to make room (usually none); rejects when Redis cannot be reached
 * within `timeoutMs`, so a job can retry.
 */
export type Notify = (
  user: string | number,
  level: number,
  message: unknown,
  options?: NotifyOptions,
) => Promise<{ dropped: Message[] }>

/**
 * A `notify` function over `client`, for code that runs outside requests.
 *
 * @example
 * const notify = createNotifier({ client })
 * await notify('user-42', ERROR, 'Your export failed.')
 */
export function createNotifier(options: NotifierOptions): Notify {
  const resolved = resolveRedisOptions(options, 'createNotifier')
  return async (user, level, message, { extraTags = '' } = {}) => {
    if ((typeof user !== 'string' && typeof user !== 'number') || user === '') {
      throw new TypeError('@flash/redis: notify() needs the user key (a non-empty string or a number) first')
    }
    const stored = new Message(level, message, extraTags)
    // Empty text is ignored, as add_message() ignores it.
    if (stored.message === '' || (typeof stored.message !== 'string' && stored.message.value === '')) {
      return { dropped: [] }
    }
    const mailbox = userMailbox(resolved.prefix, String(user))
    const now = Date.now()
    const reply = await resolved.link.eval(
      SETTLE,
      [mailbox.list, mailbox.claimed],
      [String(resolved.maxAgeMs), String(resolved.maxMessages), '0', '0', '0', '0', encodeEntry(stored, now)],
    )
    const dropped = (Array.isArray(reply) ? reply.slice(1) : [])
      .map((entry) => decodeEntry(entry, DEFAULT_TAGS, now, Number.POSITIVE_INFINITY))
      .filter((m): m is Message => m !== null)
    return { dropped }
  }
}
