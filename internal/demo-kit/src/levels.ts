/**
 * @module
 * The levels the demos offer: Django's five, plus a custom CRITICAL with its own tag.
 */
import { DEBUG, ERROR, INFO, SUCCESS, WARNING } from '@flash/core'

/** A custom level above ERROR, as Django apps define them (`CRITICAL = 50`). */
export const CRITICAL = 50

/** The `tags` option of every demo: the custom level gets the CSS class `critical`. */
export const DEMO_TAGS: Readonly<Record<number, string>> = Object.freeze({ [CRITICAL]: 'critical' })

export interface DemoLevel {
  readonly name: string
  readonly value: number
  /** The CSS class the level gets (the level tag). */
  readonly tag: string
}

/** Every level of the playground, lowest first. */
export const DEMO_LEVELS: readonly DemoLevel[] = Object.freeze([
  { name: 'DEBUG', value: DEBUG, tag: 'debug' },
  { name: 'INFO', value: INFO, tag: 'info' },
  { name: 'SUCCESS', value: SUCCESS, tag: 'success' },
  { name: 'WARNING', value: WARNING, tag: 'warning' },
  { name: 'ERROR', value: ERROR, tag: 'error' },
  { name: 'CRITICAL', value: CRITICAL, tag: 'critical' },
])

/** `'WARNING'` for 30, `'level 42'` for a level the demos do not name. */
export function levelName(level: number): string {
  return DEMO_LEVELS.find((l) => l.value === level)?.name ?? `level ${level}`
}
