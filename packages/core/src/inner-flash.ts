/**
 * @module
 * A `flash()` mounted inside another (on a sub-app or a router, with the outer app's own `flash()`
 * serving the same request): the inner one passes the request on, and the outer one serves it
 * with its own options. When the two were given different options, the inner ones silently do not
 * apply (a `level: 10` sub-app drops its debug messages, its `storage` or cookie is never used):
 * this names the differences, once per inner `flash()`, through its reporter. Equal options are
 * fine (a sub-app reused standalone keeps its own identical `flash()`). Nothing here runs on a
 * request the inner `flash()` does not pass on.
 */
import { isPromiseLike, type MaybePromise } from './maybe-promise.js'
import { type FlashConfig, systemClock } from './options.js'
import type { FlashReporter } from './request-end.js'

/** Where a serving `flash()` leaves its configuration on the request's carrier. */
const SERVED_BY: unique symbol = Symbol.for('@flash/core.servedBy')

/**
 * Leave the configuration that serves this request on its carrier (Koa's `ctx`, Hono's `Context`),
 * for a `flash()` mounted inside to compare with. One property write per request.
 *
 * @example
 * attachStorage(ctx, storage)
 * markServedBy(ctx, config)
 */
export function markServedBy(carrier: object, config: FlashConfig): void {
  ;(carrier as { [SERVED_BY]?: FlashConfig })[SERVED_BY] = config
}

/**
 * The configuration {@link markServedBy} left on `carrier`, if any.
 *
 * @example
 * innerFlash.passedOn(servingConfig(ctx))
 */
export function servingConfig(carrier: object): FlashConfig | undefined {
  return (carrier as { [SERVED_BY]?: FlashConfig })[SERVED_BY]
}

/**
 * The options of `inner` that differ in effect from those of `outer`, by the names a user sets
 * (`'level'`, `'cookie.path'`, `'secret'`...): values compared as values, `crypto` by its kind
 * (`name`), a `clock` by whether one was given.
 * Two functions (a `storage` factory, `clock`, `notDisplayed`) count as the same option: one made
 * again from the same code (`storage: redisStorage({ client })` in an options helper called by
 * both apps) cannot be told from another, so only a function against a value (a custom storage
 * against `'cookie'`) is a difference. The secret compared is the one that signs
 * (a resolved configuration keeps its list inside its signer): verify-only fallbacks are not seen.
 * Asynchronous only when signing is (Web Crypto).
 *
 * @example
 * differingOptions(outer, inner) // ['level', 'storage']
 */
export function differingOptions(outer: FlashConfig, inner: FlashConfig): MaybePromise<readonly string[]> {
  const names: string[] = []
  const differs = (name: string, a: unknown, b: unknown) => {
    if (a !== b && !(typeof a === 'function' && typeof b === 'function')) names.push(name)
  }
  differs('storage', outer.storage, inner.storage)
  differs('level', outer.level, inner.level)
  if (!sameTags(outer.levelTags, inner.levelTags)) names.push('tags')
  differs('cookie.name', outer.cookieName, inner.cookieName)
  const a = outer.cookieAttributes
  const b = inner.cookieAttributes
  for (const key of ['path', 'domain', 'secure', 'httpOnly', 'sameSite'] as const) {
    differs(`cookie.${key}`, a[key], b[key])
  }
  differs('maxCookieSize', outer.maxCookieSize, inner.maxCookieSize)
  differs('maxAge', outer.maxAge, inner.maxAge)
  differs('sessionKey', outer.sessionKey, inner.sessionKey)
  differs('maxSessionMessages', outer.maxSessionMessages, inner.maxSessionMessages)
  differs('strict', outer.strict, inner.strict)
  // Two providers of one kind (the runtime's default and `nodeCrypto`, both node:crypto) are one.
  differs('crypto', outer.crypto.name, inner.crypto.name)
  // A configuration without the option has the system clock: a clock given against none differs.
  differs('clock', outer.clock === systemClock, inner.clock === systemClock)
  differs('scope', outer.scope, inner.scope)
  differs('scopeSeconds', outer.scopeSeconds, inner.scopeSeconds)
  differs('notDisplayed', outer.notDisplayed, inner.notDisplayed)
  differs('noStore', outer.noStore, inner.noStore)
  differs('dedupe', outer.dedupe, inner.dedupe)
  if (outer.htmxEvent !== inner.htmxEvent || outer.htmxMaxTriggerSize !== inner.htmxMaxTriggerSize) {
    names.push('htmx')
  }
  // One value signed at one timestamp by each: equal only under the same signing secret.
  const outerSigned = outer.signer.sign(PROBE, PROBE_TIME)
  const innerSigned = inner.signer.sign(PROBE, PROBE_TIME)
  const withSecret = (x: string, y: string) => (x === y ? names : [...names, 'secret'])
  return isPromiseLike(outerSigned) || isPromiseLike(innerSigned)
    ? Promise.all([outerSigned, innerSigned]).then(([x, y]) => withSecret(x, y))
    : withSecret(outerSigned, innerSigned)
}

const PROBE = '@flash/core: which secret signs'
const PROBE_TIME = '0'

function sameTags(a: FlashConfig['levelTags'], b: FlashConfig['levelTags']): boolean {
  if (a === b) return true
  if (a.size !== b.size) return false
  for (const [level, tag] of a) if (b.get(level) !== tag) return false
  return true
}

/**
 * What one inner `flash()` reports when its options differ from those of the `flash()` that
 * serves the request, and the fix.
 *
 * @example
 * passedOnReport('@flash/koa', ['level', 'storage'])
 */
export function passedOnReport(adapter: string, names: readonly string[]): string {
  const list = names.map((name) => `"${name}"`).join(', ')
  return (
    `${adapter}: this flash() (mounted on a sub-app or router) passes the request on to the flash() of the ` +
    `app it is mounted in, which serves it with its own options, so this one's ${list} ` +
    `${names.length === 1 ? 'does' : 'do'} not apply; mount flash() once, on the outer app, or give both ` +
    'the same options'
  )
}

/**
 * The check of one inner `flash()`, made with it: on a request it passes on, compare its options
 * with those of the `flash()` serving the request (once per serving configuration, the verdict
 * kept), and report the first difference found. Then it reports no more.
 *
 * @example
 * const inner = new InnerFlash(config, report)
 * if (storageOf(ctx) !== undefined) {
 *   inner.passedOn(servingConfig(ctx))
 *   return next()
 * }
 */
export class InnerFlash {
  readonly #config: FlashConfig
  readonly #report: FlashReporter
  /** Serving configurations already compared with this one. */
  readonly #checked = new WeakSet<FlashConfig>()
  #reported = false

  constructor(config: FlashConfig, report: FlashReporter) {
    this.#config = config
    this.#report = report
  }

  /** This `flash()` passed a request on to the one serving it with `outer` (unknown: nothing). */
  passedOn(outer: FlashConfig | undefined): void {
    if (this.#reported || outer === undefined || outer === this.#config || this.#checked.has(outer)) return
    this.#checked.add(outer)
    const names = differingOptions(outer, this.#config)
    if (isPromiseLike(names))
      names.then(
        (found) => this.#tell(found),
        () => undefined,
      )
    else this.#tell(names)
  }

  #tell(names: readonly string[]): void {
    if (names.length === 0 || this.#reported) return
    this.#reported = true
    this.#report(passedOnReport(this.#config.adapter.name, names))
  }
}
