/**
 * JSON written as Python's `json.dumps` writes it (ensure_ascii): the bytes Django signs.
 * Expected strings were produced by CPython 3.11.
 */
import { describe, expect, it } from 'vitest'
import { pythonJson, pythonJsonString } from '../src/index.js'

describe('pythonJsonString', () => {
  it('escapes like json.dumps: short escapes, \\u00XX controls, DEL, non-ASCII, surrogate pairs', () => {
    const text =
      'quote " backslash \\ slash / <>& tab\tnl\ncr\rbell\u0007del\u007f \b\f café \u2028 😀 \ud800'
    expect(pythonJsonString(text)).toBe(
      String.raw`"quote \" backslash \\ slash / <>& tab\tnl\ncr\rbell\u0007del\u007f \b\f caf\u00e9 \u2028 \ud83d\ude00 \ud800"`,
    )
  })

  it('leaves printable ASCII alone', () => {
    expect(pythonJsonString('Hello world. ~!@#$%^&*()')).toBe('"Hello world. ~!@#$%^&*()"')
    expect(pythonJsonString('')).toBe('""')
  })

  it('escapes every control character in lowercase hex', () => {
    expect(pythonJsonString('\u0000\u001f\u000b')).toBe(String.raw`"\u0000\u001f\u000b"`)
    expect(pythonJsonString('\uFFFF\u00ff')).toBe(String.raw`"\uffff\u00ff"`)
  })
})

describe('pythonJson', () => {
  const data = [{ a: [1, null, true, false, 'x'] }]

  it('compact separators, as cookies use', () => {
    expect(pythonJson(data, 'compact')).toBe('[{"a":[1,null,true,false,"x"]}]')
  })

  it("Python's default separators, as sessions use", () => {
    expect(pythonJson(data, 'default')).toBe('[{"a": [1, null, true, false, "x"]}]')
  })

  it('writes undefined as null and escapes keys', () => {
    expect(pythonJson({ é: undefined }, 'compact')).toBe('{"\\u00e9":null}')
  })

  it('applies the replacer before writing', () => {
    expect(pythonJson([1, 2], 'compact', (v) => (v === 2 ? 'two' : v))).toBe('[1,"two"]')
  })

  it('refuses what JSON cannot hold', () => {
    expect(() => pythonJson(Number.NaN, 'compact')).toThrow(
      new TypeError('@flash/core: cannot serialise NaN as JSON'),
    )
    expect(() => pythonJson(Number.POSITIVE_INFINITY, 'compact')).toThrow(
      new TypeError('@flash/core: cannot serialise Infinity as JSON'),
    )
    expect(() => pythonJson(() => 1, 'compact')).toThrow(
      new TypeError('@flash/core: cannot serialise a function as JSON'),
    )
    expect(() => pythonJson(10n, 'compact')).toThrow(
      new TypeError('@flash/core: cannot serialise a bigint as JSON'),
    )
  })
})
