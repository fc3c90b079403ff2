/**
 * @module
 * What the end of a request decides before the storage is persisted: whether what the response
 * iterated was seen (else it is kept, see displayed.ts), whether undisplayed messages go out in
 * htmx's `HX-Trigger`, and whether the response must not be cached. Runs only when the request
 * displayed messages or, with `htmx`, on htmx requests: an untouched request reads no header.
 */
import { withNoStore } from './cache-control.js'
import {
  notDisplayedWith,
  type PrefetchCheck,
  READ_PREFETCH,
  seenThroughHeaders,
  unseenByDefault,
} from './displayed.js'
import { canSettle, type ExchangeSeam, SeamExchange } from './exchange.js'
import { htmxNavigates, isHtmxRequest, parseTrigger, triggerValue } from './htmx.js'
import type { Message } from './message.js'
import { toMessageJson } from './message-json.js'
import type { FlashConfig } from './options.js'
import type { FlashReporter } from './request-end.js'
import type { FlashSeam } from './seam.js'
import type { BaseStorage } from './storage/base.js'
import { firstTime } from './told-once.js'

/**
 * Decide what this response displayed, before `storage.update()`. An adapter whose seam lacks the
 * request/response members keeps Django's rule (iterating consumes).
 *
 * @example
 * settleDisplay(storage, config, seam, report) // in endRequest, then persist
 */
export function settleDisplay(
  storage: BaseStorage,
  config: FlashConfig,
  seam: FlashSeam,
  report: FlashReporter,
): void {
  const htmx = config.htmxEvent !== undefined
  if (!storage.used && !(htmx && (storage.addedUndisplayed || storage.mayHaveData()))) return
  // An empty read with nothing stored and nothing pending (a layout that renders no messages):
  // whether this response counts as displayed changes nothing, so no header is read.
  if (!storage.displayedAny && !storage.addedUndisplayed && !storage.mayHaveData()) return
  if (!canSettle(seam)) return
  // The exchange object only for what reads it: htmx, and the app's own notDisplayed rule.
  const exchange = htmx || config.notDisplayed ? new SeamExchange(seam) : undefined
  const fromHtmx = htmx && isHtmxRequest(exchange!.requestHeader)
  // The read that displayed the messages already read the prefetch headers: the storage kept the
  // answer. A storage built on another copy of @flash/core (an older one) may not keep it.
  const prefetch: PrefetchCheck = typeof storage.isPrefetch === 'function' ? storage : READ_PREFETCH
  const unseen =
    exchange === undefined
      ? unseenByDefault(seam.requestMethod().toUpperCase(), seam.responseStatus(), seam, prefetch)
      : notDisplayedWith(exchange, config, prefetch)
  // An htmx request answered 204: no body was seen, but htmx applies the headers, so what the
  // handler iterated goes out in HX-Trigger with the rest.
  const headersOnly = fromHtmx && unseen && seenThroughHeaders(exchange!, config, prefetch)
  if (
    ((unseen && !headersOnly) || (fromHtmx && htmxNavigates(exchange!.responseHeader))) &&
    !storage.consumeOnRead
  ) {
    // Kept for the next request; what was added is stored as usual.
    storage.used = false
    return
  }
  if (headersOnly && !storage.consumeOnRead) storage.used = false
  if (fromHtmx) deliverInTrigger(storage, config, seam, report)
  if (config.noStore && storage.displayedAny) sendNoStore(config, seam, report)
}

/**
 * For adapters that make the storage on first use (Fastify): whether the end of this request needs
 * it even though the handler never touched messages. Only with `htmx`, on an htmx request, whose
 * pending messages go out in `HX-Trigger`; otherwise `false` without reading any header.
 *
 * @example
 * const storage = endsWithDelivery(config, (name) => request.headers[name]) ? storageFor(request) : slot
 */
export function endsWithDelivery(
  config: FlashConfig,
  header: (name: string) => string | string[] | undefined,
): boolean {
  return (
    config.htmxEvent !== undefined &&
    isHtmxRequest((name) => {
      const value = header(name)
      return Array.isArray(value) ? value.join(', ') : value
    })
  )
}

function deliverInTrigger(
  storage: BaseStorage,
  config: FlashConfig,
  seam: ExchangeSeam,
  report: FlashReporter,
): void {
  const event = config.htmxEvent!
  const events = parseTrigger(seam.responseHeader('hx-trigger'), event)
  // An HX-Trigger that cannot be merged is the app's: leave it, and the messages, alone.
  if (events === undefined) return
  let pending: readonly Message[]
  try {
    pending = storage.peekUndisplayed()
  } catch {
    // A storage read before it was loaded (a custom asynchronous storage): the next page shows them.
    return
  }
  if (pending.length === 0) return
  const value = triggerValue(events, event, pending.map(toMessageJson))
  // All or none: a header a proxy refuses would lose every message it carried, and a part of
  // them would need a partial consumption no storage has. They stay for the next page.
  if (value.length > config.htmxMaxTriggerSize) {
    reportOversizedTrigger(config, report, pending.length, value.length)
    // This request came with its tab's id (after HX-Location or HX-Redirect): the tab's next page
    // will not carry it, so what waits for that page must not wait for the id.
    if (storage.scope?.id !== undefined) storage.unbindUndisplayed()
    return
  }
  storage.takeUndisplayed()
  seam.setResponseHeader('hx-trigger', value)
}

/** The apps already told that their messages outgrew `HX-Trigger`: one warning each. */
const TOLD_OVERSIZED = new WeakSet<FlashConfig>()

function reportOversizedTrigger(
  config: FlashConfig,
  report: FlashReporter,
  count: number,
  length: number,
): void {
  if (!firstTime(TOLD_OVERSIZED, config)) return
  report(
    `${config.adapter.name}: ${count} message${count === 1 ? '' : 's'} would make an HX-Trigger header of ${length} ` +
      `characters, over htmx.maxTriggerSize (${config.htmxMaxTriggerSize}); they were not sent in it and stay stored ` +
      'for the next page that displays messages (those added with { now: true } are dropped). Keep htmx messages ' +
      'short, display them in the fragment, or raise htmx.maxTriggerSize if every proxy in front of the app ' +
      'accepts larger headers',
  )
}

/** The routes already told that their caching headers were replaced, per configuration (bounded). */
const TOLD_CACHING = new WeakMap<FlashConfig, Set<string>>()
const MAX_TOLD_ROUTES = 1000
const UNMATCHED_ROUTE = '(a path without a matched route)'

function sendNoStore(config: FlashConfig, seam: ExchangeSeam, report: FlashReporter): void {
  const current = seam.responseHeader('cache-control')
  const merged = withNoStore(current)
  if (merged.value === current) return
  seam.setResponseHeader('cache-control', merged.value)
  if (merged.replaced.length === 0) return
  // The matched route's pattern, never the path a client sent: one entry (and one warning) for
  // every path without a route, so a client cannot fill the set with paths of its own.
  const route = `${seam.requestMethod().toUpperCase()} ${seam.route?.() ?? UNMATCHED_ROUTE}`
  let told = TOLD_CACHING.get(config)
  if (told === undefined) {
    told = new Set()
    TOLD_CACHING.set(config, told)
  }
  if (told.has(route) || told.size >= MAX_TOLD_ROUTES) return
  told.add(route)
  report(
    `${config.adapter.name}: the response to ${route} displayed messages but said "Cache-Control: ${current}"; ` +
      `it was sent with "Cache-Control: ${merged.value}" so that no cache replays the messages. Display messages ` +
      'on pages that are not cached, or pass noStore: false to manage Cache-Control yourself',
  )
}
