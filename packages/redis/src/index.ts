/**
 * @module
 * `@flash/redis`: messages in Redis for every @flash adapter. Per logged-in user or anonymous
 * visitor, displayed exactly once under parallel requests (at least once if a process dies
 * mid-response), and addable from background jobs with {@link createNotifier}.
 */
import { type FlashConfig, MAKES_STORAGE, type StorageFactory } from '@flash/core'
import { type RedisStorageOptions, resolveRedisOptions } from './options.js'
import { RedisStorage } from './storage.js'
import { checkVisitorCookiePrefix, visitorCookieBase } from './visitor-cookies.js'

export type { IoRedisClient, NodeRedisClient, RedisClient } from './client.js'
export { RedisUnavailableError } from './link.js'
export { createNotifier, type Notify, type NotifyOptions } from './notifier.js'
export type { NotifierOptions, RedisStorageOptions } from './options.js'
export { RedisStorage } from './storage.js'

/**
 * A storage for every adapter's `storage` option. Options are checked now: a mistake throws a
 * `FlashConfigError` naming the option. The visitor cookie's name is checked against the adapter's
 * cookie attributes when a request first makes a storage (the adapter hands them over only then).
 * Its type names the adapter's carrier `C`: Koa's and Express's options pass it down, so `user`
 * needs no annotation there; Fastify's `register` and Hono's `flash()` are generic, which keeps
 * TypeScript from passing it, so annotate `user`'s parameter there (a wrong carrier is an error).
 *
 * @example
 * const client = await createClient({ url: process.env.REDIS_URL }).connect()
 * app.use(flash({ secret, storage: redisStorage({ client, user: (ctx) => ctx.session?.userId }) })) // Koa
 * app.register(flash, { secret, storage: redisStorage({ client, user: (request: FastifyRequest) => request.session?.userId }) })
 */
export const redisStorage = Object.assign(
  <C = unknown>(options: RedisStorageOptions<C>): StorageFactory<C> => {
    const resolved = resolveRedisOptions(options as RedisStorageOptions<never>, 'redisStorage')
    /** The configurations whose cookie attributes the visitor cookie's name fits. */
    const fitting = new WeakSet<FlashConfig>()
    return (seam, config, carrier) => {
      if (!fitting.has(config)) {
        const base = visitorCookieBase(resolved.visitorCookie, config.cookieName)
        checkVisitorCookiePrefix(base, resolved.visitorCookie !== undefined, config.cookieAttributes)
        fitting.add(config)
      }
      return new RedisStorage(seam, config, carrier, resolved)
    }
  },
  // `storage: redisStorage`, uncalled, fails at startup with this as the fix.
  { [MAKES_STORAGE]: 'redisStorage({ client })' } as const,
)
