/**
 * @module
 * The binary searches Django's cookie storage uses to find how many messages fit (5.0+). Both
 * assume the size grows with the number of messages, which compression makes only roughly true;
 * Django accepts that, and so do we.
 */
import type { MaybePromise } from './maybe-promise.js'

/** The first index `i` such that `tooLarge(items.slice(0, i + 1))` holds; keeps the left part. */
export async function bisectKeepLeft<T>(
  items: readonly T[],
  tooLarge: (part: readonly T[]) => MaybePromise<boolean>,
) {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (await tooLarge(items.slice(0, mid + 1))) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** The smallest index `i` such that `tooLarge(items.slice(i))` does not hold; keeps the right part. */
export async function bisectKeepRight<T>(
  items: readonly T[],
  tooLarge: (part: readonly T[]) => MaybePromise<boolean>,
) {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (await tooLarge(items.slice(mid))) lo = mid + 1
    else hi = mid
  }
  return lo
}
