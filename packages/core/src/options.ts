/**
 * @module
 * Options shared by every adapter, validated once at startup into a {@link FlashConfig}.
 * Every mistake fails fast with an error naming the option; nothing here runs per request.
 */

import { checkCookieDomain, checkCookiePath, checkCookiePrefix, MAX_COOKIE_AGE } from './cookie-attributes.js'
import type { FlashCrypto } from './crypto/types.js'
import { webCrypto } from './crypto/web.js'
import { FlashConfigError } from './errors.js'
import { INFO } from './levels.js'
import type { CookieAttributes, FlashSeam } from './seam.js'
import { TimestampSigner } from './signing.js'
import type { BaseStorage } from './storage/base.js'
import { isStorageClass } from './storage/contract.js'
import { MAX_COOKIE_LENGTH } from './storage/cookie.js'
import { type LevelTags, levelTags, type TagOverrides } from './tags.js'

/**
 * Builds a custom storage for one request. `carrier` is the framework's request object the
 * adapter attaches messages to (a Fastify or Express request, a Koa ctx, a Hono context): the core
 * never looks inside it, a storage may (e.g. to key messages by the logged-in user). Each adapter's
 * options type it with its own carrier, so the parameter needs no annotation there.
 *
 * @example
 * const storage: StorageFactory<FastifyRequest> = (seam, config, request) =>
 *   new MyStorage(seam, config, request.session?.userId)
 */
export type StorageFactory<C = unknown> = (seam: FlashSeam, config: FlashConfig, carrier: C) => BaseStorage

/**
 * Where messages live between requests: a built-in storage, or a factory that receives the
 * adapter's carrier `C` (`FastifyRequest`, Koa's `Context`, Hono's `Context`, Express's `Request`).
 *
 * @example
 * const storage: StorageOption<FastifyRequest> = (seam, config, request) => new MyStorage(seam, config, request.ip)
 */
export type StorageOption<C = unknown> = 'fallback' | 'cookie' | 'session' | StorageFactory<C>

/**
 * Marks a function that takes options and returns a {@link StorageFactory} (`redisStorage`): its
 * value is how to call it. Passed uncalled as `storage`, it fails at startup with that call as the
 * fix, instead of failing on every request that uses messages.
 *
 * @example
 * export const myStorage = Object.assign((options: MyOptions): StorageFactory => ..., {
 *   [MAKES_STORAGE]: 'myStorage({ table })',
 * })
 */
export const MAKES_STORAGE: unique symbol = Symbol.for('@flash/core.makesStorage')

/**
 * The message cookie's attributes. Like every optional option, each takes `undefined` as "the
 * default", so a value read from the environment fits as is under `exactOptionalPropertyTypes`.
 *
 * @example
 * flash({ secret, cookie: { domain: process.env.COOKIE_DOMAIN, secure: true } })
 */
export interface CookieOptions {
  /** @default 'messages' */
  name?: string | undefined
  /**
   * A host name (`'example.com'`, `'.example.com'`): no scheme, port or path.
   * @default undefined (the exact host only)
   */
  domain?: string | undefined
  /**
   * A URL path as the browser sends it, percent-encoded (`'/caf%C3%A9'`, not `'/café'`).
   * @default '/'
   */
  path?: string | undefined
  /** @default false */
  secure?: boolean | undefined
  /** @default true */
  httpOnly?: boolean | undefined
  /** @default 'Lax'; `false` leaves the attribute out */
  sameSite?: 'Lax' | 'Strict' | 'None' | 'lax' | 'strict' | 'none' | false | undefined
}

/**
 * The options every adapter takes; `Carrier` is what its storage factory receives (see
 * {@link StorageOption}). An optional option set to `undefined` is the same as one left out (the
 * types say so for `exactOptionalPropertyTypes`, e.g. `maxAge: Number(process.env.MAX_AGE) || undefined`).
 */
