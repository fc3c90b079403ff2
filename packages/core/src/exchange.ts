/**
 * @module
 * The {@link FlashExchange} the delivery rules and the `notDisplayed` predicate read, over an
 * adapter's seam. A class, not an object literal with getters: a literal's getters are new closures
 * on every request, which gives every exchange its own hidden class, and the garbage collector then
 * keeps each request's objects alive through several collections (S2 cost twice S0 for it).
 */
import type { FlashExchange } from './options.js'
import type { FlashSeam } from './seam.js'

/** A seam that can tell the request and the response apart: what the delivery rules need. */
export type ExchangeSeam = FlashSeam &
  Required<
    Pick<
      FlashSeam,
      'requestMethod' | 'requestHeader' | 'responseStatus' | 'responseHeader' | 'setResponseHeader'
    >
  >

/**
 * Whether `seam` has the request/response members; without them Django's rule holds (iterating
 * consumes).
 */
export function canSettle(seam: FlashSeam): seam is ExchangeSeam {
  return (
    seam.requestMethod !== undefined &&
    seam.requestHeader !== undefined &&
    seam.responseStatus !== undefined &&
    seam.responseHeader !== undefined &&
    seam.setResponseHeader !== undefined
  )
}

/**
 * One request and its response, read from the seam when asked. The header readers are bound
 * (`const { requestHeader } = exchange` works), and header names are lower-cased for the seam.
 *
 * @example
 * notDisplayed(new SeamExchange(seam), config)
 */
export class SeamExchange implements FlashExchange {
  readonly #seam: ExchangeSeam

  constructor(seam: ExchangeSeam) {
    this.#seam = seam
  }

  get method(): string {
    return this.#seam.requestMethod().toUpperCase()
  }

  get status(): number {
    return this.#seam.responseStatus()
  }

  readonly requestHeader = (name: string): string | undefined => this.#seam.requestHeader(name.toLowerCase())

  readonly responseHeader = (name: string): string | undefined =>
    this.#seam.responseHeader(name.toLowerCase())
}
