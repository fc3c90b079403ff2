/**
 * @module
 * One request's view of the tabs (`scope: 'redirect'`): which `_flash` id it carries, which stored
 * messages it may display, and, once its response redirects, the binding of what it added.
 */
import type { Message } from '../message.js'
import type { FlashConfig } from '../options.js'
import type { FlashSeam } from '../seam.js'
import { type AddressBarOptions, addressBarCleanup } from './address-bar.js'
import { type Binding, bindMessages, readGroups, SCOPE_ID } from './binding.js'

/** The query parameter that names a tab's messages. Contract: `_flash=<id>`. */
export const SCOPE_PARAM = '_flash'

/** What a request may display, and what it keeps for other tabs. */
export interface ScopedRead {
  /** Unbound messages, this request's own (bound to its id) and bound ones older than `scopeSeconds`. */
  readonly visible: Message[]
  /** `visible` in stored form: this request's groups keep their binding if they are not displayed. */
  readonly visibleStored: Message[]
  /** The groups of other tabs in stored form, written back untouched. */
  readonly hidden: Message[]
}

export class RequestScope {
  readonly #config: FlashConfig
  readonly #seam: FlashSeam
  #param: string | null | undefined
  /**
   * Set at the end of the request when its response redirects on the same site: the messages it
   * added are stored bound to it.
   */
  binding: Binding | undefined

  constructor(config: FlashConfig, seam: FlashSeam) {
    this.#config = config
    this.#seam = seam
  }

  /** The raw `_flash` value of the request URL (`null` without one), read once. */
  get param(): string | null {
    if (this.#param === undefined) this.#param = queryParam(this.#seam.requestUrl?.() ?? '', SCOPE_PARAM)
    return this.#param
  }

  /** The tab id the request carries: a well-formed `_flash` value, else `undefined`. */
  get id(): string | undefined {
    const param = this.param
    return param !== null && SCOPE_ID.test(param) ? param : undefined
  }

  /**
   * The markup that removes `_flash` from the address bar on this page, `''` when its URL has
   * none: what {@link addressBarCleanup} returns, for templates that cannot import it (eta partials).
   *
   * @example
   * <%~ it.messages.scope ? it.messages.scope.addressBar({ nonce: it.nonce }) : '' %>
   */
  addressBar(options?: AddressBarOptions): string {
    return addressBarCleanup({ scope: this }, options)
  }

  /** Now, in whole seconds, on the configuration's clock. */
  now(): number {
    return Math.floor(this.#config.clock())
  }

  /** Split what the storage read into what this request displays and what it keeps for other tabs. */
  read(stored: readonly Message[]): ScopedRead {
    const visible: Message[] = []
    const visibleStored: Message[] = []
    const hidden: Message[] = []
    const groups = readGroups(stored)
    if (groups.length === 1 && groups[0]!.binding === undefined) {
      // Nothing bound (the usual case): no copy but the one iteration may extend.
      return { visible: groups[0]!.messages, visibleStored: [...groups[0]!.messages], hidden }
    }
    const id = this.id
    const expiredBefore = this.now() - this.#config.scopeSeconds
    for (const { binding, messages } of groups) {
      const levelTags = this.#config.levelTags
      if (binding === undefined || binding.at <= expiredBefore) {
        // Unbound, or no tab came for them in time: any tab shows them (stored unbound from now on).
        visible.push(...messages)
        visibleStored.push(...messages)
      } else if (binding.id === id) {
        visible.push(...messages)
        visibleStored.push(...bindMessages(messages, binding, levelTags))
      } else {
        hidden.push(...bindMessages(messages, binding, levelTags))
      }
    }
    return { visible, visibleStored, hidden }
  }
}

/**
 * The first value of query parameter `name` in `url` as written (not decoded), or `null`. One
 * pass over the query: request input costs linear time.
 *
 * @example
 * queryParam('https://a.test/notes?x=1&_flash=AbC#top', '_flash') // 'AbC'
 */
export function queryParam(url: string, name: string): string | null {
  const hash = url.indexOf('#')
  const end = hash < 0 ? url.length : hash
  const start = url.indexOf('?')
  if (start < 0 || start > end) return null
  const prefix = `${name}=`
  let at = start + 1
  while (at <= end) {
    let next = url.indexOf('&', at)
    if (next < 0 || next > end) next = end
    if (url.startsWith(prefix, at) && at + prefix.length <= next) return url.slice(at + prefix.length, next)
    at = next + 1
  }
  return null
}
