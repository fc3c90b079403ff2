/**
 * @module
 * Shared test data: secrets, Django's helper messages, deterministic random text, and real
 * Django cookies (a subset of `shared/reference/django/cookie-vectors.json`, copied so the suite
 * also runs where there is no file system, such as an edge runtime).
 */
import djangoCookies from './fixtures/django-cookies.json' with { type: 'json' }

export const SECRET = 'adapter-suite-secret-0123456789-abcdefghij'
export const OLD_SECRET = 'adapter-suite-old-secret-9876543210-zyxwvu'
export const DJANGO_SECRET = 'test-secret-key-0123456789'

export const LEVEL_NAMES = ['debug', 'info', 'success', 'warning', 'error'] as const
export const LEVELS = { debug: 10, info: 20, success: 25, warning: 30, error: 40 } as const
export const FIVE_TEXTS = [
  'Test message 0',
  'Test message 1',
  'Test message 2',
  'Test message 3',
  'Test message 4',
]

/** Django's `add_level_messages`: [level, text, extraTags]. */
export const DJANGO_LEVEL_MESSAGES: readonly [number, string, string][] = [
  [20, 'A generic info message', ''],
  [29, 'Some custom level', ''],
  [10, 'A debugging message', 'extra-tag'],
  [30, 'A warning', ''],
  [40, 'An error', ''],
  [25, 'This was a triumph.', ''],
]

export interface DjangoCookie {
  name: string
  secret: string
  cookie: string
  messages: { level: number; text: string; extraTags: string | null; safe: boolean }[]
}
export const DJANGO_COOKIES = djangoCookies as DjangoCookie[]

/** `count` base62 strings of `length` characters, the same on every run (Django's get_random_string). */
export function randomTexts(count: number, length: number, seed = 42): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return Array.from({ length: count }, () =>
    Array.from({ length }, () => alphabet[Math.floor(next() * 62)]).join(''),
  )
}
