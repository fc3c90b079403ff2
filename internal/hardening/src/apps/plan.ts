/**
 * @module
 * The app side of a {@link Plan}: what a handler does with the public @flash API. Shared by the
 * three apps so they cannot drift; it only calls the API an application would call.
 */
import { addMessage, getMessages, isSafe, markSafe, setLevel, storageOf } from '@flash/core'
import type { Plan, PlanMessage, PlanResult, ShownMessage } from './types.js'

function addAll(carrier: object, messages: readonly PlanMessage[]): void {
  for (const m of messages) {
    addMessage(carrier, m.level, m.safe ? markSafe(m.text) : m.text, { extraTags: m.extraTags })
  }
}

/** Iterate (and so consume) the messages of `carrier`. */
export function show(carrier: object): ShownMessage[] {
  return [...getMessages(carrier)].map((m) => ({
    level: m.level,
    text: String(m),
    extraTags: m.extraTags,
    safe: isSafe(m.message),
    tags: m.tags,
  }))
}

/** The handler part of a plan, up to the display. Returns the length read, if asked. */
export function beforeDisplay(carrier: object, plan: Plan): number | null {
  if (plan.level !== undefined) setLevel(carrier, plan.level)
  const count = plan.count ? getMessages(carrier).length : null
  addAll(carrier, plan.add)
  return count
}

/** The display part of a plan (in the handler or late), then `keep` and the late additions. */
export function display(carrier: object, plan: Plan): ShownMessage[] | null {
  const shown = plan.display === 'none' ? null : show(carrier)
  if (plan.keep) {
    const storage = storageOf(carrier)
    if (storage) storage.used = false
  }
  addAll(carrier, plan.after)
  return shown
}

/** The whole plan in the handler (for `display: 'none'` or `'handler'`). */
export function runPlan(carrier: object, plan: Plan): PlanResult {
  const count = beforeDisplay(carrier, plan)
  return { count, shown: display(carrier, plan) }
}

/** Added by `POST /add`: each text at INFO. */
export function addTexts(carrier: object, texts: readonly string[]): void {
  for (const text of texts) addMessage(carrier, 20, text)
}
