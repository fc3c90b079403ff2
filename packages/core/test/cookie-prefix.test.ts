import { describe, expect, it } from 'vitest'
import { cookiePrefixRule, cookiePrefixShortfall } from '../src/index.js'

describe('cookiePrefixShortfall: the prefixes browsers enforce (RFC 6265bis 4.1.3)', () => {
  const meets = { secure: true, path: '/', domain: undefined }

  it('asks nothing of a name without an enforced prefix', () => {
    expect(
      cookiePrefixShortfall('messages', { secure: false, path: '/app', domain: 'example.com' }),
    ).toBeUndefined()
    expect(cookiePrefixShortfall('_Host-messages', { secure: false, path: '/' })).toBeUndefined()
  })

  it('is satisfied by the attributes each prefix requires', () => {
    expect(cookiePrefixShortfall('__Host-messages', meets)).toBeUndefined()
    expect(
      cookiePrefixShortfall('__Secure-messages', { secure: true, path: '/app', domain: 'example.com' }),
    ).toBeUndefined()
  })

  it('lists every unmet requirement, in the order browsers check them, matching the prefix case-insensitively', () => {
    expect(cookiePrefixShortfall('__host-m', { secure: false, path: '/app', domain: 'example.com' })).toEqual(
      {
        prefix: '__Host-',
        unmet: ['secure', 'path', 'domain'],
      },
    )
    expect(cookiePrefixShortfall('__Host-m', { secure: true, path: '/', domain: 'example.com' })).toEqual({
      prefix: '__Host-',
      unmet: ['domain'],
    })
    expect(cookiePrefixShortfall('__SECURE-m', { secure: false, path: '/app' })).toEqual({
      prefix: '__Secure-',
      unmet: ['secure'],
    })
  })

  it('words the rule for the prefix', () => {
    expect(cookiePrefixRule('__Secure-m', '__Secure-')).toBe(
      'browsers keep a cookie named "__Secure-m" only when it is Secure',
    )
    expect(cookiePrefixRule('__Host-m', '__Host-')).toBe(
      'browsers keep a cookie named "__Host-m" only when it is Secure, with Path=/ and no Domain',
    )
  })
})
