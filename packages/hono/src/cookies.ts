/**
 * @module
 * The cookie half of the seam. Hono's cookie helpers URL-encode and URL-decode values, and
 * @flash reads and writes Django's raw value (`A-Za-z0-9-_.:`): the attributes come from Hono's
 * serializer and the value is spliced in as is.
 */
import { type CookieAttributes, FlashConfigError } from '@flash/core'
import type { Context } from 'hono'
import { generateCookie } from 'hono/cookie'

/**
 * The raw value of request cookie `name`. Not `getCookie` from hono/cookie: it URL-decodes, so
 * a percent-encoded copy of a genuine cookie would verify; Django reads the value as sent.
 */
export function readCookie(c: Context, name: string): string | undefined {
  const header = c.req.raw.headers.get('cookie')
  if (!header?.includes(name)) return undefined
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim()
  }
  return undefined
}

/** A `Set-Cookie` value: Hono's serializer for the attributes, the raw `value`. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  const { sameSite, ...rest } = attributes
  const header = generateCookie(name, '', { ...rest, sameSite: sameSite || undefined })
  return `${name}=${value}${header.slice(name.length + 1)}`
}

/** Append a `Set-Cookie`, keeping the ones other middleware set. */
export function appendCookie(c: Context, name: string, value: string, attributes: CookieAttributes): void {
  c.header('Set-Cookie', serializeCookie(name, value, attributes), { append: true })
}

/**
 * Serialize the configured cookie once at startup, so what Hono's serializer refuses (a `Max-Age`
 * over 400 days, a `__Host-` name without `secure`) fails now instead of on the first message.
 */
export function checkCookie(adapter: string, name: string, attributes: CookieAttributes): void {
  try {
    serializeCookie(name, '', attributes)
  } catch (error) {
    const option = /Max-Age/i.test((error as Error).message) ? 'maxAge' : 'cookie'
    throw new FlashConfigError(
      `${adapter}: option "${option}" is refused by Hono's cookie serializer: ${(error as Error).message}`,
    )
  }
}
