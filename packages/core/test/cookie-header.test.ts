import { describe, expect, it } from 'vitest'
import { cookieFromHeader } from '../src/cookie-header.js'

describe('cookieFromHeader', () => {
  it('finds the first value of a cookie, raw and trimmed', () => {
    expect(cookieFromHeader('a=1; messages=W1s:1r31eq:abc ;b=2', 'messages')).toBe('W1s:1r31eq:abc')
    expect(cookieFromHeader('messages=first; messages=second', 'messages')).toBe('first')
    expect(cookieFromHeader('messages=a%3Ab', 'messages')).toBe('a%3Ab')
    expect(cookieFromHeader('x=messages=1', 'messages')).toBeUndefined()
    expect(cookieFromHeader('messages', 'messages')).toBeUndefined()
    expect(cookieFromHeader('my_messages=1; messages==2', 'messages')).toBe('=2')
    expect(cookieFromHeader(' messages = v ', 'messages')).toBe('v')
    expect(cookieFromHeader('messages=', 'messages')).toBe('')
  })

  it('answers undefined without a header', () => {
    expect(cookieFromHeader(undefined, 'messages')).toBeUndefined()
    expect(cookieFromHeader(null, 'messages')).toBeUndefined()
    expect(cookieFromHeader('', 'messages')).toBeUndefined()
  })
})
