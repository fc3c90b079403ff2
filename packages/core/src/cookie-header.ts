/**
 * @module
 * Reading one cookie from a `Cookie` request header the way Django reads it (`parse_cookie`), so
 * an app sharing the message cookie with Django sees the same value: the last pair of that name
 * wins, name and value are stripped of whitespace, and a quoted value is unquoted. Nothing is
 * URL-decoded: a signature must be checked on the bytes Django checks, and a percent-encoded copy
 * of a genuine cookie is not a genuine cookie.
 *
 * The header comes from the network: every step is one pass over it (no regular expression, no
 * search that rescans the rest of the header per pair), so a hostile 64 KB header costs
 * microseconds.
 */
import { MAX_COOKIE_LENGTH } from './storage/cookie.js'

/**
 * The value of cookie `name` in a `Cookie` header, as Django's `request.COOKIES[name]` has it:
 * pairs split at `;`, each at its first `=`; name and value stripped of ASCII whitespace; the
 * *last* pair of that name wins; a value in double quotes is unquoted with Python's rules
 * (`\"` and `\\` escapes, `\012` octal escapes), unless it is too long to be any cookie (over
 * 16,386 characters: then it is returned as sent). `undefined` when there is no such pair.
 *
 * @example
 * cookieFromHeader('a=1; messages=W1s:1r31eq:abc', 'messages') // 'W1s:1r31eq:abc'
 * cookieFromHeader('messages=old; messages=new', 'messages') // 'new' (as Django)
 * cookieFromHeader('messages="a\\:b"', 'messages') // 'a:b' (as Django)
 */
export function cookieFromHeader(header: string | null | undefined, name: string): string | undefined {
  if (!header?.includes(name)) return undefined
  const length = header.length
  let valueStart = -1
  let valueEnd = -1
  let start = 0
  // The next `=` at or after `start`: found once and reused until a later pair passes it, so the
  // header is searched for `=` once in all, however many pairs have none.
  let eq = -1
  while (start < length) {
    if (eq < start) {
      eq = header.indexOf('=', start)
      if (eq === -1) break
    }
    let end = header.indexOf(';', start)
    if (end === -1) end = length
    if (eq < end && isName(header, start, eq, name)) {
      valueStart = eq + 1
      valueEnd = end
    }
    start = end + 1
  }
  if (valueStart === -1) return undefined
  const value = strip(header, valueStart, valueEnd)
  return value.length > LONGEST_QUOTED ? value : unquote(value)
}

/**
 * The longest value worth unquoting. Unquoting shortens a value at most fourfold (`\ooo` is one
 * character), so a longer one is still longer than any cookie a browser keeps (4096 bytes) and
 * than any value a storage reads ({@link MAX_COOKIE_LENGTH}): it is returned as sent, and its
 * reader rejects it as it would have rejected the unquoted text. Unquoting it would only cost a
 * hostile 64 KB header tens of thousands of steps and string pieces.
 */
const LONGEST_QUOTED = 4 * MAX_COOKIE_LENGTH + 2

/**
 * Python's `str.isspace()` over ASCII: what `str.strip()` removes. (Django decodes the header as
 * UTF-8 first and would also strip non-ASCII spaces; no signed value is padded with those.)
 */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f)
}

/** Whether `header[start, end)`, stripped, is `name`; no string is built. */
function isName(header: string, start: number, end: number, name: string): boolean {
  while (start < end && isSpace(header.charCodeAt(start))) start++
  while (end > start && isSpace(header.charCodeAt(end - 1))) end--
  return end - start === name.length && header.startsWith(name, start)
}

function strip(header: string, start: number, end: number): string {
  while (start < end && isSpace(header.charCodeAt(start))) start++
  while (end > start && isSpace(header.charCodeAt(end - 1))) end--
  return header.slice(start, end)
}

const QUOTE = 0x22

/**
 * Python's `http.cookies._unquote`, in one pass: a value in double quotes loses them, and inside,
 * `\` + three octal digits (first 0-3) is that byte, `\` + any other character but a newline is
 * that character, and a lone `\` stays.
 */
function unquote(value: string): string {
  const n = value.length
  if (n < 2 || value.charCodeAt(0) !== QUOTE || value.charCodeAt(n - 1) !== QUOTE) return value
  const inner = value.slice(1, -1)
  if (!inner.includes('\\')) return inner
  let out = ''
  let i = 0
  while (i < inner.length) {
    const slash = inner.indexOf('\\', i)
    if (slash === -1 || slash === inner.length - 1) {
      out += inner.slice(i)
      break
    }
    out += inner.slice(i, slash)
    const octal = octalAt(inner, slash + 1)
    if (octal !== -1) {
      out += String.fromCharCode(octal)
      i = slash + 4
    } else if (inner[slash + 1] !== '\n') {
      out += inner[slash + 1]
      i = slash + 2
    } else {
      out += '\\'
      i = slash + 1
    }
  }
  return out
}

/** The value of `[0-3][0-7][0-7]` at `at`, or -1. */
function octalAt(text: string, at: number): number {
  if (at + 3 > text.length) return -1
  const a = text.charCodeAt(at) - 0x30
  const b = text.charCodeAt(at + 1) - 0x30
  const c = text.charCodeAt(at + 2) - 0x30
  if (a < 0 || a > 3 || b < 0 || b > 7 || c < 0 || c > 7) return -1
  return a * 64 + b * 8 + c
}
