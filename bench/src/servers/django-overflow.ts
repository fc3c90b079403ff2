/**
 * @module
 * The S4 limit: Django's overflow (FallbackStorage) written by hand, with only the work an exact
 * result cannot skip, so S4's CPU can be split into what Django's result costs and what @flash's
 * code adds. Django fills the message cookie with the most messages (oldest first) whose signed,
 * compressed payload, with the "not finished" sentinel, stays within 2,048 characters, and puts
 * the rest in the session. For the bench's fixed 30 messages that count is found once, at
 * startup, by Django's own bisection; each request then pays only for:
 * - reading: the cookie's signature, its inflate and JSON, and the session's JSON;
 * - writing: the deflate of the payload written, and the deflate of one message more, which is
 *   what proves that no more fit (deflate sizes have no bound that could replace it), the
 *   signature, and the session's JSON;
 * - `Cache-Control: no-store` on the page that displayed them (@flash's delivery rule).
 * No implementation that writes Django's cookie, byte for byte, can do less per request.
 */
import { deflateSync, inflateSync } from 'node:zlib'
import { verifiedCookie } from './baseline.js'
import { ATTRIBUTES, mac, NAME, SUCCESS, timestampSigned } from './django-baseline.js'
import type { ShownMessage } from './page.js'

/** Django's `max_cookie_size`, checked against the whole signed value. */
const MAX_COOKIE_SIZE = 2048
const NOT_FINISHED_JSON = '"__messagesnotfinished__"'
/** The session key of Django's SessionStorage, which FallbackStorage fills with the overflow. */
export const SESSION_KEY = '_messages'

/** One message as Django's MessageEncoder writes it (not safe, no extra tags: `''`). */
const partOf = (text: string) => JSON.stringify(['__json_message', 0, SUCCESS, text, ''])

/** Django's `sign_object(..., compress=True)` of `json`: compressed only when it saves 2 bytes. */
function signedValue(json: string): string {
  const raw = Buffer.from(json)
  const compressed = deflateSync(raw)
  const payload =
    compressed.length < raw.length - 1 ? `.${compressed.toString('base64url')}` : raw.toString('base64url')
  return timestampSigned(payload)
}

/** The cookie list of the first `count` parts and the sentinel (Django's `compute_msg`). */
const cookieJson = (parts: readonly string[], count: number) =>
  `[${[...parts.slice(0, count), NOT_FINISHED_JSON].join(',')}]`

/** Django's `bisect_keep_left`: the most parts whose cookie list fits. */
function fittingCount(parts: readonly string[]): number {
  let lo = 0
  let hi = parts.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (signedValue(cookieJson(parts, mid + 1)).length > MAX_COOKIE_SIZE) hi = mid
    else lo = mid + 1
  }
  return lo
}

/** What one overflowing request writes: the message cookie and the session's value. */
export interface OverflowWrite {
  readonly setCookie: string
  readonly session: string
}

/** Writes `texts` (always the same list, whose fitting count is found once) as Django does. */
export function djangoOverflowWriter(texts: readonly string[]): () => OverflowWrite {
  const fixedParts = texts.map(partOf)
  const count = fittingCount(fixedParts)
  if (count === texts.length) throw new Error('django-overflow: the messages must overflow the cookie')
  return () => {
    const parts = texts.map(partOf)
    const value = signedValue(cookieJson(parts, count))
    // The proof Django's search also pays for: one message more does not fit.
    if (
      signedValue(cookieJson(parts, count + 1)).length <= MAX_COOKIE_SIZE ||
      value.length > MAX_COOKIE_SIZE
    ) {
      throw new Error('django-overflow: the count found at startup no longer fits exactly')
    }
    return {
      setCookie: `${NAME}=${value}${ATTRIBUTES}`,
      session: `[${parts.slice(count).join(',')}]`,
    }
  }
}

/** The messages of the request's message cookie and session value; bad data reads as none. */
export function readDjangoOverflow(
  cookieHeader: string | undefined | null,
  session: unknown,
): ShownMessage[] {
  const shown: ShownMessage[] = []
  const signed = verifiedCookie(cookieHeader, NAME, mac)
  try {
    if (signed !== undefined) {
      const payload = signed.slice(0, signed.lastIndexOf(':'))
      const bytes =
        payload[0] === '.'
          ? inflateSync(Buffer.from(payload.slice(1), 'base64url'))
          : Buffer.from(payload, 'base64url')
      pushMessages(shown, JSON.parse(bytes.toString()) as unknown[])
    }
    if (typeof session === 'string') pushMessages(shown, JSON.parse(session) as unknown[])
  } catch {
    return []
  }
  return shown
}

function pushMessages(shown: ShownMessage[], stored: readonly unknown[]): void {
  for (const m of stored) {
    if (!Array.isArray(m)) continue // the sentinel
    shown.push({ tags: m[2] === SUCCESS ? 'success' : 'info', text: String(m[3]) })
  }
}
