/**
 * @module
 * A reference model of Django's messages semantics (django/contrib/messages/storage/base.py),
 * written from the spec and independent of @flash/core: what one request shows, and what is
 * stored after it.
 */
import type { Plan, PlanMessage, ShownMessage } from './apps/types.js'

/** Django's `DEFAULT_TAGS`. */
const LEVEL_TAGS: Readonly<Record<number, string>> = {
  10: 'debug',
  20: 'info',
  25: 'success',
  30: 'warning',
  40: 'error',
}
/** `MESSAGE_LEVEL`'s default. */
export const DEFAULT_LEVEL = 20

/** `Message.tags`: extra tags then the level tag, empty parts skipped. */
export function tagsOf(m: PlanMessage): string {
  return [m.extraTags, LEVEL_TAGS[m.level] ?? ''].filter((t) => t).join(' ')
}

export interface ModelOutcome {
  /** What the display showed, or `null` when the plan did not display. */
  readonly shown: ShownMessage[] | null
  readonly count: number | null
  /** The stored messages after the request. */
  readonly stored: PlanMessage[]
  /** Whether `update()` stores anything at all (Django: `used or added_new`). */
  readonly writes: boolean
}

/**
 * One request of Django's `BaseStorage`: `add` ignores empty text and levels under the request's
 * level; iterating marks the storage used and moves the queued messages after the loaded ones;
 * `update` stores only what was queued since the display when used, else loaded + queued when
 * something was added, else nothing.
 */
export function runModel(stored: readonly PlanMessage[], plan: Plan): ModelOutcome {
  let minimum = DEFAULT_LEVEL
  if (plan.level !== undefined) minimum = plan.level ?? DEFAULT_LEVEL
  const loaded = [...stored]
  let queued: PlanMessage[] = []
  let used = false
  let addedNew = false
  const add = (m: PlanMessage) => {
    if (m.text === '' || m.level < minimum) return
    addedNew = true
    queued.push(m)
  }
  const count = plan.count ? loaded.length + queued.length : null
  plan.add.forEach(add)
  let shown: ShownMessage[] | null = null
  if (plan.display !== 'none') {
    used = true
    loaded.push(...queued)
    queued = []
    shown = loaded.map((m) => ({ ...m, tags: tagsOf(m) }))
  }
  if (plan.keep) used = false
  plan.after.forEach(add)
  const next = used ? queued : addedNew ? [...loaded, ...queued] : [...stored]
  return { shown, count, stored: next, writes: used || addedNew }
}

/**
 * The length of a message list as Python's `json.dumps(..., separators=(',', ':'))` writes it
 * with `ensure_ascii` (every non-ASCII UTF-16 unit and DEL as `\uXXXX`), plus the fallback
 * sentinel: an upper bound of the cookie's JSON before base64 and compression.
 */
export function cookieJsonLength(messages: readonly PlanMessage[]): number {
  let length = 2 + '"__messagesnotfinished__"'.length
  for (const m of messages) {
    length += 1 + '["__json_message",0,'.length + String(m.level).length + 1 + pyStringLength(m.text) + 1
    if (m.extraTags !== null) length += 1 + pyStringLength(m.extraTags)
  }
  return length
}

function pyStringLength(text: string): number {
  let length = 2
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x22 || c === 0x5c || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x08 || c === 0x0c)
      length += 2
    else if (c < 0x20 || c > 0x7e) length += 6
    else length += 1
  }
  return length
}

/**
 * The longest signed cookie value `json` bytes can give without compression (which is used only
 * when it is shorter): base64url without padding, `:`, a base62 timestamp, `:`, 43 signature chars.
 */
export function signedCookieBound(jsonLength: number): number {
  return Math.ceil((jsonLength * 4) / 3) + 1 + 6 + 1 + 43
}
