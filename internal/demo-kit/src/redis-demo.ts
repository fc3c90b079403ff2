/**
 * @module
 * Redis in the demos, offered only when `REDIS_URL` is set (`pnpm demo` works without it): the
 * storage switcher's fourth choice, and a "background job" that sends the visitor a message two
 * seconds later with `@flash/redis`'s `notify`, as a worker would.
 */
import type { BaseStorage, FlashConfig, FlashSeam, StorageFactory } from '@flash/core'
import { INFO } from '@flash/core'
import { createNotifier, type Notify, redisStorage } from '@flash/redis'
import { createClient } from 'redis'

/** The cookie with the demo's stand-in for a logged-in user id: the key `notify` sends to. */
export const DEMO_USER_COOKIE = 'demo_user'

/** What the background job sends. */
export const BACKGROUND_MESSAGE =
  'Hello from a background job: this message was sent by notify(), outside any request.'

/** How long the job waits before sending, in ms. */
export const JOB_DELAY_MS = 2000

interface RedisDemo {
  /** Its carrier is the seam (see {@link demoRedisStorage}). */
  readonly storage: StorageFactory<FlashSeam>
  readonly notify: Notify
  readonly ready: Promise<void>
}

let demo: RedisDemo | undefined

/** Whether this process offers Redis (`REDIS_URL` is set). */
export function redisOffered(): boolean {
  return Boolean(process.env['REDIS_URL'])
}

/** The demo's Redis, connected on first use. */
function redisDemo(): RedisDemo {
  if (demo) return demo
  const client = createClient({ url: process.env['REDIS_URL'] })
  // While Redis is down the client reconnects; @flash/redis reports what it cannot do.
  client.on('error', () => {})
  const ready = client.connect().then(() => undefined)
  ready.catch((error: unknown) => console.warn(`demo: cannot connect to REDIS_URL: ${String(error)}`))
  demo = {
    // The seam stands in for the carrier here, so one factory serves every framework's demo.
    storage: redisStorage({ client, user: (seam: FlashSeam) => seam.getCookie(DEMO_USER_COOKIE) }),
    notify: createNotifier({ client }),
    ready,
  }
  return demo
}

/** Resolves once the demo's Redis client is connected (for tests). */
export function redisReady(): Promise<void> {
  return redisDemo().ready
}

/** This request's Redis storage, keyed by the demo user cookie (or an anonymous visitor cookie). */
export function demoRedisStorage(seam: FlashSeam, config: FlashConfig): BaseStorage {
  return redisDemo().storage(seam, config, seam)
}

/** The demo user id in `cookie`, or a new one: set it as the {@link DEMO_USER_COOKIE}. */
export function demoUserId(cookie: string | undefined): string {
  return cookie && /^[0-9a-f]{32}$/.test(cookie) ? cookie : crypto.randomUUID().replaceAll('-', '')
}

/**
 * Queue the background job: `notify(user, INFO, ...)` in {@link JOB_DELAY_MS}. `false` when
 * this demo has no Redis.
 *
 * @example
 * if (queueBackgroundMessage(user)) return redirect('/playground')
 */
export function queueBackgroundMessage(user: string): boolean {
  if (!redisOffered()) return false
  const { notify } = redisDemo()
  setTimeout(() => {
    notify(user, INFO, BACKGROUND_MESSAGE).catch((error: unknown) =>
      console.warn(`demo: the background job could not notify: ${String(error)}`),
    )
  }, JOB_DELAY_MS).unref()
  return true
}
