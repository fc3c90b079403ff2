/**
 * @module
 * `app.use(flash)` where `app.use(flash({ secret }))` was meant. Koa, Hono and Express take any
 * function as middleware, so the mistake passes startup; the framework then calls the factory on
 * every request with its own request object where the options go, which would fail as "option
 * \"request\" is not an option". Only the adapter knows what that object looks like; the words
 * are here, so that every adapter says the same.
 */
import { FlashConfigError } from './errors.js'

/**
 * Throw when `options` is the framework's per-request object (`isCarrier` says so), naming the
 * mistake and the fix.
 *
 * @example
 * rejectUncalledFactory('@flash/koa', options, (value) => 'app' in value && 'req' in value && 'request' in value)
 */
export function rejectUncalledFactory(
  adapter: string,
  options: unknown,
  isCarrier: (value: object) => boolean,
): void {
  if (typeof options !== 'object' || options === null || !isCarrier(options)) return
  throw new FlashConfigError(
    `${adapter}: flash was passed to app.use() uncalled, so it is called on every request with the ` +
      'request as its options; flash is a factory: call it, app.use(flash({ secret: process.env.FLASH_SECRET }))',
  )
}
