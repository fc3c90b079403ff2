/**
 * @module
 * The options of {@link redisStorage} and {@link createNotifier}, validated once at startup:
 * a mistake throws a `FlashConfigError` naming the option.
 */
import { FlashConfigError, type MaybePromise } from '@flash/core'
import { commandSender, type RedisClient } from './client.js'
import { RedisLink } from './link.js'

/**
 * The options of {@link redisStorage}. An optional one set to `undefined` is the same as one left
 * out, so `prefix: process.env.REDIS_PREFIX` fits as is under `exactOptionalPropertyTypes`.
 */
export interface RedisStorageOptions<C = unknown> {
  /** A connected node-redis (`redis` v5 or v6) or ioredis (v5 or v6) client. */
  client: RedisClient
  /**
   * The logged-in user's key for this request (`carrier` is the Fastify request, Koa ctx, Hono
   * context or Express request). When it returns nothing, an anonymous visitor id in its own signed
   * cookie keys the messages. Asked before the handler, and again after it when the request stores
   * something: a message added by a login (or logout) handler goes to the account (or the visitor)
   * the browser is now, and a visitor's waiting messages follow it into the account it logged in to.
   * @default () => undefined (every visitor is anonymous)
   * @example user: (request) => request.session?.userId
   */
  user?: ((carrier: C) => MaybePromise<string | number | null | undefined>) | undefined
  /** Prepended to every key. @default 'flash:' */
  prefix?: string | undefined
  /**
   * Seconds a message lives, as Redis TTLs: nothing outlives it. Also the visitor cookie's
   * `Max-Age`, so at most 34560000 (400 days, the longest a browser keeps a cookie).
   * @default 604800 (7 days)
   */
  maxAge?: number | undefined
  /** The most messages kept per user or visitor; the oldest are dropped and reported. `0`: no limit. @default 100 */
  maxMessages?: number | undefined
  /**
   * Seconds a request may take to display the messages it claimed before they are offered again,
   * at most 34560000 (400 days, the longest `maxAge`). @default 30
   */
  leaseSeconds?: number | undefined
  /**
   * Milliseconds a Redis command may take, then the page renders without messages; at most
   * 2147483647, the longest timer Node.js can set. @default 1000
   */
  timeoutMs?: number | undefined
  /**
   * The anonymous visitor's cookies: each visitor mailbox has its own, named
   * `<visitorCookie>.<first 12 hex digits of its id>`, so two parallel first messages of one
   * browser (two tabs submitting) leave two cookies instead of one overwriting the other. A cookie
   * named `<visitorCookie>` alone (set by earlier versions) is still read. The cookies take the
   * adapter's `cookie` attributes, so a `__Host-` name needs `cookie: { secure: true }` (and the
   * default path, no domain) and a `__Secure-` one `secure: true`, as browsers require; otherwise
   * requests that use messages fail with a `FlashConfigError` saying so.
   * @default '<cookie.name>_visitor' ('messages_visitor', cookies 'messages_visitor.3f9a0c12ab34')
   */
  visitorCookie?: string | undefined
}

export interface NotifierOptions {
  /** A connected node-redis (`redis` v5 or v6) or ioredis (v5 or v6) client. */
  client: RedisClient
  /** The same prefix as the apps' `redisStorage`. @default 'flash:' */
  prefix?: string | undefined
  /** As in `redisStorage`: at most 34560000 (400 days). @default 604800 (7 days) */
  maxAge?: number | undefined
  /** As in `redisStorage`. @default 100 */
  maxMessages?: number | undefined
  /** As in `redisStorage`: at most 2147483647. @default 1000 */
  timeoutMs?: number | undefined
}

export interface ResolvedRedisOptions {
  readonly link: RedisLink
  readonly prefix: string
  readonly maxAgeMs: number
  readonly maxMessages: number
  readonly leaseMs: number
  readonly user: ((carrier: unknown) => MaybePromise<string | number | null | undefined>) | undefined
  readonly visitorCookie: string | undefined
}

const STORAGE_OPTIONS = [
  'client',
  'user',
  'prefix',
  'maxAge',
  'maxMessages',
  'leaseSeconds',
  'timeoutMs',
  'visitorCookie',
]
const NOTIFIER_OPTIONS = ['client', 'prefix', 'maxAge', 'maxMessages', 'timeoutMs']
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/

