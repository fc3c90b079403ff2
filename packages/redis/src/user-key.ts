/**
 * @module
 * What names a logged-in user's mailbox, one rule for a request (the `user` option's answer) and
 * for `notify`: the value as a string, so `42` and `'42'` are one user. Nothing, `null`, a blank
 * string and a number that is not finite (`NaN`, what `Number(undefined)` gives) name nobody: a
 * request is then an anonymous visitor's, and `notify` throws. Were they keys, every request they
 * came from would share one mailbox (`flash:{user:NaN}`), and one visitor would see another's
 * messages.
 */

/** Whether `user` names nobody (see the module comment). */
export function namesNobody(user: unknown): boolean {
  if (user === undefined || user === null) return true
  if (typeof user === 'string') return user.trim() === ''
  return typeof user === 'number' && !Number.isFinite(user)
}

/**
 * The mailbox key of what the `user` option answered, `undefined` for an anonymous visitor.
 *
 * @example
 * requestUserKey(42) // '42'
 * requestUserKey(Number(undefined)) // undefined
 */
export function requestUserKey(user: unknown): string | undefined {
  return namesNobody(user) ? undefined : String(user)
}

/**
 * The mailbox key of `notify`'s `user` argument: the key a request of that user reads
 * ({@link requestUserKey}). Throws a `TypeError` for anything else, before Redis is touched.
 *
 * @example
 * notifyUserKey('user-42') // 'user-42'
 * notifyUserKey('  ') // throws TypeError
 */
export function notifyUserKey(user: unknown): string {
  if ((typeof user === 'string' || typeof user === 'number') && !namesNobody(user)) return String(user)
  throw new TypeError(
    '@flash/redis: notify() argument "user" must be the user\'s key, as the redisStorage() option "user" ' +
      `returns it: a string that is not blank, or a finite number; got ${describeArgument(user)}`,
  )
}

/** A bad argument, for the error that names it: a string quoted, an object as such. */
export function describeArgument(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value)
  return typeof value === 'object' && value !== null ? 'an object' : String(value)
}
