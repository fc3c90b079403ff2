/**
 * @module
 * How a binding to one tab is stored. A bound group is written as a *marker* followed by its
 * messages, all in Django's message format, so every storage (cookie, session, fallback, Redis, a
 * custom one) stores it without knowing about tabs, and a fallback storage may split it between
 * the cookie and the session. The marker is a message Django itself can never write (empty text):
 * level 0, text `''`, extra tags `flash-bound <id> <seconds> <count>`. Django reading it shows one
 * empty item with the class `flash-bound` and the bound messages as ordinary ones (see the
 * README, "Which tab sees the message").
 */
import { Message } from '../message.js'
import type { LevelTags } from '../tags.js'

/** The tab a group of messages belongs to: the `_flash` id of its redirect, and when it was bound. */
export interface Binding {
  readonly id: string
  /** Seconds since the epoch, whole. */
  readonly at: number
}

/** The first extra tag of a marker: a CSS class a Django template can hide. */
export const MARKER_TAG = 'flash-bound'
/** A scope id: 16 base64url characters (96 random bits). */
export const SCOPE_ID = /^[A-Za-z0-9_-]{16}$/
const MARKER = /^flash-bound ([A-Za-z0-9_-]{16}) (\d{1,12}) (\d{1,6})$/

/** One stored group: unbound messages (`binding` undefined) or the messages of one tab. */
export interface StoredGroup {
  readonly binding: Binding | undefined
  readonly messages: Message[]
}

/**
 * The stored form of `messages` bound to `binding`: the marker, then the messages. Unbound (or
 * empty) lists are stored as they are.
 *
 * @example
 * bindMessages([saved], { id: 'AbCdEfGhIjKlMnOp', at: 1700000000 }, levelTags) // [marker, saved]
 */
export function bindMessages(
  messages: readonly Message[],
  binding: Binding | undefined,
  levelTags: LevelTags,
): Message[] {
  if (binding === undefined || messages.length === 0) return [...messages]
  return [markerFor(binding, messages.length, levelTags), ...messages]
}

/** The marker that binds the `count` messages after it to `binding`'s tab. */
function markerFor(binding: Binding, count: number, levelTags: LevelTags): Message {
  return new Message(0, '', `${MARKER_TAG} ${binding.id} ${binding.at} ${count}`, levelTags)
}

/**
 * Read a stored list back into groups, in order. A marker binds the next `count` messages (fewer
 * when the list ends first: a storage that dropped the newest cut the group short). A storage that
 * dropped the oldest may have dropped a marker: its messages read as unbound, so nothing is lost.
 * Linear in the list.
 */
export function readGroups(stored: readonly Message[]): StoredGroup[] {
  const groups: StoredGroup[] = []
  let unbound: Message[] = []
  for (let i = 0; i < stored.length; i++) {
    const binding = markerOf(stored[i]!)
    if (binding === undefined) {
      unbound.push(stored[i]!)
      continue
    }
    if (unbound.length > 0) groups.push({ binding: undefined, messages: unbound })
    unbound = []
    const own = stored.slice(i + 1, groupEnd(stored, i, binding.count))
    if (own.length > 0) groups.push({ binding: { id: binding.id, at: binding.at }, messages: own })
    i += own.length
  }
  if (unbound.length > 0) groups.push({ binding: undefined, messages: unbound })
  return groups
}

/**
 * Where the group of the marker at `at` ends (exclusive): after its `count` messages, or sooner when
 * the list ends or another marker comes. Markers never nest: a marker inside a group's span starts
 * a group of its own. Scanned, not sliced first: callers go on from the end, so each message is
 * looked at once however many markers claim a long span.
 */
function groupEnd(stored: readonly Message[], at: number, count: number): number {
  const limit = Math.min(stored.length, at + 1 + count)
  let end = at + 1
  while (end < limit && markerOf(stored[end]!) === undefined) end++
  return end
}

/**
 * For a list kept from `start` on (the oldest dropped, as the cookie storage drops them): the marker
 * to put in front when `start` falls inside a bound group, whose own marker was dropped with the
 * oldest; `undefined` when the kept part starts with a marker or with unbound messages. Made once
 * per list, linear in it; each call is constant time.
 *
 * @example
 * markerBefore([marker, a, b], levelTags)(2) // a marker binding [b] to marker's tab
 */
export function markerBefore(
  stored: readonly Message[],
  levelTags: LevelTags,
): (start: number) => Message | undefined {
  // For each index inside a group (not its marker): the group's marker and the index after it.
  const covering = new Array<{ binding: Binding; end: number } | undefined>(stored.length)
  for (let i = 0; i < stored.length; i++) {
    const binding = markerOf(stored[i]!)
    if (binding === undefined) continue
    const end = groupEnd(stored, i, binding.count)
    const group = { binding: { id: binding.id, at: binding.at }, end }
    for (let j = i + 1; j < end; j++) covering[j] = group
    i = end - 1
  }
  return (start) => {
    const group = covering[start]
    if (group === undefined) return undefined
    return markerFor(group.binding, group.end - start, levelTags)
  }
}

/**
 * The messages without their markers: how a request outside `scope: 'redirect'` reads a stored
 * list (an app that turned the option off, a request a factory kept out), so every message shows
 * and no empty marker does. The same array when there is no marker.
 *
 * @example
 * withoutMarkers([marker, saved]) // [saved]
 */
export function withoutMarkers(stored: Message[]): Message[] {
  for (const message of stored) {
    if (isMarker(message)) return stored.filter((m) => !isMarker(m))
  }
  return stored
}

/** Whether `message` is a binding's marker, not a message: limits on a count of messages skip it. */
export function isMarker(message: Message): boolean {
  return markerOf(message) !== undefined
}

function markerOf(message: Message): (Binding & { count: number }) | undefined {
  if (message.level !== 0 || message.extraTags === null || String(message.message) !== '') return undefined
  const match = MARKER.exec(message.extraTags)
  if (match === null) return undefined
  return { id: match[1]!, at: Number(match[2]), count: Number(match[3]) }
}
