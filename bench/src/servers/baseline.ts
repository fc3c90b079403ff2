/**
 * @module
 * The S3 limit: what a flash costs with no library at all. One unsigned JSON cookie, read from
 * the raw header and written as a raw `Set-Cookie`, so it is the same code on every framework.
 * And the same by hand with a signature (`s3-signed`): what any tamper-proof cookie costs on
 * top, two HMACs and base64, without Django's format or any library.
 */
import { createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto'
import type { ShownMessage } from './page.js'

const NAME = 'flash'

interface StoredMessage {
  level: number
  text: string
}

/** The messages in the request's `flash` cookie; a bad cookie reads as none. */
export function readBaseline(cookieHeader: string | undefined | null): ShownMessage[] {
  const value = cookieValue(cookieHeader, NAME)
  return value === undefined ? [] : storedMessages(() => decodeURIComponent(value))
}

/** The raw value of the first cookie called `name` in a `Cookie` header. */
export function cookieValue(cookieHeader: string | undefined | null, name: string): string | undefined {
  if (!cookieHeader?.includes(name)) return undefined
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=')
    if (eq !== -1 && pair.slice(0, eq).trim() === name) return pair.slice(eq + 1).trim()
  }
  return undefined
}

/** The stored messages in the JSON `json()` returns, as shown; anything malformed reads as none. */
function storedMessages(json: () => string): ShownMessage[] {
  try {
    const stored = JSON.parse(json()) as StoredMessage[]
    return stored.map((m) => ({ tags: m.level === 25 ? 'success' : 'info', text: m.text }))
  } catch {
    return []
  }
}

/** A `Set-Cookie` that holds `texts` at the success level. */
export function writeBaseline(texts: readonly string[]): string {
  const stored: StoredMessage[] = texts.map((text) => ({ level: 25, text }))
  return `${NAME}=${encodeURIComponent(JSON.stringify(stored))}; Path=/; HttpOnly; SameSite=Lax`
}

const SIGNED_NAME = 'signed'
const KEY = createSecretKey(createHash('sha256').update('bench-signed-baseline-secret').digest())

function mac(text: string): string {
  return createHmac('sha256', KEY).update(text).digest('base64url')
}

/** The messages in the request's signed cookie (`base64url(JSON):timestamp:hmac`); a bad one reads as none. */
export function readSignedBaseline(cookieHeader: string | undefined | null): ShownMessage[] {
  const body = verifiedCookie(cookieHeader, SIGNED_NAME, mac)
  if (body === undefined) return []
  return storedMessages(() => Buffer.from(body.slice(0, body.lastIndexOf(':')), 'base64url').toString())
}

/**
 * The signed text of the request's cookie `name` (`text:signature`, where `mac` gives the
 * signature of `text`), when the signature matches in constant time; `undefined` otherwise.
 */
export function verifiedCookie(
  cookieHeader: string | undefined | null,
  name: string,
  mac: (text: string) => string,
): string | undefined {
  const value = cookieValue(cookieHeader, name)
  const cut = value?.lastIndexOf(':') ?? -1
  if (value === undefined || cut < 0) return undefined
  const signed = value.slice(0, cut)
  const given = Buffer.from(value.slice(cut + 1))
  const expected = Buffer.from(mac(signed))
  return given.length === expected.length && timingSafeEqual(given, expected) ? signed : undefined
}

/** A signed `Set-Cookie` that holds `texts` at the success level. */
export function writeSignedBaseline(texts: readonly string[]): string {
  const stored: StoredMessage[] = texts.map((text) => ({ level: 25, text }))
  const body = `${Buffer.from(JSON.stringify(stored)).toString('base64url')}:${Math.floor(Date.now() / 1000).toString(36)}`
  return `${SIGNED_NAME}=${body}:${mac(body)}; Path=/; HttpOnly; SameSite=Lax`
}