export interface FlashOptions<Carrier = unknown> {
  /**
   * The signing secret, or a list of them: the first signs, all verify, so a secret can be
   * rotated by putting the new one first (Django's `SECRET_KEY_FALLBACKS`). Use the Django
   * project's `SECRET_KEY` to share message cookies with Django. `undefined` type-checks (for
   * `process.env.FLASH_SECRET`) and is rejected at startup.
   */
  secret: string | readonly string[] | undefined
  /**
   * `'fallback'` fills the cookie first and puts what does not fit in the session;
   * `'cookie'` keeps only what fits (dropping the oldest); `'session'` needs a session plugin;
   * a function builds a custom storage from the seam, the configuration and the request.
   * @default 'fallback'
   * @example
   * flash({ secret, storage: (seam, config, request) => new MyStorage(seam, config, request.session?.userId) })
   */
  storage?: StorageOption<Carrier> | undefined
  /** The minimum level recorded; lower ones are ignored. @default INFO (20) */
  level?: number | undefined
  /**
   * Level -> tag overrides, merged over `DEFAULT_TAGS` (`''` removes a tag): a plain object.
   * @default {}
   * @example
   * flash({ secret, tags: { [ERROR]: 'danger', 50: 'critical' } })
   */
  tags?: TagOverrides | undefined
  /** The message cookie. */
  cookie?: CookieOptions | undefined
  /**
   * The longest cookie value written, in characters. Browsers keep no cookie whose name and value
   * together are over 4096 characters, so the most is 4096 less the cookie name's length: 4088 for
   * the default name `messages`. `0` means that most. What does not fit is dropped and reported
   * like any overflow (fallback storage moves it to the session).
   * @default 2048
   * @example
   * flash({ secret, maxCookieSize: 4000 })
   */
  maxCookieSize?: number | undefined
  /**
   * Seconds a message cookie stays valid after it was written, from 1 to 34560000 (400 days, the
   * longest browsers keep a cookie); older ones read as "no messages". Also sent as the cookie's
   * `Max-Age` (whole seconds, rounded down). Django never expires message cookies; set it to stop
   * a copied cookie from being replayed forever (see SECURITY.md).
   * @default null
   * @example
   * flash({ secret, maxAge: 3600 }) // a message waits an hour at most
   */
  maxAge?: number | null | undefined
  /**
   * The session key of session-stored messages. Not a name the session object uses itself
   * (`cookie`, `save`, `constructor`...): startup fails naming the clash.
   * @default '_messages' (Koa: 'messages')
   */
  sessionKey?: string | undefined
  /**
   * The most messages session and fallback storage keep per client, so a loop that adds messages
   * without displaying them cannot grow a session without bound. Only messages count, not the
   * markers that bind them to a tab under `scope: 'redirect'`. Beyond it the oldest are dropped
   * and reported like any unstored message (`strict: true` throws). `0` disables the limit.
   * @default 100
   */
  maxSessionMessages?: number | undefined
  /** Throw instead of logging when messages cannot be stored. @default false */
  strict?: boolean | undefined
  /** Crypto and compression. @default Web Crypto, or `node:crypto` in the Fastify and Koa adapters */
  crypto?: FlashCrypto | undefined
  /** Seconds since the epoch, for tests that need a frozen clock. @default `Date.now() / 1000` */
  clock?: (() => number) | undefined
  /**
   * Which tab sees a message. `'none'`: the next page of any tab, as in Django. `'redirect'`: a
   * message added during a request whose response redirects on the same origin is bound to that
   * redirect (its `Location` gets `_flash=<id>`) and shown only by a page whose URL carries that
   * id, or by any page once `scopeSeconds` passed. See the README, "Which tab sees the message".
   * @default 'none'
   * @example
   * flash({ secret, scope: 'redirect' })
   */
  scope?: 'none' | 'redirect' | undefined
  /**
   * Under `scope: 'redirect'`, seconds a bound message waits for its own tab; after that it is
   * unbound and the next page of any tab shows it, so nothing is lost.
   * @default 30
   * @example
   * flash({ secret, scope: 'redirect', scopeSeconds: 60 })
   */
  scopeSeconds?: number | undefined
  /**
   * More exchanges that nobody sees, on top of the built-in list (HEAD, prefetch and prerender
   * requests, responses 3xx/204/205/304; see "What counts as displayed" in the README). When it
   * returns `true`, messages the response iterated are kept for the next request, as if
   * `used = false`. Asked only on requests that displayed messages.
   * @default undefined
   * @example
   * // a JSON health probe that renders the layout
   * flash({ secret, notDisplayed: (x) => x.requestHeader('user-agent')?.startsWith('kube-probe/') === true })
   */
  notDisplayed?: ((exchange: FlashExchange) => boolean) | undefined
  /**
   * Send `Cache-Control: no-store` on a response that displayed at least one message, so neither
   * the back/forward cache nor a shared cache replays it (added to the app's `private`/`no-cache`;
   * a `public` or `max-age` is replaced, with one warning per route). `false` turns it off.
   * @default true
   * @example
   * flash({ secret, noStore: false }) // the app manages Cache-Control itself
   */
  noStore?: boolean | undefined
  /**
   * Adding a message equal (same level, text and extra tags) to one already pending for this
   * client does nothing, so a form submitted three times shows one "Saved.". Django keeps
   * duplicates, hence off by default.
   * @default false
   * @example
   * flash({ secret, dedupe: true })
   */
  dedupe?: boolean | undefined
  /**
   * htmx support: on an htmx request (`HX-Request: true`, not a history restore) whose response is
   * neither a redirect nor carries `HX-Redirect`/`HX-Location`/`HX-Refresh`, the messages the
   * handler did not display go out in the `HX-Trigger` header as the event `messages` (or `event`),
   * whose detail is the message JSON list, merged with an `HX-Trigger` the app set. Responses with
   * `HX-Redirect`/`HX-Location`/`HX-Refresh` keep the messages for the page the browser goes to.
   * @default false
   * @example
   * flash({ secret, htmx: true })
   * flash({ secret, htmx: { event: 'flash' } })
   * flash({ secret, htmx: { maxTriggerSize: 8192 } }) // behind proxies with larger header buffers
   */
  htmx?: boolean | HtmxOptions | undefined
}

