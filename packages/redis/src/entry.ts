/**
 * @module
 * One message as Redis holds it (the documented layout other languages write):
 * `{"id":"<unique>","at":<ms since epoch>,"message":["__json_message",0,40,"Text"]}`, where
 * `message` is Django's message JSON. The id makes every entry distinct, so a message is
 * claimed and removed by value even when its text repeats.
 */
import { type Binding, type LevelTags, type Message, parseMessageList, serializeMessage } from '@flash/core'

/**
 * A fresh entry for `message`, created `now` (ms). Under `scope: 'redirect'` a message bound to a
 * tab carries `"tab":"<_flash id>","bound":<seconds>`, which the claim script reads: a request
 * claims only the entries it may display, and leaves other tabs' in the list.
 */
export function encodeEntry(message: Message, now: number, binding?: Binding): string {
  const tab = binding === undefined ? '' : `"tab":"${binding.id}","bound":${binding.at},`
  return `{"id":"${randomId()}","at":${now},${tab}"message":${serializeMessage(message)}}`
}

/**
 * The message in `entry`, or `null` when the entry is not ours (not JSON, another shape, a bad
 * message) or older than `maxAgeMs`: such entries read as no message and are removed.
 */
export function decodeEntry(
  entry: unknown,
  levelTags: LevelTags,
  now: number,
  maxAgeMs: number,
): Message | null {
  if (typeof entry !== 'string') return null
  let data: unknown
  try {
    data = JSON.parse(entry)
  } catch {
    return null
  }
  if (typeof data !== 'object' || data === null) return null
  const { id, at, message } = data as { id?: unknown; at?: unknown; message?: unknown }
  if (typeof id !== 'string' || typeof at !== 'number' || !(now - at < maxAgeMs)) return null
  return parseMessageList([message], levelTags)?.messages[0] ?? null
}

/**
 * One buffer for every id, read into the id's text at once: a fresh `Uint8Array` per id would be
 * a fresh `ArrayBuffer` per stored message, which V8 tracks outside the heap and sweeps.
 */
const RANDOM_BYTES = new Uint8Array(16)

/** 128 random bits, hex: entry ids and anonymous visitor ids. */
export function randomId(): string {
  crypto.getRandomValues(RANDOM_BYTES)
  let hex = ''
  for (const b of RANDOM_BYTES) hex += b.toString(16).padStart(2, '0')
  return hex
}
