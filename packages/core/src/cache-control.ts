/**
 * @module
 * `Cache-Control: no-store` on a response that displayed messages, so neither the back/forward
 * cache nor a shared cache replays them. Merged with what the app set: `private`, `no-cache` and
 * the rest stay; what asks caches to keep the response (`public`, `max-age`, `s-maxage`,
 * `immutable`, `stale-while-revalidate`, `stale-if-error`) goes.
 */

/** Directives that let a cache keep and replay the response. */
const STORING = new Set([
  'public',
  'max-age',
  's-maxage',
  'immutable',
  'stale-while-revalidate',
  'stale-if-error',
])
/** Of those, the ones an app sets on purpose: replacing them is worth a warning. */
const WARNED = new Set(['public', 'max-age', 's-maxage'])

export interface NoStoreMerge {
  /** The `Cache-Control` value to send. */
  readonly value: string
  /** The app's directives that were dropped and are worth a warning (e.g. `public`, `max-age=60`). */
  readonly replaced: readonly string[]
}

const ONLY_NO_STORE: NoStoreMerge = Object.freeze({ value: 'no-store', replaced: Object.freeze([]) })

/**
 * The app's `Cache-Control` with `no-store` added and the storing directives removed.
 *
 * @example
 * withNoStore('private, max-age=60') // { value: 'private, no-store', replaced: ['max-age=60'] }
 */
export function withNoStore(current: string | undefined): NoStoreMerge {
  // What almost every page that displays messages has: no Cache-Control of its own.
  if (current === undefined || current === '') return ONLY_NO_STORE
  const kept: string[] = []
  const replaced: string[] = []
  let hasNoStore = false
  for (const part of (current ?? '').split(',')) {
    const directive = part.trim()
    if (directive === '') continue
    const eq = directive.indexOf('=')
    const name = (eq < 0 ? directive : directive.slice(0, eq)).trim().toLowerCase()
    if (STORING.has(name)) {
      if (WARNED.has(name)) replaced.push(directive)
      continue
    }
    if (name === 'no-store') hasNoStore = true
    kept.push(directive)
  }
  if (!hasNoStore) kept.push('no-store')
  return { value: kept.join(', '), replaced }
}