export interface HtmxOptions {
  /** The event `HX-Trigger` fires with the messages. @default 'messages' */
  readonly event?: string | undefined
  /**
   * The longest `HX-Trigger` value, in characters (it is ASCII), the messages included. Messages
   * that would make it longer are not sent in it: they stay stored for the next page or htmx
   * response that displays them, and one warning per app says so. A proxy refuses a response
   * whose headers outgrow its buffer (nginx's `proxy_buffer_size` is 4 KB by default), and a
   * refused response would have consumed the messages it carried. @default 2048
   */
  readonly maxTriggerSize?: number | undefined
}

/**
 * One request and its response as the `notDisplayed` predicate sees them, read when asked.
 * Header names are case-insensitive; several values of a header are joined with `, `.
 */
export interface FlashExchange {
  /** The request method, upper case (`'GET'`, `'HEAD'`, ...). */
  readonly method: string
  requestHeader(name: string): string | undefined
  /** The response status as it will be sent. */
  readonly status: number
  responseHeader(name: string): string | undefined
}

/** Adapter facts the options need: who is configuring, and how to fix a missing session. */
export interface AdapterProfile {
  /** e.g. `'@flash/fastify'`; starts every error message. */
  readonly name: string
  /** How to install a session, for the error raised when one is missing. */
  readonly sessionFix: string
  /**
   * How to make the framework see HTTPS behind a TLS-terminating proxy, for the warning about a
   * secure cookie sent over plain HTTP (e.g. `'set app.proxy = true'`).
   */
  readonly httpsFix?: string
  readonly defaultSessionKey?: string
  readonly defaultCrypto?: FlashCrypto
  /**
   * Names the session library's session object uses itself (express-session's `save()`,
   * koa-session's `isNew`...): messages stored under one would replace it, breaking the session,
   * or be dropped when the session is saved. `sessionKey` may not be one of them.
   */
  readonly reservedSessionKeys?: readonly ReservedSessionKeys[]
}

/** Properties of one session library's session object, for {@link AdapterProfile.reservedSessionKeys}. */
export interface ReservedSessionKeys {
  /** Who has them, for the error: e.g. `"express-session's req.session"`. */
  readonly owner: string
  readonly keys: readonly string[]
}

