/**
 * @module
 * The binary searches Django's cookie storage uses to find how many messages fit (5.0+). Both
 * assume the size grows with the number of messages, which compression makes only roughly true;
 * Django accepts that, and so do we. With a synchronous `tooLarge` they answer synchronously.
 */
import { isPromiseLike, type MaybePromise } from './maybe-promise.js'

/** The first index `i` such that `tooLarge(items.slice(0, i + 1))` holds; keeps the left part. */
export function bisectKeepLeft<T>(
  items: readonly T[],
  tooLarge: (part: readonly T[]) => MaybePromise<boolean>,
): MaybePromise<number> {
  const search = (lo: number, hi: number): MaybePromise<number> => {
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const large = tooLarge(items.slice(0, mid + 1))
      if (isPromiseLike(large)) return large.then((l) => (l ? search(lo, mid) : search(mid + 1, hi)))
      if (large) hi = mid
      else lo = mid + 1
    }
    return lo
  }
  return search(0, items.length)
}

/** The smallest index `i` such that `tooLarge(items.slice(i))` does not hold; keeps the right part. */
export function bisectKeepRight<T>(
  items: readonly T[],
  tooLarge: (part: readonly T[]) => MaybePromise<boolean>,
): MaybePromise<number> {
  const search = (lo: number, hi: number): MaybePromise<number> => {
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const large = tooLarge(items.slice(mid))
      if (isPromiseLike(large)) return large.then((l) => (l ? search(mid + 1, hi) : search(lo, mid)))
      if (large) lo = mid + 1
      else hi = mid
    }
    return lo
  }
  return search(0, items.length)
}
