/**
 * The seam reads and writes the message cookie without `ctx.cookies` (which builds a `Cookies`
 * per request). The `Set-Cookie` lines it writes must be exactly those of
 * `ctx.cookies.set(name, value, options)`. It reads as Django does, like every adapter (the
 * core's `cookieFromHeader`), where `ctx.cookies.get` differs: the last of two pairs, a quoted
 * value unquoted, spaces around `=`.
 */
import type { CookieAttributes } from '@flash/core'
import Koa from 'koa'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { KoaSeam } from '../src/seam.js'

function context(cookie: string | undefined, existing?: string[]) {
  const headers = new Map<string, unknown>()
  if (existing) headers.set('set-cookie', existing)
  const res = {
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
  }
  const req = { headers: cookie === undefined ? {} : { cookie }, socket: {}, url: '/' }
  const app = new Koa()
  app.keys = ['k']
  const ctx = app.createContext(req as never, res as never)
  // The lines as Node sends them: a single line set as a string goes out as an array of one does.
  const setCookies = () => {
    const value = headers.get('set-cookie') as string | string[] | undefined
    return value === undefined ? undefined : ([] as string[]).concat(value)
  }
  return { ctx, setCookies }
}

/** Cookie header, what Django's `request.COOKIES['messages']` has (undefined: no such key). */
const HEADERS: [string | undefined, string | undefined][] = [
  [undefined, undefined],
  ['', undefined],
  ['messages=abc:def', 'abc:def'],
  ['a=1; messages=abc; messages=second', 'second'],
  ['  messages=  spaced  ; b=2', 'spaced'],
  ['xmessages=no; messages=yes', 'yes'],
  ['messages="quoted"', 'quoted'],
  ['messages="a\\:b"', 'a:b'],
  ['messages=', ''],
  ['messages =sp', 'sp'],
  ['a.b=1; messages=x', 'x'],
]

describe('KoaSeam reads as Django', () => {
  it.each(HEADERS)('reads %j as %j', (header, expected) => {
    const { ctx } = context(header)
    expect(new KoaSeam(ctx).getCookie('messages')).toBe(expected)
  })
})

describe('KoaSeam matches ctx.cookies', () => {
  // `maxAge` becomes an `expires` computed from the clock: both sides must see the same time.
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 2, 3, 4, 5, 678), toFake: ['Date'] })
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  const base: CookieAttributes = { path: '/', secure: false, httpOnly: true, sameSite: 'Lax' }
  const ATTRIBUTES: CookieAttributes[] = [
    base,
    { ...base, sameSite: false, httpOnly: false },
    { ...base, domain: 'example.com', path: '/app', sameSite: 'Strict' },
    { ...base, maxAge: 0, expires: new Date(0) },
    { ...base, maxAge: 600, domain: '.example.com' },
  ]
  const options = (a: CookieAttributes) => ({
    signed: false,
    overwrite: true,
    path: a.path,
    domain: a.domain,
    secure: a.secure,
    httpOnly: a.httpOnly,
    sameSite: a.sameSite === false ? false : (a.sameSite.toLowerCase() as 'lax'),
    maxAge: a.maxAge === undefined ? undefined : a.maxAge * 1000,
    expires: a.expires,
  })

  it.each(ATTRIBUTES)('writes the Set-Cookie line of ctx.cookies.set (%j)', (attributes) => {
    for (const value of ['abc:1r31eq:sig-_.', '']) {
      for (const existing of [undefined, ['other=1', 'messages=old; path=/']]) {
        const ours = context(undefined, existing && [...existing])
        const theirs = context(undefined, existing && [...existing])
        new KoaSeam(ours.ctx).setCookie('messages', value, attributes)
        theirs.ctx.cookies.set('messages', value, options(attributes))
        expect(ours.setCookies()).toEqual(theirs.setCookies())
      }
    }
  })
})
