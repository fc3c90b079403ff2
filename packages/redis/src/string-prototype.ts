/**
 * @module
 * node-redis 5 declares `class VerbatimString extends String`. In V8 (measured on Node 20 and 22)
 * that leaves `String.prototype` in dictionary mode for the whole process, and optimized code then
 * looks up every string method (`indexOf`, `slice`, `charCodeAt`...) generically: about 120
 * machine instructions a call, in the app, its framework, node-redis and @flash alike (a
 * 43-character signature check alone made 86 of them). node-redis 6.3 carries the cure in its own
 * `verbatim-string.js`: a property stored on a fresh object whose prototype is `String.prototype`,
 * which makes V8 turn that prototype back into a fast one. @flash/redis applies the same cure when
 * it is given a node-redis client, so an app on node-redis 5 gets it too.
 */

/**
 * Make `String.prototype` fast again if a subclass of `String` left it in dictionary mode. Nothing
 * observable changes: the property lands on a throwaway object, never on `String.prototype`.
 *
 * @example
 * keepStringPrototypeFast() // after node-redis 5 was loaded
 */
export function keepStringPrototypeFast(): void {
  const probe = Object.create(String.prototype) as { flashStringPrototypeFast?: boolean }
  probe.flashStringPrototypeFast = true
}
