/**
 * @module
 * Django's message JSON: a message is `["__json_message", safe, level, text, extraTags?]`
 * (the fifth element only when extra tags are not null), a list of them is the stored value,
 * and the string `"__messagesnotfinished__"` at the end says the rest is in the session.
 */
import { type JsonSeparators, pythonJson, pythonJsonString } from './encoding/python-json.js'
import { Message } from './message.js'
import { isSafe, markSafe } from './safe.js'
import type { LevelTags } from './tags.js'

export const MESSAGE_KEY = '__json_message'
export const NOT_FINISHED = '__messagesnotfinished__'
/** The sentinel as a serialised list element. */
export const NOT_FINISHED_JSON = `"${NOT_FINISHED}"`

function messageArray(value: unknown): unknown {
  if (!(value instanceof Message)) return isSafe(value) ? value.value : value
  const array: unknown[] = [MESSAGE_KEY, isSafe(value.message) ? 1 : 0, value.level, String(value.message)]
  if (value.extraTags !== null) array.push(value.extraTags)
  return array
}

/**
 * What every message's JSON starts with, by its `safe` flag (0, 1), made once: joining them on each
 * message was three of the string concatenations a cookie store made per message.
 */
const COMPACT_STARTS = [`["${MESSAGE_KEY}",0,`, `["${MESSAGE_KEY}",1,`] as const
const DEFAULT_STARTS = [`["${MESSAGE_KEY}", 0, `, `["${MESSAGE_KEY}", 1, `] as const

/** One message as a JSON list element, written as Python would. */
export function serializeMessage(message: Message, separators: JsonSeparators = 'compact'): string {
  // The common shape, written directly: what pythonJson(message, separators, messageArray) writes.
  const level = message.level
  const extraTags = message.extraTags
  if (
    typeof level === 'number' &&
    Number.isFinite(level) &&
    (extraTags === null || typeof extraTags === 'string')
  ) {
    const compact = separators === 'compact'
    const item = compact ? ',' : ', '
    const text = message.message
    const start = (compact ? COMPACT_STARTS : DEFAULT_STARTS)[isSafe(text) ? 1 : 0]
    const head = `${start}${String(level)}${item}${pythonJsonString(String(text))}`
    return extraTags === null ? `${head}]` : `${head}${item}${pythonJsonString(extraTags)}]`
  }
  return pythonJson(message, separators, messageArray)
}

/**
 * Any JSON data with messages inside, written as Python's `MessageEncoder` would
 * (Django's `test_json_encoder_decoder`).
 */
export function encodeMessageJson(value: unknown, separators: JsonSeparators = 'compact'): string {
  return pythonJson(value, separators, messageArray)
}

/**
 * Parse JSON text and turn every `["__json_message", ...]` list inside it, at any depth, back
 * into a {@link Message} (Django's `MessageDecoder`). Throws on invalid JSON.
 */
export function decodeMessageJson(text: string, levelTags?: LevelTags): unknown {
  return revive(JSON.parse(text), levelTags)
}

function revive(value: unknown, levelTags: LevelTags | undefined): unknown {
  if (Array.isArray(value)) {
    const message = toMessage(value, levelTags)
    return message ?? value.map((item) => revive(item, levelTags))
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = Object.create(null)
    for (const [key, item] of Object.entries(value)) out[key] = revive(item, levelTags)
    return out
  }
  return value
}

/** A message from its list form, or `undefined` when the list is not a well-formed message. */
function toMessage(array: readonly unknown[], levelTags: LevelTags | undefined): Message | undefined {
  if (array[0] !== MESSAGE_KEY || array.length < 4 || array.length > 5) return undefined
  const [, safe, level, text, extraTags] = array
  if (typeof level !== 'number' || !Number.isInteger(level) || typeof text !== 'string') return undefined
  if (extraTags !== undefined && extraTags !== null && typeof extraTags !== 'string') return undefined
  return new Message(level, safe ? markSafe(text) : text, extraTags ?? null, levelTags)
}

/** What a stored list holds: its messages, and whether the sentinel said more is elsewhere. */
export interface StoredList {
  readonly messages: Message[]
  readonly notFinished: boolean
}

/**
 * Read a stored message list strictly: a JSON array of well-formed messages, optionally ending
 * with the sentinel. Anything else (another shape, a stray string, a malformed message) is `null`,
 * which storages treat as bad data.
 */
export function parseMessageList(data: unknown, levelTags: LevelTags): StoredList | null {
  if (!Array.isArray(data)) return null
  const notFinished = data.length > 0 && data[data.length - 1] === NOT_FINISHED
  const count = notFinished ? data.length - 1 : data.length
  const messages: Message[] = new Array(count)
  for (let i = 0; i < count; i++) {
    const item = data[i]
    const message = Array.isArray(item) ? toMessage(item, levelTags) : undefined
    if (!message) return null
    messages[i] = message
  }
  return { messages, notFinished }
}

/** Parse stored JSON text strictly (see {@link parseMessageList}); `null` for invalid JSON too. */
export function parseMessageJson(text: string, levelTags: LevelTags): StoredList | null {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch {
    return null
  }
  return parseMessageList(data, levelTags)
}