/** Validated options, shared by every request of one app. */
export interface FlashConfig {
  readonly adapter: AdapterProfile
  readonly storage: StorageOption
  /** Whether the storage cannot work without a session. */
  readonly requiresSession: boolean
  /** Whether the storage uses a session when one exists. */
  readonly usesSession: boolean
  readonly level: number
  readonly levelTags: LevelTags
  readonly cookieName: string
  readonly cookieAttributes: CookieAttributes
  readonly deleteCookieAttributes: CookieAttributes
  /**
   * The longest cookie value written: 1 to {@link MAX_COOKIE_LENGTH} less the cookie name's length
   * (`0` was resolved to that).
   */
  readonly maxCookieSize: number
  readonly maxAge: number | null
  readonly sessionKey: string
  readonly maxSessionMessages: number
  readonly strict: boolean
  readonly crypto: FlashCrypto
  readonly signer: TimestampSigner
  /** Problems worth one warning at startup (e.g. a short secret). */
  readonly warnings: readonly string[]
  readonly scope: 'none' | 'redirect'
  readonly scopeSeconds: number
  /** Seconds since the epoch (the `clock` option). */
  readonly clock: () => number
  readonly notDisplayed: ((exchange: FlashExchange) => boolean) | undefined
  readonly noStore: boolean
  readonly dedupe: boolean
  /** The htmx event name, or `undefined` when htmx support is off. */
  readonly htmxEvent: string | undefined
  /** The longest `HX-Trigger` value the messages may make (`htmx.maxTriggerSize`). */
  readonly htmxMaxTriggerSize: number
}

const KNOWN_OPTIONS = new Set([
  'secret',
  'storage',
  'level',
  'tags',
  'cookie',
  'maxCookieSize',
  'maxAge',
  'sessionKey',
  'maxSessionMessages',
  'strict',
  'crypto',
  'clock',
  'notDisplayed',
  'noStore',
  'dedupe',
  'htmx',
  'scope',
  'scopeSeconds',
])
const KNOWN_COOKIE_OPTIONS = new Set(['name', 'domain', 'path', 'secure', 'httpOnly', 'sameSite'])
/** The default of `maxSessionMessages`: far more than a page shows, far less than a session should hold. */
export const DEFAULT_MAX_SESSION_MESSAGES = 100
/** Django's salt for message cookies; changing it would break compatibility. */
export const MESSAGES_SALT = 'django.contrib.messages'
const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/
const EPOCH = new Date(0)
/**
 * Names every object answers (`constructor`, `__proto__`, `toString`...) and `prototype`: a session
 * holding messages under one loses them (express-session skips inherited names when it loads a
 * session, `__proto__` sets the prototype) or breaks, whatever the session library.
 */
const INHERITED_KEYS: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
])

/**
 * Validate adapter options. Throws a {@link FlashConfigError} naming the option at fault.
 *
 * @example
 * const config = resolveOptions({ secret: process.env.FLASH_SECRET }, { name: '@flash/fastify', sessionFix: '...' })
 */
