/**
 * `compileSuccessTemplate`: the success-message template is checked once, as Python parses
 * `template % mapping`. What Python refuses (and what it would fill with the whole form) fails
 * with the template, the place and the fix; what it accepts formats as Python does (the expected
 * texts below are Python 3's).
 */
import { describe, expect, it } from 'vitest'
import { compileSuccessTemplate, FlashConfigError, formatMessage } from '../src/index.js'

const FORM = { name: 'Bob', n: 5, neg: -7, price: 19.4567, 'a(b)': 1, half: -0.5 }
const FIX = 'write a field as %(field)s and a literal % as %%'

describe('a malformed template fails when it is compiled, naming it and the fix', () => {
  it.each([
    ['%(name saved', '"%(name saved" at index 0 has no closing ")"'],
    [
      '%(name)x saved',
      '"%(name)x" at index 0 has the conversion "x", which is not one of s, r, d, i, u, f, F',
    ],
    ['Saved %(name)', '"%(name)" at index 6 ends before its conversion (the "s" of %(field)s)'],
    ['%s saved', '"%s" at index 0 names no field (Python would format the whole form)'],
    ['100% sure', '"% " at index 3 names no field (Python would format the whole form)'],
    ['100%', '"%" at index 3 names no field (Python would format the whole form)'],
    ['%(n)*d', '"%(n)*" at index 0 takes its width from "*", which a form cannot give'],
    ['%(n)5% done', '"%(n)5%" at index 0 has the conversion "%", which is not one of s, r, d, i, u, f, F'],
  ])('%j', (template, problem) => {
    const error = new FlashConfigError(
      `@flash/koa: success message ${JSON.stringify(template)} is not a valid template: ${problem}; ${FIX}`,
    )
    expect(() => compileSuccessTemplate(template, '@flash/koa')).toThrow(error)
    // formatMessage, which adapters without a compile step call per request, raises the same.
    expect(() => formatMessage(template, FORM)).toThrow(
      new FlashConfigError(error.message.replace('@flash/koa', '@flash/core')),
    )
  })
})

describe("what Python accepts formats as Python's %", () => {
  it.each([
    ['%(name)5s|', '  Bob|'],
    ['%(name)-5s|', 'Bob  |'],
    ['%(n)05d', '00005'],
    ['%(n)+d', '+5'],
    ['%(n) d', ' 5'],
    ['%(n).3d', '005'],
    ['%(neg)05d', '-0007'],
    ['%(neg).3d', '-007'],
    ['%(name).2s', 'Bo'],
    ['%(n)#.0f', '5.'],
    ['%(price).2f', '19.46'],
    ['%(price)08.3f', '0019.457'],
    ['%(price)+.1F', '+19.5'],
    ['%(a(b))s', '1'],
    ['%(n)ld', '5'],
    ['%(n)u', '5'],
    ['%(name)r', "'Bob'"],
    ['%(name)-7r|', "'Bob'  |"],
    ['%(half)d', '0'],
    ['50%% off %(name)s', '50% off Bob'],
    ['%(n)-05d|', '5    |'],
    ['no fields at all', 'no fields at all'],
  ])('%j -> %j', (template, text) => {
    expect(compileSuccessTemplate(template)(FORM)).toBe(text)
    expect(formatMessage(template, FORM)).toBe(text)
  })
})

describe('width and precision count characters, as Python does, not UTF-16 units', () => {
  it.each([
    // python3 -c "print(repr('%(name).1s saved' % {'name': '😀x'}))"  -> '😀 saved'
    ['%(name).1s saved', '😀 saved'],
    // python3 -c "print(repr('[%(name)4s]' % {'name': '😀x'}))"  -> '[  😀x]'
    ['[%(name)4s]', '[  😀x]'],
    ['[%(name)-4s]', '[😀x  ]'],
    ['[%(name).5s]', '[😀x]'],
  ])('%j -> %j', (template, text) => {
    expect(compileSuccessTemplate(template)({ name: '😀x' })).toBe(text)
  })
})

describe("%f rounds an exact tie to even, as Python's % does", () => {
  // python3 -c "print('%.2f' % 0.125)" and so on for each row.
  it.each([
    [0.125, '%(n).2f', '0.12'],
    [0.375, '%(n).2f', '0.38'],
    [2.5, '%(n).0f', '2'],
    [3.5, '%(n).0f', '4'],
    [0.5, '%(n).0f', '0'],
    [10.5, '%(n).0f', '10'],
    [0.0625, '%(n).3f', '0.062'],
    [0.25, '%(n).1f', '0.2'],
    [2.675, '%(n).2f', '2.67'],
    [12.345, '%(n).2f', '12.35'],
    [0.35, '%(n).1f', '0.3'],
    [-2.5, '%(n).0f', '-2'],
    // Not a tie, though toFixed(100) shows one: its binary value has more than 100 decimals.
    [5e-85, '%(n).84f', `0.${'0'.repeat(83)}1`],
    [5e-87, '%(n).86f', `0.${'0'.repeat(85)}1`],
  ])('%d with %j -> %j', (n, template, text) => {
    expect(compileSuccessTemplate(template)({ n })).toBe(text)
  })
})
