/**
 * @module
 * Reports told once per configuration (a warning about how the app is set up, the same on every
 * request): each kind keeps the configurations it was told to in a `WeakSet` of its own, so a
 * configuration the app drops takes its entries with it.
 */

/**
 * Whether this is the first time for `key` in `told`, which remembers it from now on.
 *
 * @example
 * const TOLD_OVERSIZED = new WeakSet<FlashConfig>()
 * if (firstTime(TOLD_OVERSIZED, config)) report('...')
 */
export function firstTime(told: WeakSet<object>, key: object): boolean {
  if (told.has(key)) return false
  told.add(key)
  return true
}
