/**
 * @module
 * What every server sends and adds, so all variants of a scenario do the same work and the
 * parent can check any of them the same way.
 */

export const FLASH_SECRET = 'bench-flash-secret-0123456789-abcdefghijklmnopqrstuvwxyz'
export const SESSION_SECRET = 'bench-session-secret-0123456789-abcdefghijklmnop'
/** @fastify/secure-session wants a 32-byte key; a fixed one keeps seeded cookies valid across restarts. */
export const SECURE_SESSION_KEY = Buffer.alloc(32, 7)

/**
 * The message S3 adds on every request. Numbered, so the session of a peer changes on every
 * request as ours does: koa-session skips the write of a session whose content did not change,
 * and a constant text would spare koa-flash the very work S3 measures.
 */
let cycles = 0
export function cycleMessage(): string {
  cycles += 1
  return `Profile saved (${cycles}).`
}
export const CYCLE_PATTERN = /^Profile saved \(\d+\)\.$/

export const OVERFLOW_COUNT = 30
export const OVERFLOW_LENGTH = 300

/**
 * 30 distinct texts of 300 characters. Word salad rather than one repeated letter: zlib would
 * squeeze a repeated text into almost nothing, and the cookie would never overflow.
 */
export const OVERFLOW_MESSAGES: readonly string[] = Array.from({ length: OVERFLOW_COUNT }, (_, i) =>
  overflowText(i),
)

function overflowText(index: number): string {
  const words = [
    'invoice',
    'paid',
    'order',
    'shipped',
    'alpha',
    'profile',
    'quota',
    'nearly',
    'full',
    'zebra',
  ]
  let seed = index * 7919 + 17
  let text = `Message ${index + 1}:`
  while (text.length < OVERFLOW_LENGTH) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    text += ` ${words[seed % words.length]}${seed % 97}`
  }
  return text.slice(0, OVERFLOW_LENGTH)
}

export interface ShownMessage {
  readonly tags: string
  readonly text: string
}

/** The page: "hello", then the message list when there is one (as a layout renders it). */
export function renderPage(messages: readonly ShownMessage[]): string {
  if (messages.length === 0) return 'hello'
  let list = ''
  for (const m of messages) list += `<li class="${escapeHtml(m.tags)}">${escapeHtml(m.text)}</li>`
  return `hello<ul class="messages">${list}</ul>`
}

/** Iterating displays (and consumes) @flash messages, as a template does. */
export function shown(messages: Iterable<{ readonly tags: string; toString(): string }>): ShownMessage[] {
  const out: ShownMessage[] = []
  for (const m of messages) out.push({ tags: m.tags, text: String(m) })
  return out
}

/** The flash map of @fastify/flash and koa-flash (`{ type: [texts] }`) as displayed messages. */
export function shownFromTypes(flashes: Record<string, readonly string[] | undefined> | null | undefined) {
  const out: ShownMessage[] = []
  for (const [type, texts] of Object.entries(flashes ?? {})) {
    for (const text of texts ?? []) out.push({ tags: type, text })
  }
  return out
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)
}
