/**
 * @module
 * Base62 integers (alphabet `0-9A-Za-z`), the encoding of the timestamp in a Django
 * TimestampSigner value: 1700000000 is `1r31eq`.
 */

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

export function encodeBase62(value: number): string {
  if (value === 0) return '0'
  let n = Math.abs(Math.trunc(value))
  let out = ''
  while (n > 0) {
    out = ALPHABET[n % 62]! + out
    n = Math.floor(n / 62)
  }
  return value < 0 ? `-${out}` : out
}

/** Decode, or `null` when `text` is not base62 or too long to be a timestamp. */
export function decodeBase62(text: string): number | null {
  const negative = text.startsWith('-')
  const digits = negative ? text.slice(1) : text
  if (digits.length === 0 || digits.length > 8) return null
  let n = 0
  for (let i = 0; i < digits.length; i++) {
    const d = ALPHABET.indexOf(digits[i]!)
    if (d < 0) return null
    n = n * 62 + d
  }
  return negative ? -n : n
}
