/**
 * @module
 * `@flash/redis`: messages in Redis for every @flash adapter. Per logged-in user or anonymous
 * visitor, displayed exactly once under parallel requests (at least once if a process dies
 * mid-response), and addable from background jobs with {@link createNotifier}.
 */
import { MAKES_STORAGE, type StorageFactory } from '@flash/core'
import { type RedisStorageOptions, resolveRedisOptions } from './options.js'
import { RedisStorage } from './storage.js'

export type { IoRedisClient, NodeRedisClient, RedisClient } from './client.js'
export { RedisUnavailableError } from './link.js'
export { createNotifier, type Notify, type NotifyOptions } from './notifier.js'
export type { NotifierOptions, RedisStorageOptions } from './options.js'
export { RedisStorage } from './storage.js'

/**
 * A storage for every adapter's `storage` option. Options are checked now: a mistake throws a
 * `FlashConfigError` naming the option.
 *
 * @example
 * const client = await createClient({ url: process.env.REDIS_URL }).connect()
 * app.register(flash, { secret, storage: redisStorage({ client, user: (request) => request.session?.userId }) })
 */
export const redisStorage = Object.assign(
  <C = unknown>(options: RedisStorageOptions<C>): StorageFactory => {
    const resolved = resolveRedisOptions(options as RedisStorageOptions<never>, 'redisStorage')
    return (seam, config, carrier) => new RedisStorage(seam, config, carrier, resolved)
  },
  // `storage: redisStorage`, uncalled, fails at startup with this as the fix.
  { [MAKES_STORAGE]: 'redisStorage({ client })' } as const,
)
