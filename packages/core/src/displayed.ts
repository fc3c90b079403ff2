/**
 * @module
 * What counts as displayed. Django consumes messages whenever a response iterated them; a person
 * sees only some of those responses. A HEAD request and a response whose body is not shown (3xx,
 * 204, 205, 304) never consume: what they iterated is kept for the next request, as if
 * `used = false`. The `notDisplayed` option adds to this list. A prefetch or prerender goes further
 * (storage/base.ts): its stored messages read as none, because the browser may show that response
 * later without asking the server again, and the next page would then show them a second time.
 */
import type { FlashConfig, FlashExchange } from './options.js'

/** Statuses whose body nobody sees: redirects, "no content", "reset content", "not modified". */
function bodyUnseen(status: number): boolean {
  return (status >= 300 && status < 400) || status === 204 || status === 205
}

/**
 * Whether the request is a prefetch or a prerender: `Sec-Purpose` containing `prefetch` (Chromium's
 * speculation rules send `prefetch` and `prefetch;prerender`), `X-Sec-Purpose: prefetch` (Turbo 8's
 * hover prefetch, since a page's script may not set `Sec-` headers), or the legacy
 * `Purpose: prefetch`, `X-Purpose: preview` (Safari) and `X-Moz: prefetch` (Firefox).
 *
 * @example
 * isPrefetch((name) => request.headers[name]) // true for `Sec-Purpose: prefetch;prerender`
 */
export function isPrefetch(header: (name: string) => string | undefined): boolean {
  return isPrefetchOf({ requestHeader: header })
}

/** Where the rules read request headers: an exchange, or an adapter's seam (lower-case names). */
export interface RequestHeaders {
  requestHeader(name: string): string | undefined
  /** The request's headers as Node parsed them, when the adapter has them (the seam's `nodeRequestHeaders`). */
  nodeRequestHeaders?(): NodeRequestHeaders
}

/** Node's `IncomingMessage#headers`: lower-case names, repeated headers joined with `, ` (but `set-cookie`). */
export type NodeRequestHeaders = Readonly<Record<string, string | readonly string[] | undefined>>

/** {@link isPrefetch} over an exchange or a seam, without a reader function made per request. */
export function isPrefetchOf(headers: RequestHeaders): boolean {
  const record = headers.nodeRequestHeaders?.()
  if (record !== undefined) return isPrefetchRecord(record)
  return (
    includes(headers.requestHeader('sec-purpose'), 'prefetch') ||
    includes(headers.requestHeader('x-sec-purpose'), 'prefetch') ||
    includes(headers.requestHeader('purpose'), 'prefetch') ||
    includes(headers.requestHeader('x-purpose'), 'preview') ||
    includes(headers.requestHeader('x-moz'), 'prefetch')
  )
}

/**
 * {@link isPrefetchOf} over Node's parsed headers. Each name is a constant property here, which V8
 * reads through a cache of its own per name; through `requestHeader(name)` the five names share
 * one keyed lookup, which goes megamorphic and cost Koa's S3 0.7 k instructions a request
 * (`bench/HISTORY.md`, round 23). A request that is no prefetch (nearly all) has none of them.
 */
function isPrefetchRecord(headers: NodeRequestHeaders): boolean {
  const secPurpose = headers['sec-purpose']
  const xSecPurpose = headers['x-sec-purpose']
  const purpose = headers.purpose
  const xPurpose = headers['x-purpose']
  const xMoz = headers['x-moz']
  if (!(secPurpose || xSecPurpose || purpose || xPurpose || xMoz)) return false
  return (
    includes(joinedValue(secPurpose), 'prefetch') ||
    includes(joinedValue(xSecPurpose), 'prefetch') ||
    includes(joinedValue(purpose), 'prefetch') ||
    includes(joinedValue(xPurpose), 'preview') ||
    includes(joinedValue(xMoz), 'prefetch')
  )
}

/** A header's values as one string, as `requestHeader` gives them. */
function joinedValue(value: string | readonly string[] | undefined): string | undefined {
  return typeof value === 'string' || value === undefined ? value : value.join(', ')
}

/**
 * Where a request's prefetch answer comes from: the storage, which keeps the answer its first read
 * needed (`BaseStorage.isPrefetch`), or {@link READ_PREFETCH}, which reads the headers.
 */
export interface PrefetchCheck {
  isPrefetch(headers: RequestHeaders): boolean
}

/** The prefetch answer read from the headers each time: for a storage that keeps none. */
export const READ_PREFETCH: PrefetchCheck = { isPrefetch: isPrefetchOf }

/**
 * The built-in part of {@link notDisplayed}: a HEAD request, a response whose body nobody sees, a
 * prefetch. Read straight from an adapter's seam, so a request with no `notDisplayed` option of
 * its own makes no exchange object. The prefetch headers are read last, and by `prefetch`: the
 * storage's answer, kept from the read that displayed the messages.
 */
export function unseenByDefault(
  method: string,
  status: number,
  headers: RequestHeaders,
  prefetch: PrefetchCheck,
): boolean {
  return method === 'HEAD' || bodyUnseen(status) || prefetch.isPrefetch(headers)
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
  return notDisplayedWith(exchange, config, READ_PREFETCH)
}

/** {@link notDisplayed}, with the prefetch answer from `prefetch` (the storage's, when there is one). */
export function notDisplayedWith(
  exchange: FlashExchange,
  config: FlashConfig,
  prefetch: PrefetchCheck,
): boolean {
  return (
    unseenByDefault(exchange.method, exchange.status, exchange, prefetch) ||
    config.notDisplayed?.(exchange) === true
  )
}

/**
 * Whether an htmx request's response is seen through its headers though it has no body: a 204,
 * htmx's way to fire events without a swap (htmx skips the swap of 204 and 304 and still applies
 * `HX-Trigger`). Its messages go out in `HX-Trigger` like a fragment's, unless the request is
 * unseen for another reason: a HEAD, a prefetch, or the app's `notDisplayed`.
 *
 * @example
 * if (fromHtmx && seenThroughHeaders(exchange, config, storage)) deliverInTrigger(...)
 */
export function seenThroughHeaders(
  exchange: FlashExchange,
  config: FlashConfig,
  prefetch: PrefetchCheck,
): boolean {
  return (
    exchange.status === 204 &&
    exchange.method !== 'HEAD' &&
    !prefetch.isPrefetch(exchange) &&
    config.notDisplayed?.(exchange) !== true
  )
}
