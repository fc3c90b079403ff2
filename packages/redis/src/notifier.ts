/**
 * @module
 * `createNotifier`: add a message to a user's mailbox from anywhere (a background job, another
 * service). It is shown on that user's next page that displays messages, under the same level,
 * tag and safe-HTML rules as a message added in a request.
 */
import { isSafe, levelTags, Message, type MessageText } from '@flash/core'
import { decodeEntry, encodeEntry } from './entry.js'
import { userMailbox } from './mailbox.js'
import { type NotifierOptions, resolveRedisOptions } from './options.js'
import { SETTLE } from './scripts.js'
import { describeArgument as describe, notifyUserKey } from './user-key.js'

const DEFAULT_TAGS = levelTags()

export interface NotifyOptions {
  /** Extra CSS tags for this message. @default '' */
  extraTags?: string | null
}

/**
 * Add `message` at `level` to `user`'s mailbox. Resolves with the oldest messages the
 * `maxMessages` limit dropped to make room (usually none); rejects when Redis cannot be reached
 * within `timeoutMs`, so a job can retry. An empty `message` is ignored, as in a request.
 * Arguments of the wrong kind reject with a `TypeError` naming the argument, before Redis is
 * touched: `user` must be a string that is not blank or a finite number (the key the `user`
 * option of `redisStorage` returns for that user), `level` an integer, `message` a string or
 * `markSafe()` HTML.
 */
export type Notify = (
  user: string | number,
  level: number,
  message: MessageText,
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
    const key = notifyUserKey(user)
    if (!Number.isInteger(level)) {
      throw new TypeError(
        '@flash/redis: notify() argument "level" must be an integer (DEBUG 10, INFO 20, SUCCESS 25, WARNING 30, ' +
          `ERROR 40, or a level of your own); got ${describe(level)}`,
      )
    }
    if (typeof message !== 'string' && !isSafe(message)) {
      throw new TypeError(
        `@flash/redis: notify() argument "message" must be a string, or HTML marked with markSafe(); got ${describe(message)}`,
      )
    }
    // Empty text is ignored, as add_message() ignores it.
    if (String(message) === '') return { dropped: [] }
    const stored = new Message(level, message, extraTags)
    const mailbox = userMailbox(resolved.prefix, key)
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
