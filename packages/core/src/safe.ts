/**
 * @module
 * Trusted HTML. Django keeps "this text is safe HTML" in the type of the message (SafeString);
 * @flash does the same with {@link SafeString}, and the mark survives the cookie and session
 * round trips as Django's `is_safe` flag.
 */

const SAFE = Symbol.for('@flash/core.safe')

/** A string a template may render without escaping. Create one with {@link markSafe}. */
export class SafeString {
  readonly [SAFE] = true
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
  toJSON(): string {
    return this.value
  }
  get length(): number {
    return this.value.length
  }
}

/**
 * Mark `html` as trusted: templates render it unescaped. Only pass HTML you built yourself.
 *
 * @example
 * success(request, markSafe('Saved. <a href="/notes/1">View note</a>'))
 */
export function markSafe(html: string | SafeString): SafeString {
  return isSafe(html) ? html : new SafeString(String(html))
}

/**
 * Whether `value` was marked with {@link markSafe}. Works across copies of this package, so a
 * message read by one bundle is recognised by another.
 *
 * @example
 * for (const m of getMessages(request)) html += isSafe(m.message) ? String(m) : escape(String(m))
 */
export function isSafe(value: unknown): value is SafeString {
  return typeof value === 'object' && value !== null && (value as { [SAFE]?: unknown })[SAFE] === true
}