export function resolveOptions<Carrier>(
  options: FlashOptions<Carrier> | undefined,
  adapter: AdapterProfile,
): FlashConfig {
  const fail = (option: string, problem: string): never => {
    throw new FlashConfigError(`${adapter.name}: option "${option}" ${problem}`)
  }
  if (options === null || typeof options !== 'object') {
    return fail('secret', 'is required: pass { secret: process.env.FLASH_SECRET } (a long random string)')
  }
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key))
      fail(key, `is not an option; known options: ${[...KNOWN_OPTIONS].join(', ')}`)
  }

  const given = typeof options.secret === 'string' ? [options.secret] : options.secret
  if (!Array.isArray(given) || given.length === 0 || given.some((s) => typeof s !== 'string' || s === '')) {
    fail(
      'secret',
      'is required: a non-empty string, or a non-empty list of them (the first signs, all verify)',
    )
  }
  const secrets = given as readonly string[]
  const warnings: string[] = []
  if (secrets.some((s) => s.length < 32)) {
    warnings.push(
      `${adapter.name}: option "secret" is shorter than 32 characters; use a long random secret in production`,
    )
  }

  // The adapter hands a factory the carrier its options type names (createStorage): past this
  // point the configuration need not know which one it is.
  const storage = (options.storage ?? 'fallback') as StorageOption
  if (
    typeof storage !== 'function' &&
    storage !== 'fallback' &&
    storage !== 'cookie' &&
    storage !== 'session'
  ) {
    fail('storage', `must be "fallback", "cookie", "session" or a function, got ${describe(storage)}`)
  }
  if (typeof storage === 'function') {
    checkNotAMaker(storage, fail)
    if (isStorageClass(storage)) {
      fail(
        'storage',
        `is the class ${storage.name} itself, which cannot be called without new; ` +
          `pass a factory: storage: (seam, config) => new ${storage.name}(seam, config)`,
      )
    }
  }

  const level = options.level ?? INFO
  if (typeof level !== 'number' || !Number.isInteger(level))
    fail('level', `must be an integer, got ${describe(level)}`)

  const tagOverrides = options.tags ?? {}
  if (!isPlainObject(tagOverrides)) {
    fail(
      'tags',
      `must be a plain object mapping levels to tags, e.g. { 40: 'danger' }, got ${describeKind(tagOverrides)}`,
    )
  }
  let tags: LevelTags
  try {
    tags = levelTags(tagOverrides)
  } catch (error) {
    tags = fail('tags', `must map integer levels to strings (${(error as Error).message})`)
  }

  const maxAge = options.maxAge ?? null
  if (maxAge !== null && (typeof maxAge !== 'number' || !(maxAge > 0) || !Number.isFinite(maxAge))) {
    fail('maxAge', `must be a positive number of seconds or null, got ${describe(maxAge)}`)
  }
  if (maxAge !== null && maxAge < 1) {
    // Max-Age is whole seconds: 0.5 would become Max-Age=0, a cookie deleted as it is set.
    fail('maxAge', `is in seconds and must be at least 1, got ${describe(maxAge)}`)
  }
  if (maxAge !== null && maxAge > MAX_COOKIE_AGE) {
    fail(
      'maxAge',
      `is ${describe(maxAge)} seconds, but browsers keep a cookie at most 400 days (${MAX_COOKIE_AGE} seconds); ` +
        `use at most ${MAX_COOKIE_AGE}, or null for a cookie that lasts the browser session`,
    )
  }
  const sessionKey = options.sessionKey ?? adapter.defaultSessionKey ?? '_messages'
  if (typeof sessionKey !== 'string' || sessionKey === '') fail('sessionKey', 'must be a non-empty string')
  checkSessionKey(sessionKey, adapter, fail)
  const maxSessionMessages = options.maxSessionMessages ?? DEFAULT_MAX_SESSION_MESSAGES
  if (!Number.isInteger(maxSessionMessages) || maxSessionMessages < 0) {
    fail(
      'maxSessionMessages',
      `must be a whole number of messages (0 disables the limit), got ${describe(maxSessionMessages)}`,
    )
  }
  if (options.strict !== undefined && typeof options.strict !== 'boolean') fail('strict', 'must be a boolean')
  const crypto = options.crypto ?? adapter.defaultCrypto ?? webCrypto
  if (typeof crypto?.hmacSha256 !== 'function')
    fail('crypto', 'must implement FlashCrypto (see @flash/core/node)')
  if (options.clock !== undefined && typeof options.clock !== 'function') fail('clock', 'must be a function')

  const scope = options.scope ?? 'none'
  if (scope !== 'none' && scope !== 'redirect')
    fail('scope', `must be "none" or "redirect", got ${describe(scope)}`)
  const scopeSeconds = options.scopeSeconds ?? 30
  if (typeof scopeSeconds !== 'number' || !(scopeSeconds > 0) || !Number.isFinite(scopeSeconds)) {
    fail('scopeSeconds', `must be a positive number of seconds, got ${describe(scopeSeconds)}`)
  }
  if (options.notDisplayed !== undefined && typeof options.notDisplayed !== 'function') {
    fail('notDisplayed', 'must be a function (exchange) => boolean')
  }
  for (const flag of ['noStore', 'dedupe'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') fail(flag, 'must be a boolean')
  }
  const { event: htmxEvent, maxTriggerSize: htmxMaxTriggerSize } = resolveHtmx(options.htmx, fail)

  const cookie = options.cookie ?? {}
  if (typeof cookie !== 'object' || cookie === null) fail('cookie', 'must be an object')
  for (const key of Object.keys(cookie)) {
    if (!KNOWN_COOKIE_OPTIONS.has(key))
      fail(`cookie.${key}`, `is not a cookie option; known: ${[...KNOWN_COOKIE_OPTIONS].join(', ')}`)
  }
  const cookieName = cookie.name ?? 'messages'
  if (typeof cookieName !== 'string' || !COOKIE_NAME.test(cookieName))
    fail('cookie.name', 'must be a valid cookie name')
  // Browsers keep a cookie whose name and value together are at most 4096 characters (RFC 6265bis
  // 5.6): what the name takes, the value cannot.
  const valueRoom = MAX_COOKIE_LENGTH - cookieName.length
  const givenCookieSize = options.maxCookieSize ?? 2048
  if (!Number.isInteger(givenCookieSize) || givenCookieSize < 0) {
    fail(
      'maxCookieSize',
      `must be a whole number of characters (0 means the maximum, ${valueRoom}), got ${describe(givenCookieSize)}`,
    )
  }
  if (givenCookieSize > valueRoom) {
    fail(
      'maxCookieSize',
      `is ${givenCookieSize}, but browsers keep no cookie whose name and value are over ${MAX_COOKIE_LENGTH} ` +
        `characters together, which leaves the value of cookie "${cookieName}" ${valueRoom}; use at most ${valueRoom} ` +
        '(or 0 for that maximum), or storage: "fallback" to put the rest in the session',
    )
  }
  // `0` is Django's "no limit of our own": the limit every browser has.
  const maxCookieSize = givenCookieSize === 0 ? valueRoom : givenCookieSize
  const sameSite = normaliseSameSite(cookie.sameSite, fail)
  const path = checkCookiePath(cookie.path ?? '/', fail)
  const domain = checkCookieDomain(cookie.domain, fail)
  const secure = cookie.secure ?? false
  const httpOnly = cookie.httpOnly ?? true
  if (typeof secure !== 'boolean') fail('cookie.secure', 'must be a boolean')
  if (typeof httpOnly !== 'boolean') fail('cookie.httpOnly', 'must be a boolean')
  if (sameSite === 'None' && !secure) {
    fail('cookie.sameSite', 'is "None", which browsers accept only with cookie.secure: true')
  }
  checkCookiePrefix(cookieName, { secure, path, domain }, fail)
  const cookieAttributes: CookieAttributes = {
    path,
    domain,
    secure,
    httpOnly,
    sameSite,
    maxAge: maxAge === null ? undefined : Math.floor(maxAge),
  }

  return {
    adapter,
    storage,
    requiresSession: storage === 'session',
    usesSession: storage === 'session' || storage === 'fallback',
    level,
    levelTags: tags,
    cookieName,
    cookieAttributes,
    deleteCookieAttributes: { ...cookieAttributes, maxAge: 0, expires: EPOCH },
    maxCookieSize,
    maxAge,
    sessionKey,
    maxSessionMessages,
    strict: options.strict ?? false,
    crypto,
    signer: new TimestampSigner({ secrets, salt: MESSAGES_SALT, crypto, clock: options.clock }),
    warnings,
    scope,
    scopeSeconds,
    clock: options.clock ?? systemClock,
    notDisplayed: options.notDisplayed,
    noStore: options.noStore ?? true,
    dedupe: options.dedupe ?? false,
    htmxEvent,
    htmxMaxTriggerSize,
  }
}

