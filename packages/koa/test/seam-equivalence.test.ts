/**
 * The seam reads and writes the message cookie without `ctx.cookies` (which builds a `Cookies`
 * per request). The `Set-Cookie` lines it writes must be exactly those of
 * `ctx.cookies.set(name, value, options)`, plus the `max-age` that `cookies` never writes (after
 * `expires`; `0` for a deletion). It reads as Django does, like every adapter (the
 * core's `cookieFromHeader`), where `ctx.cookies.get` differs: the last of two pairs, a quoted
 * value unquoted, spaces around `=`.
 */

import { IncomingMessage, ServerResponse } from 'node:http'
import { createServer as createHttp2Server, connect as http2Connect } from 'node:http2'
import type { AddressInfo } from 'node:net'
import { Socket } from 'node:net'
import type { CookieAttributes } from '@flash/core'
import Koa from 'koa'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { KoaSeam } from '../src/seam.js'

/** A Koa context over Node's own request and response, so `setHeader` checks values as it does in a server. */
function context(cookie: string | undefined, existing?: string[]) {
  const req = new IncomingMessage(new Socket())
  req.url = '/'
  if (cookie !== undefined) req.headers.cookie = cookie
  const res = new ServerResponse(req)
  if (existing) res.setHeader('set-cookie', existing)
  const app = new Koa()
  app.keys = ['k']
  const ctx = app.createContext(req, res)
  // The lines as Node sends them: a single line set as a string goes out as an array of one does.
  const setCookies = () => {
    const value = res.getHeader('set-cookie') as string | string[] | undefined
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

  /** `line` with `; max-age=N` after its path and expires, where @flash writes it. */
  const withMaxAge = (line: string, seconds: number | undefined) =>
    seconds === undefined
      ? line
      : line.replace(/^[^;]*(; path=[^;]*)?(; expires=[^;]*)?/, `$&; max-age=${seconds}`)

  it.each(ATTRIBUTES)('writes the Set-Cookie line of ctx.cookies.set, with max-age (%j)', (attributes) => {
    // A custom storage's value may be any text `cookies` accepts, not only Django's alphabet.
    for (const value of ['abc:1r31eq:sig-_.', '', 'a b"c%=,\u00e9']) {
      for (const existing of [undefined, ['other=1', 'messages=old; path=/']]) {
        const ours = context(undefined, existing && [...existing])
        const theirs = context(undefined, existing && [...existing])
        new KoaSeam(ours.ctx).setCookie('messages', value, attributes)
        theirs.ctx.cookies.set('messages', value, options(attributes))
        const maxAge = value === '' ? 0 : attributes.maxAge
        expect(ours.setCookies()).toEqual(
          theirs
            .setCookies()
            ?.map((line) => (line.startsWith('messages=') ? withMaxAge(line, maxAge) : line)),
        )
      }
    }
  })

  it.each([
    ['a;b', {}, 'argument value is invalid'],
    // Characters Node's setHeader refuses as well: still the error of `cookies`.
    ['a\nb', {}, 'argument value is invalid'],
    ['a\u007fb', {}, 'argument value is invalid'],
    ['a\u0100b', {}, 'argument value is invalid'],
    ['ok', { path: '/a;b' }, 'option path is invalid'],
    ['ok', { domain: 'exa mple.com' }, 'option domain is invalid'],
    ['ok', { maxAge: Number.NaN }, 'option maxAge is invalid'],
  ])('refuses %j with %j as ctx.cookies.set does: %s', (value, changed, message) => {
    const attributes: CookieAttributes = { ...base, ...changed }
    const { ctx, setCookies } = context(undefined)
    expect(() => new KoaSeam(ctx).setCookie('messages', value, attributes)).toThrow(new TypeError(message))
    expect(() => ctx.cookies.set('messages', value, options(attributes))).toThrow(new TypeError(message))
    expect(setCookies()).toBeUndefined()
  })
})

describe('KoaSeam on HTTP/2', () => {
  // HTTP/2's response checks no header value when it is set: the seam scans the value itself there.
  it('refuses what ctx.cookies.set refuses, with its error, and writes the rest', async () => {
    const attributes: CookieAttributes = { path: '/', secure: false, httpOnly: true, sameSite: 'Lax' }
    const app = new Koa()
    app.use((ctx) => {
      const results = ['a\nb', 'a\u0100b', 'a;b', 'abc:1r31eq:sig-_.'].map((value) => {
        try {
          new KoaSeam(ctx).setCookie('messages', value, attributes)
          return 'written'
        } catch (error) {
          return (error as Error).message
        }
      })
      ctx.body = {
        http2: ctx.req.httpVersionMajor === 2,
        results,
        setCookie: ctx.res.getHeader('set-cookie'),
      }
    })
    const server = createHttp2Server(app.callback())
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const client = http2Connect(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    try {
      const body = await new Promise<string>((resolve, reject) => {
        const request = client.request({ ':path': '/' })
        let text = ''
        request.setEncoding('utf8')
        request.on('data', (chunk: string) => (text += chunk))
        request.on('end', () => resolve(text))
        request.on('error', reject)
      })
      expect(JSON.parse(body)).toEqual({
        http2: true,
        results: [
          'argument value is invalid',
          'argument value is invalid',
          'argument value is invalid',
          'written',
        ],
        setCookie: 'messages=abc:1r31eq:sig-_.; path=/; samesite=lax; httponly',
      })
    } finally {
      client.close()
      await new Promise((resolve) => server.close(resolve))
    }
  })
})
