/**
 * @module
 * Values that are sometimes computed synchronously (node:crypto, a Map-backed storage) and
 * sometimes asynchronously (Web Crypto, a database). The core awaits them uniformly.
 */

/** A value, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>

/**
 * Whether `value` is a promise (any thenable), so sync values can skip an `await`.
 *
 * @example
 * const r = storage.get()
 * if (isPromiseLike(r)) return r.then(use)
 * use(r)
 */
export function isPromiseLike<T>(value: MaybePromise<T>): value is Promise<T> {
  // The values asked about are mostly strings, arrays and plain records (16 a request in a cookie
  // cycle): reading `then` off each is a property load that sees every shape there is, so V8 makes
  // it megamorphic. Strings and arrays are never thenables here, and a native promise is known by
  // its class; only another object is asked for its `then`.
  if (typeof value === 'string' || Array.isArray(value)) return false
  if (value instanceof Promise) return true
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/**
 * `f(value)`, at once when `value` is plain, after it resolves otherwise: the synchronous path
 * (node:crypto) creates no promise at all.
 *
 * @example
 * return thenMaybe(config.signer.sign(id), (signed) => seam.setCookie('visitor', signed, attributes))
 */
export function thenMaybe<T, U>(value: MaybePromise<T>, f: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromiseLike(value) ? value.then(f) : f(value)
}
