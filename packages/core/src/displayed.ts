/**
 * @module
 * What counts as displayed. Django consumes messages whenever a response iterated them; a person
 * sees only some of those responses. A HEAD request, a prefetch or prerender, and a response whose
 * body is not shown (3xx, 204, 205, 304) never consume: what they iterated is kept for the next
 * request, as if `used = false`. The `notDisplayed` option adds to this list.
 */
import type { FlashConfig, FlashExchange } from './options.js'

/** Statuses whose body nobody sees: redirects, "no content", "reset content", "not modified". */
function bodyUnseen(status: number): boolean {
  return (status >= 300 && status < 400) || status === 204 || status === 205
}

/**
 * Whether the request is a prefetch or a prerender: `Sec-Purpose` containing `prefetch` (Chromium's
 * speculation rules send `prefetch` and `prefetch;prerender`), or the legacy `Purpose: prefetch`,
 * `X-Purpose: preview` (Safari) and `X-Moz: prefetch` (Firefox).
 *
 * @example
 * isPrefetch((name) => request.headers[name]) // true for `Sec-Purpose: prefetch;prerender`
 */
export function isPrefetch(header: (name: string) => string | undefined): boolean {
  return (
    includes(header('sec-purpose'), 'prefetch') ||
    includes(header('purpose'), 'prefetch') ||
    includes(header('x-purpose'), 'preview') ||
    includes(header('x-moz'), 'prefetch')
  )
}

/** Case-insensitive and linear in the header's length. */
function includes(value: string | undefined, token: string): boolean {
  return value?.toLowerCase().includes(token) === true
}

/**
 * Whether nobody sees this exchange's response: the built-in list, then the app's `notDisplayed`.
 *
 * @example
 * if (notDisplayed(exchange, config)) storage.used = false
 */
export function notDisplayed(exchange: FlashExchange, config: FlashConfig): boolean {
  if (exchange.method === 'HEAD' || bodyUnseen(exchange.status)) return true
  if (isPrefetch((name) => exchange.requestHeader(name))) return true
  return config.notDisplayed?.(exchange) === true
}
