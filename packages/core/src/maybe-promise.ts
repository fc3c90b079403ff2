/**
 * @module
 * Values that are sometimes computed synchronously (node:crypto, a Map-backed storage) and
 * sometimes asynchronously (Web Crypto, a database). The core awaits them uniformly.
 */

/** A value, or a promise of it. */
export type MaybePromise<T> = T | Promise<T>

export function isPromiseLike<T>(value: MaybePromise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function'
}

/**
 * `f(value)`, at once when `value` is plain, after it resolves otherwise: the synchronous path
 * (node:crypto) creates no promise at all.
 */
export function thenMaybe<T, U>(value: MaybePromise<T>, f: (value: T) => MaybePromise<U>): MaybePromise<U> {
  return isPromiseLike(value) ? value.then(f) : f(value)
}
