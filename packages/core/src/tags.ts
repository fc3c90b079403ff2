/**
 * @module
 * Level tags. Each configuration builds its own map from {@link DEFAULT_TAGS} and the `tags`
 * option, so nothing is frozen at import time and two apps in one process can differ.
 */
import { DEFAULT_TAGS, toLevel } from './levels.js'

/** A resolved level -> tag lookup, shared by every message of one configuration. */
export type LevelTags = ReadonlyMap<number, string>

/**
 * Merge `overrides` over {@link DEFAULT_TAGS}, Django's `MESSAGE_TAGS` rule: list only the levels
 * you change, map a level to `''` to drop its tag, add integer keys to tag custom levels.
 *
 * @example
 * const tags = levelTags({ [ERROR]: 'danger', 50: 'critical' })
 * tags.get(ERROR) // 'danger'
 */
export function levelTags(overrides: Readonly<Record<number, string>> = {}): LevelTags {
  const merged = new Map<number, string>()
  for (const [level, tag] of Object.entries(DEFAULT_TAGS)) merged.set(Number(level), tag)
  for (const [level, tag] of Object.entries(overrides)) {
    if (typeof tag !== 'string') {
      throw new TypeError(
        `@flash/core: option "tags" maps level ${level} to ${String(tag)}; tags must be strings`,
      )
    }
    merged.set(toLevel(level), tag)
  }
  return merged
}

/** The default map, built once and shared by messages created without a configuration. */
export const DEFAULT_LEVEL_TAGS: LevelTags = levelTags()
