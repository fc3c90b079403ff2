/**
 * @module
 * `createNotifier`: add a message to a user's mailbox from anywhere (a background job, another
 * service). It is shown on that user's next page that displays messages, under the same level,
 * tag and safe-HTML rules as a message added in a request.
 */
import { isEmptyMessage, isPromiseLike, levelTags, Message, type MessageText, toLevel } from '@flash/core'
import { decodeEntry, encodeEntry, randomId } from './entry.js'
import { userMailbox } from './mailbox.js'
import { type NotifierOptions, resolveRedisOptions } from './options.js'
import { SETTLE, settleKey } from './scripts.js'
import { describeArgument as describe, notifyUserKey } from './user-key.js'

const DEFAULT_TAGS = levelTags()

export interface NotifyOptions {
  /** Extra CSS tags for this message. @default '' */
  extraTags?: string | null | undefined
}

/**
 * Add `message` at `level` to `user`'s mailbox. Resolves with the oldest messages the
 * `maxMessages` limit dropped to make room (usually none); rejects when Redis cannot be reached
 * within `timeoutMs`, so a job can retry. `level` and `message` follow the rules of a message added
 * in a request: a level is what Python's `int()` makes of it (`'40'`, `39.9`), text that is not a
 * string is converted with `String()`, and an empty message (`''`, `null`, `undefined`) is
 * ignored. A `user` that names no mailbox, or a level that is no number, rejects with a
 * `TypeError` naming the argument, before Redis is touched: `user` must be a string that is not
 * blank or a finite number (the key the `user` option of `redisStorage` returns for that user).
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
    // The rules of a message added in a request (Django's add_message): a level is what int()
    // makes of it ('40' and 39.9 too), text that is not a string is converted, empty text is ignored.
    let levelNumber: number
    try {
      levelNumber = toLevel(level)
    } catch {
      throw new TypeError(
        '@flash/redis: notify() argument "level" must be an integer (DEBUG 10, INFO 20, SUCCESS 25, WARNING 30, ' +
          `ERROR 40, or a level of your own); got ${describe(level)}`,
      )
    }
    if (isPromiseLike(message)) {
      throw new TypeError(
        '@flash/redis: notify() argument "message" is a Promise, whose text would read "[object Promise]": ' +
          "await it first, e.g. await notify(user, ERROR, await t('export-failed'))",
      )
    }
    if (isEmptyMessage(message)) return { dropped: [] }
    const stored = new Message(levelNumber, message, extraTags)
    const mailbox = userMailbox(resolved.prefix, key)
    const now = Date.now()
    const reply = await resolved.link.eval(
      SETTLE,
      [mailbox.list, mailbox.claimed, settleKey(mailbox.list, randomId())],
      [String(resolved.maxAgeMs), String(resolved.maxMessages), '0', '0', '0', '0', encodeEntry(stored, now)],
    )
    const dropped = (Array.isArray(reply) ? reply.slice(1) : [])
      .map((entry) => decodeEntry(entry, DEFAULT_TAGS, now, Number.POSITIVE_INFINITY))
      .filter((m): m is Message => m !== null)
    return { dropped }
  }
}
