/**
 * @module
 * The `Message` value object: a level, a text and optional extra tags.
 */
import { toLevel } from './levels.js'
import type { MessageJson } from './message-json.js'
import { isSafe, type SafeString } from './safe.js'
import { DEFAULT_LEVEL_TAGS, type LevelTags } from './tags.js'

/** What a message's text may be: plain text, or HTML marked with `markSafe`. */
export type MessageText = string | SafeString

/**
 * One message. Equality ({@link Message.equals}) compares level and text only, as in Django.
 *
 * @example
 * const m = new Message(SUCCESS, 'Profile saved.', 'profile')
 * m.tags // 'profile success'
 * String(m) // 'Profile saved.'
 */
export class Message {
  /** The integer level (see `DEBUG` ... `ERROR`, or any custom integer). */
  readonly level: number
  /** The text, or a `SafeString` when it was marked with `markSafe`. */
  readonly message: MessageText
  /**
   * Extra CSS tags, verbatim. `''` (what `addMessage` stores by default) and `null` (no tags
   * given to the constructor) are kept distinct through the cookie, as Django does.
   */
  readonly extraTags: string | null
  readonly #levelTags: LevelTags

  /**
   * @param level an integer level; `"30"` becomes 30 and `19.9` becomes 19
   * @param message the text; anything that is not a string or `SafeString` is converted with `String()`
   * @param extraTags extra tags, `null` for none
   * @param levelTags the level -> tag map of the configuration the message belongs to
   */
  constructor(
    level: number,
    message: unknown,
    extraTags: string | null = null,
    levelTags: LevelTags = DEFAULT_LEVEL_TAGS,
  ) {
    this.level = toLevel(level)
    this.message = isSafe(message) ? message : String(message)
    this.extraTags = extraTags === null || extraTags === undefined ? null : String(extraTags)
    this.#levelTags = levelTags
  }

  /** The tag of this message's level (`'info'`, `'error'`, ...), `''` for an untagged level. */
  get levelTag(): string {
    return this.#levelTags.get(this.level) ?? ''
  }

  /** Extra tags first, then the level tag, joined by a space; empty parts are skipped. */
  get tags(): string {
    const levelTag = this.levelTag
    if (!this.extraTags) return levelTag
    return levelTag ? `${this.extraTags} ${levelTag}` : this.extraTags
  }

  /** Whether the text was marked as trusted HTML. */
  get safe(): boolean {
    return isSafe(this.message)
  }

  /** Same level and same text; extra tags are not compared (Django's `__eq__`). */
  equals(other: unknown): boolean {
    return (
      other instanceof Message && other.level === this.level && String(other.message) === String(this.message)
    )
  }

  /** The text. */
  toString(): string {
    return String(this.message)
  }

  /**
   * The message JSON used everywhere a message leaves the page (`messagesJson`, htmx's
   * `HX-Trigger`, `JSON.stringify(message)`): `{ level, levelTag, extraTags, tags, message, safe }`,
   * `extraTags` `''` when there are none.
   */
  toJSON(): MessageJson {
    return {
      level: this.level,
      levelTag: this.levelTag,
      extraTags: this.extraTags ?? '',
      tags: this.tags,
      message: String(this.message),
      safe: this.safe,
    }
  }

  /** Django's repr, e.g. `Message(level=30, message='careful', extra_tags='tag1 tag2')`. */
  inspect(): string {
    const tags = this.extraTags ? `, extra_tags=${pythonRepr(this.extraTags)}` : ''
    return `Message(level=${this.level}, message=${pythonRepr(String(this.message))}${tags})`
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.inspect()
  }

  /** A copy of this message that resolves its level tag through another configuration's map. */
  withLevelTags(levelTags: LevelTags): Message {
    return levelTags === this.#levelTags
      ? this
      : new Message(this.level, this.message, this.extraTags, levelTags)
  }
}

function pythonRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  const escaped = text
    .replaceAll('\\', '\\\\')
    .replaceAll('\n', '\\n')
    .replaceAll('\r', '\\r')
    .replaceAll('\t', '\\t')
  return quote + (quote === "'" ? escaped.replaceAll("'", "\\'") : escaped) + quote
}