/**
 * The longest `maxAge`, in seconds: 400 days, the longest `Max-Age` a browser honours (RFC 6265bis
 * 5.6.2) and so the longest the visitor cookie can name a mailbox. Beyond it Hono refuses to write
 * the cookie, Koa and Express write `Expires=Invalid Date` (past ~1e13), and Redis refuses the TTL
 * (past ~1e15): every message would be lost.
 */
export const MAX_AGE_LIMIT = 400 * 24 * 60 * 60

/** The longest timer Node.js sets (2^31 - 1 ms): a longer one fires after 1 ms, with a warning. */
export const TIMEOUT_LIMIT = 2 ** 31 - 1

export function resolveRedisOptions(
  options: Partial<RedisStorageOptions<never>> | undefined,
  who: 'redisStorage' | 'createNotifier',
): ResolvedRedisOptions {
  const fail = (option: string, problem: string): never => {
    throw new FlashConfigError(`@flash/redis: ${who}() option "${option}" ${problem}`)
  }
  if (options === null || typeof options !== 'object') return fail('client', 'is required')
  const known = who === 'redisStorage' ? STORAGE_OPTIONS : NOTIFIER_OPTIONS
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) fail(key, `is not an option; known options: ${known.join(', ')}`)
  }
  const sender = commandSender(options.client, `@flash/redis: ${who}() option "client"`)
  const prefix = options.prefix ?? 'flash:'
  if (typeof prefix !== 'string') fail('prefix', 'must be a string')
  const maxAge = options.maxAge ?? 7 * 24 * 3600
  if (typeof maxAge !== 'number' || !(maxAge >= 1) || !Number.isFinite(maxAge))
    fail('maxAge', `must be a number of seconds, at least 1, got ${String(maxAge)}`)
  if (maxAge > MAX_AGE_LIMIT) {
    fail(
      'maxAge',
      `must be at most ${MAX_AGE_LIMIT} (400 days, the longest a browser keeps a cookie), got ${maxAge}: ` +
        `the visitor cookie's Max-Age is maxAge; use maxAge: ${MAX_AGE_LIMIT} or less`,
    )
  }
  const maxMessages = options.maxMessages ?? 100
  if (!Number.isInteger(maxMessages) || maxMessages < 0)
    fail('maxMessages', `must be a whole number (0 disables the limit), got ${String(maxMessages)}`)
  const leaseSeconds = options.leaseSeconds ?? 30
  if (typeof leaseSeconds !== 'number' || !(leaseSeconds >= 1) || !Number.isFinite(leaseSeconds))
    fail('leaseSeconds', `must be a number of seconds, at least 1, got ${String(leaseSeconds)}`)
  // A claim is scored with its deadline in ms: far beyond this, the score no longer tells a
  // request's own claim apart (a kept message would never go back), and Redis cannot return it.
  if (leaseSeconds > MAX_AGE_LIMIT) {
    fail(
      'leaseSeconds',
      `must be at most ${MAX_AGE_LIMIT} (400 days, the longest maxAge), got ${leaseSeconds}; ` +
        "keep it a little above your slowest page's time to render, e.g. the default 30",
    )
  }
  const timeoutMs = options.timeoutMs ?? 1000
  if (typeof timeoutMs !== 'number' || !(timeoutMs > 0) || !Number.isFinite(timeoutMs))
    fail('timeoutMs', `must be a positive number of milliseconds, got ${String(timeoutMs)}`)
  if (timeoutMs > TIMEOUT_LIMIT) {
    fail(
      'timeoutMs',
      `must be at most ${TIMEOUT_LIMIT} (about 24.8 days, the longest timer Node.js can set: a longer one ` +
        `fires after 1 ms, so every command would time out), got ${timeoutMs}; ` +
        'use a timeout of a second or so, e.g. timeoutMs: 1000',
    )
  }
  if (options.user !== undefined && typeof options.user !== 'function')
    fail('user', 'must be a function (carrier) => string | undefined')
  if (options.visitorCookie !== undefined && !COOKIE_NAME.test(String(options.visitorCookie)))
    fail('visitorCookie', 'must be a valid cookie name')
  return {
    link: new RedisLink(sender, timeoutMs),
    prefix,
    maxAgeMs: Math.floor(maxAge * 1000),
    maxMessages,
    leaseMs: Math.floor(leaseSeconds * 1000),
    user: options.user as ResolvedRedisOptions['user'],
    visitorCookie: options.visitorCookie,
  }
}
