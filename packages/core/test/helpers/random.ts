/**
 * @module
 * Django's `get_random_string(n)` under a fixed seed: base62 text from a small deterministic PRNG
 * (mulberry32), so overflow tests are reproducible.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

export function seededRandomStrings(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return (length: number): string => {
    let out = ''
    for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * ALPHABET.length)]
    return out
  }
}
