/**
 * @module
 * Level tags. Each configuration builds its own map from {@link DEFAULT_TAGS} and the `tags`
 * option, so nothing is frozen at import time and two apps in one process can differ.
 */
import { DEFAULT_TAGS, toLevel } from './levels.js'

/** A resolved level -> tag lookup, shared by every message of one configuration. */
export type LevelTags = ReadonlyMap<number, string>

/**
 * Level -> tag overrides, a plain object. A string, an array or a Map also index by number, so
 * `Record<number, string>` would accept them; each would silently define tags for levels 0, 1...
 * or none: `[Symbol.iterator]?: never` keeps them out, as every iterable has one.
 *
 * @example
 * const overrides: TagOverrides = { [ERROR]: 'danger', 50: 'critical' }
 */
export type TagOverrides = { readonly [level: number]: string; readonly [Symbol.iterator]?: never }

/**
 * Merge `overrides` over {@link DEFAULT_TAGS}, Django's `MESSAGE_TAGS` rule: list only the levels
 * you change, map a level to `''` to drop its tag, add integer keys to tag custom levels.
 *
 * @example
 * const tags = levelTags({ [ERROR]: 'danger', 50: 'critical' })
 * tags.get(ERROR) // 'danger'
 */
export function levelTags(overrides: TagOverrides = {}): LevelTags {
  const prototype =
    typeof overrides === 'object' && overrides !== null ? Object.getPrototypeOf(overrides) : undefined
  // A plain object of any realm (a vm context, an iframe): Object.prototype's own prototype is null.
  if (prototype === undefined || (prototype !== null && Object.getPrototypeOf(prototype) !== null)) {
    throw new TypeError(
      '@flash/core: level tags must be a plain object mapping levels to tags, e.g. { 40: "danger" }',
    )
  }
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
