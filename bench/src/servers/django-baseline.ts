/**
 * @module
 * The S3 limit of the format @flash keeps: Django's message cookie written by hand, with no
 * library, so the cost of Django's format and the cost of @flash's code can be told apart. It
 * does what Django's CookieStorage does for one short message, and what @flash adds on a page
 * that displayed messages:
 * - the key is SHA-256 of the salt, `signer`, `django.http.cookies` and the secret (Django's
 *   `get_cookie_signer(salt='django.contrib.messages')`), derived once;
 * - the value is `base64url(JSON):base62(timestamp):base64url(HMAC-SHA256)`, the JSON being
 *   Django's `[["__json_message",0,level,text,extra_tags]]`;
 * - a read verifies the signature in constant time and takes the messages out of that JSON;
 * - `Cache-Control: no-store` goes on the page that displayed them (@flash's delivery rule).
 * Short payloads only: it never compresses, as neither does @flash under 128 bytes of JSON.
 */
import { createHash, createHmac, createSecretKey } from 'node:crypto'
import { verifiedCookie } from './baseline.js'
import type { ShownMessage } from './page.js'

export const NAME = 'messages'
const SALT = 'django.contrib.messages'
export const SUCCESS = 25
const KEY = createSecretKey(
  createHash('sha256').update(`${SALT}signerdjango.http.cookiesbench-django-baseline-secret`).digest(),
)
export const ATTRIBUTES = '; Path=/; HttpOnly; SameSite=Lax'
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** What a page that displayed messages sends besides them. */
export const DJANGO_DISPLAY_HEADERS = { 'cache-control': 'no-store' } as const

export function mac(text: string): string {
  return createHmac('sha256', KEY).update(text).digest('base64url')
}

function base62(n: number): string {
  let out = ''
  do {
    out = BASE62[n % 62] + out
    n = Math.floor(n / 62)
  } while (n > 0)
  return out
}

/** The messages of the request's Django message cookie; a bad one reads as none. */
export function readDjangoBaseline(cookieHeader: string | undefined | null): ShownMessage[] {
  const signed = verifiedCookie(cookieHeader, NAME, mac)
  if (signed === undefined) return []
  const payload = signed.slice(0, signed.lastIndexOf(':'))
  try {
    const stored = JSON.parse(Buffer.from(payload, 'base64url').toString('latin1')) as unknown[][]
    return stored.map((m) => ({ tags: m[2] === SUCCESS ? 'success' : 'info', text: String(m[3]) }))
  } catch {
    return []
  }
}

/** A `Set-Cookie` holding `texts` at the success level, as Django writes it. */
export function writeDjangoBaseline(texts: readonly string[]): string {
  const json = JSON.stringify(texts.map((text) => ['__json_message', 0, SUCCESS, text, '']))
  return `${NAME}=${timestampSigned(Buffer.from(json, 'latin1').toString('base64url'))}${ATTRIBUTES}`
}

/** Django's `TimestampSigner.sign` of a payload: `payload:base62(now):signature`. */
export function timestampSigned(payload: string): string {
  const signed = `${payload}:${base62(Math.floor(Date.now() / 1000))}`
  return `${signed}:${mac(signed)}`
}
