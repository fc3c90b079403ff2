/**
 * @module
 * Message levels. Levels are plain integers, exactly as in Django: any integer is a valid
 * custom level, and these are the five named ones.
 */

export const DEBUG = 10
export const INFO = 20
export const SUCCESS = 25
export const WARNING = 30
export const ERROR = 40

/** Level name to number; what templates get as `DEFAULT_MESSAGE_LEVELS`. */
export const DEFAULT_LEVELS: Readonly<{
  DEBUG: 10
  INFO: 20
  SUCCESS: 25
  WARNING: 30
  ERROR: 40
}> = Object.freeze({ DEBUG, INFO, SUCCESS, WARNING, ERROR })

/** Level number to CSS tag. Override per app with the `tags` option. */
export const DEFAULT_TAGS: Readonly<Record<number, string>> = Object.freeze({
  [DEBUG]: 'debug',
  [INFO]: 'info',
  [SUCCESS]: 'success',
  [WARNING]: 'warning',
  [ERROR]: 'error',
})

/**
 * Normalise a level the way Django's `int(level)` does: `"30"` becomes 30, `19.9` becomes 19.
 * Anything that is not a finite number is a programming error, so it throws.
 */
export function toLevel(value: unknown): number {
  const level =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN
  if (typeof value === 'string' && value.trim() === '') throw invalidLevel(value)
  if (!Number.isFinite(level)) throw invalidLevel(value)
  return Math.trunc(level)
}

function invalidLevel(value: unknown): TypeError {
  return new TypeError(`@flash/core: a message level must be an integer, got ${describe(value)}`)
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
