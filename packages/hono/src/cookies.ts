/**
 * @module
 * The cookie half of the seam. Hono's cookie helpers URL-encode and URL-decode values, and
 * @flash reads and writes Django's raw value (`A-Za-z0-9-_.:`): the attributes come from Hono's
 * serializer and the value is spliced in as is.
 */
import { type CookieAttributes, cookieFromHeader, FlashConfigError } from '@flash/core'
import type { Context } from 'hono'
import { generateCookie } from 'hono/cookie'
import { requestHeader } from './request-headers.js'

/**
 * The raw value of request cookie `name`. Not `getCookie` from hono/cookie: it URL-decodes, so
 * a percent-encoded copy of a genuine cookie would verify; Django reads the value as sent.
 */
export function readCookie(c: Context, name: string): string | undefined {
  return cookieFromHeader(requestHeader(c, 'cookie'), name)
}

/** Hono's serialization of the attributes (after `name=`) per attribute set and name. */
const SUFFIXES = new WeakMap<CookieAttributes, { readonly name: string; readonly suffix: string }>()

/** A `Set-Cookie` value: Hono's serializer for the attributes, the raw `value`. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  let cached = SUFFIXES.get(attributes)
  if (cached?.name !== name) {
    const { sameSite, ...rest } = attributes
    const header = generateCookie(name, '', { ...rest, sameSite: sameSite || undefined })
    cached = { name, suffix: header.slice(name.length + 1) }
    SUFFIXES.set(attributes, cached)
  }
  return `${name}=${value}${cached.suffix}`
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
