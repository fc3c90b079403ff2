/**
 * `isPromiseLike`, asked at every step of a request that may be synchronous: any thenable is a
 * promise (a custom storage may return one from another library or another realm), and the plain
 * values the core passes (strings, arrays, records) are not.
 */
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { isPromiseLike, thenMaybe } from '../src/maybe-promise.js'

/** `target` with a `then` property of `value` (defined, since a literal `then` reads as a mistake). */
function withThen<T extends object>(target: T, value: unknown): T {
  return Object.defineProperty(target, 'then', { value, enumerable: true })
}

/** A thenable that is no native promise, resolving to `value`, as a promise library's would. */
function thenableOf<T>(value: T): Promise<T> {
  return withThen({}, (onFulfilled: (v: T) => unknown) =>
    Promise.resolve(value).then(onFulfilled),
  ) as Promise<T>
}

describe('isPromiseLike', () => {
  it('knows a native promise, one of another realm, and any thenable object or function', () => {
    const otherRealm = runInNewContext('Promise.resolve(1)') as Promise<number>
    expect(otherRealm instanceof Promise).toBe(false)
    const thenableFunction = withThen(
      () => 0,
      () => undefined,
    )
    for (const value of [Promise.resolve(1), otherRealm, thenableOf(1), thenableFunction]) {
      expect(isPromiseLike(value as Promise<number>)).toBe(true)
    }
  })

  it('reads plain values as plain', () => {
    const plain = [
      '',
      'then',
      [],
      [1],
      { messages: [] },
      withThen({}, 'not a function'),
      null,
      undefined,
      0,
      () => 0,
    ]
    for (const value of plain) expect(isPromiseLike(value), String(value)).toBe(false)
  })

  it('thenMaybe calls at once for a plain value, after resolving a thenable', async () => {
    expect(thenMaybe('a', (text) => `${text}b`)).toBe('ab')
    const later = thenMaybe(thenableOf('a'), (text) => `${text}b`)
    expect(isPromiseLike(later)).toBe(true)
    expect(await later).toBe('ab')
  })
})