/** A function that makes storages from options ({@link MAKES_STORAGE}), passed where its result belongs. */
function checkNotAMaker(storage: StorageFactory, fail: (o: string, p: string) => never): void {
  const call = (storage as { [MAKES_STORAGE]?: unknown })[MAKES_STORAGE]
  if (typeof call !== 'string') return
  fail(
    'storage',
    `got ${call.split('(')[0]} itself, a function that makes a storage from its options: ` +
      `call it, storage: ${call}`,
  )
}

/** The clock of a configuration without a `clock` option. */
export function systemClock(): number {
  return Date.now() / 1000
}

/** An htmx event name: what `HX-Trigger` can carry and `htmx.on(name, ...)` can listen to. */
const EVENT_NAME = /^[A-Za-z_][\w:.-]*$/

/** The default `htmx.maxTriggerSize`: the message cookie's budget, well inside a 4 KB proxy buffer. */
export const DEFAULT_MAX_TRIGGER_SIZE = 2048
/** Less would not carry one message of ordinary length. */
const MIN_TRIGGER_SIZE = 256

function resolveHtmx(
  value: FlashOptions['htmx'],
  fail: (o: string, p: string) => never,
): { event: string | undefined; maxTriggerSize: number } {
  const off = { event: undefined, maxTriggerSize: DEFAULT_MAX_TRIGGER_SIZE }
  if (value === undefined || value === false) return off
  if (value === true) return { event: 'messages', maxTriggerSize: DEFAULT_MAX_TRIGGER_SIZE }
  if (typeof value !== 'object' || value === null)
    return fail('htmx', 'must be true, false or { event?: string, maxTriggerSize?: number }')
  for (const key of Object.keys(value)) {
    if (key !== 'event' && key !== 'maxTriggerSize')
      fail(`htmx.${key}`, 'is not an htmx option; known: event, maxTriggerSize')
  }
  const event = value.event ?? 'messages'
  if (typeof event !== 'string' || !EVENT_NAME.test(event)) {
    fail('htmx.event', `must be an event name (letters, digits, "_", "-", ":", "."), got ${describe(event)}`)
  }
  const maxTriggerSize = value.maxTriggerSize ?? DEFAULT_MAX_TRIGGER_SIZE
  if (!Number.isSafeInteger(maxTriggerSize) || maxTriggerSize < MIN_TRIGGER_SIZE) {
    fail(
      'htmx.maxTriggerSize',
      `must be an integer of at least ${MIN_TRIGGER_SIZE} (characters of HX-Trigger), got ${describe(maxTriggerSize)}`,
    )
  }
  return { event, maxTriggerSize }
}

