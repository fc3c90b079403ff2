/**
 * @module
 * The S3 limit: what a flash costs with no library at all. One unsigned JSON cookie, read from
 * the raw header and written as a raw `Set-Cookie`, so it is the same code on every framework.
 */
import type { ShownMessage } from './page.js'

const NAME = 'flash'

interface StoredMessage {
  level: number
  text: string
}

/** The messages in the request's `flash` cookie; a bad cookie reads as none. */
export function readBaseline(cookieHeader: string | undefined | null): ShownMessage[] {
  if (!cookieHeader?.includes(NAME)) return []
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=')
    if (eq === -1 || pair.slice(0, eq).trim() !== NAME) continue
    try {
      const stored = JSON.parse(decodeURIComponent(pair.slice(eq + 1).trim())) as StoredMessage[]
      return stored.map((m) => ({ tags: m.level === 25 ? 'success' : 'info', text: m.text }))
    } catch {
      return []
    }
  }
  return []
}

/** A `Set-Cookie` that holds `texts` at the success level. */
export function writeBaseline(texts: readonly string[]): string {
  const stored: StoredMessage[] = texts.map((text) => ({ level: 25, text }))
  return `${NAME}=${encodeURIComponent(JSON.stringify(stored))}; Path=/; HttpOnly; SameSite=Lax`
}
