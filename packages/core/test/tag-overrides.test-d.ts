/**
 * `tags` takes a plain object. A string, an array or a Map index by number too, so a
 * `Record<number, string>` option accepted them, each silently tagging levels 0, 1... or none.
 */
import { describe, expectTypeOf, it } from 'vitest'
import { ERROR, type FlashOptions, levelTags, type TagOverrides } from '../src/index.js'

describe('TagOverrides', () => {
  it('accepts object literals and records, keyed by number or string', () => {
    expectTypeOf({ [ERROR]: 'danger', 50: 'critical' }).toExtend<TagOverrides>()
    expectTypeOf<Record<number, string>>().toExtend<TagOverrides>()
    expectTypeOf<Record<string, string>>().toExtend<TagOverrides>()
    expectTypeOf<Readonly<Record<number, string>>>().toExtend<NonNullable<FlashOptions['tags']>>()
    levelTags({ 40: 'danger' })
  })

  it('refuses strings, arrays, Maps and values that are not strings', () => {
    expectTypeOf<'abc'>().not.toExtend<TagOverrides>()
    expectTypeOf<string[]>().not.toExtend<TagOverrides>()
    expectTypeOf<readonly string[]>().not.toExtend<TagOverrides>()
    expectTypeOf<Map<number, string>>().not.toExtend<TagOverrides>()
    expectTypeOf<{ 40: number }>().not.toExtend<TagOverrides>()
    // @ts-expect-error a string is not a map of tags
    levelTags('abc')
  })
})
