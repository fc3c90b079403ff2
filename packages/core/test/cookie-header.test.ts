import { describe, expect, it } from 'vitest'
import { cookieFromHeader } from '../src/cookie-header.js'

describe('cookieFromHeader', () => {
  it('finds the value of a cookie, raw and stripped', () => {
    expect(cookieFromHeader('a=1; messages=W1s:1r31eq:abc ;b=2', 'messages')).toBe('W1s:1r31eq:abc')
    expect(cookieFromHeader('messages=a%3Ab', 'messages')).toBe('a%3Ab')
    expect(cookieFromHeader('x=messages=1', 'messages')).toBeUndefined()
    expect(cookieFromHeader('messages', 'messages')).toBeUndefined()
    expect(cookieFromHeader('my_messages=1; messages==2', 'messages')).toBe('=2')
    expect(cookieFromHeader(' messages = v ', 'messages')).toBe('v')
    expect(cookieFromHeader('\tmessages\x0b=\x1fv\x0c\r', 'messages')).toBe('v')
    expect(cookieFromHeader('messages=', 'messages')).toBe('')
    expect(cookieFromHeader('messages=\u00a0v', 'messages')).toBe('\u00a0v')
  })

  it('takes the last of two pairs of the same name, as Django does', () => {
    expect(cookieFromHeader('messages=first; messages=second', 'messages')).toBe('second')
    expect(cookieFromHeader('messages=first; a=1; messages=; b=2', 'messages')).toBe('')
    expect(cookieFromHeader('messages=first; messages; x=messages', 'messages')).toBe('first')
  })

  it("unquotes a quoted value with Python's rules, as Django does", () => {
    expect(cookieFromHeader('messages="W1s:1r31eq:abc"', 'messages')).toBe('W1s:1r31eq:abc')
    expect(cookieFromHeader('messages=""', 'messages')).toBe('')
    expect(cookieFromHeader('messages="', 'messages')).toBe('"')
    expect(cookieFromHeader('messages="a', 'messages')).toBe('"a')
    expect(cookieFromHeader('messages=a"', 'messages')).toBe('a"')
    expect(cookieFromHeader('messages="a\\:b\\"c\\\\d"', 'messages')).toBe('a:b"c\\d')
    expect(cookieFromHeader('messages="\\054\\377\\400\\08"', 'messages')).toBe(',\u00ff40008')
    expect(cookieFromHeader('messages="a\\"', 'messages')).toBe('a\\')
    expect(cookieFromHeader('messages="a\\\nb"', 'messages')).toBe('a\\\nb')
  })

  it('returns a quoted value too long to be any cookie as sent, and unquotes one at the limit', () => {
    // 4 * 4096 + 2 characters with the quotes: the longest that could unquote to a 4096-byte cookie.
    const atLimit = `"${'\\012'.repeat(4096)}"`
    expect(atLimit).toHaveLength(16_386)
    expect(cookieFromHeader(`messages=${atLimit}`, 'messages')).toBe('\n'.repeat(4096))
    const over = `"${'\\"'.repeat(8192)}x"`
    expect(over).toHaveLength(16_387)
    expect(cookieFromHeader(`messages=${over}; b=2`, 'messages')).toBe(over)
  })

  it('answers undefined without a header', () => {
    expect(cookieFromHeader(undefined, 'messages')).toBeUndefined()
    expect(cookieFromHeader(null, 'messages')).toBeUndefined()
    expect(cookieFromHeader('', 'messages')).toBeUndefined()
  })
})
