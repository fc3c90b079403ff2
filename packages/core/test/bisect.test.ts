/**
 * Django's `BisectTests`: the binary searches that find how many messages fit in the cookie.
 */
import { describe, expect, it } from 'vitest'
import { bisectKeepLeft, bisectKeepRight } from '../src/index.js'

const sum = (part: readonly number[]) => part.reduce((a, b) => a + b, 0)

describe('BisectTests', () => {
  it('test_bisect_keep_left', async () => {
    expect(await bisectKeepLeft([1, 1, 1], (a) => sum(a) !== 2)).toBe(2)
    expect(await bisectKeepLeft([1, 1, 1], (a) => sum(a) !== 0)).toBe(0)
    expect(await bisectKeepLeft([], (a) => sum(a) !== 0)).toBe(0)
  })

  it('test_bisect_keep_right', async () => {
    expect(await bisectKeepRight([1, 1, 1], (a) => sum(a) !== 2)).toBe(1)
    expect(await bisectKeepRight([1, 1, 1, 1], (a) => sum(a) !== 2)).toBe(2)
    expect(await bisectKeepRight([1, 1, 1, 1, 1], (a) => sum(a) !== 1)).toBe(4)
    expect(await bisectKeepRight([], (a) => sum(a) !== 0)).toBe(0)
  })

  it('accepts asynchronous predicates', async () => {
    expect(await bisectKeepLeft([1, 1, 1], async (a) => sum(a) !== 2)).toBe(2)
    expect(await bisectKeepRight([1, 1, 1], async (a) => sum(a) !== 2)).toBe(1)
  })
})