function normaliseSameSite(value: CookieOptions['sameSite'], fail: (o: string, p: string) => never) {
  if (value === undefined) return 'Lax' as const
  if (value === false) return false as const
  const lower = typeof value === 'string' ? value.toLowerCase() : ''
  if (lower === 'lax') return 'Lax' as const
  if (lower === 'strict') return 'Strict' as const
  if (lower === 'none') return 'None' as const
  return fail('cookie.sameSite', `must be "Lax", "Strict", "None" or false, got ${describe(value)}`)
}

/**
 * `sessionKey` must not be a name the session object already answers: one every object has, or
 * one of the adapter's session library.
 */
function checkSessionKey(key: string, adapter: AdapterProfile, fail: (o: string, p: string) => never): void {
  const fix = `use another key, e.g. the default "${adapter.defaultSessionKey ?? '_messages'}"`
  if (INHERITED_KEYS.has(key)) {
    fail(
      'sessionKey',
      `is "${key}", a property every JavaScript object has: messages stored under it would be lost or ` +
        `break the session; ${fix}`,
    )
  }
  const owner = adapter.reservedSessionKeys?.find((reserved) => reserved.keys.includes(key))?.owner
  if (owner !== undefined) {
    fail(
      'sessionKey',
      `is "${key}", a name ${owner} already uses: messages stored under it would break the session or be ` +
        `lost; ${fix}`,
    )
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false
  // Object.prototype of any realm (a vm context, an iframe): its own prototype is null.
  const prototype = Object.getPrototypeOf(value)
  return prototype === null || Object.getPrototypeOf(prototype) === null
}

/** A value for an error message that wanted an object: what it was instead. */
function describeKind(value: unknown): string {
  if (Array.isArray(value)) return `an array (${JSON.stringify(value)})`
  if (typeof value === 'object' && value !== null) return `a ${value.constructor?.name ?? 'object'}`
  return describe(value)
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value)
}
