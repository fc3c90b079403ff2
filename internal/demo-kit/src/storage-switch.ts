/**
 * @module
 * The playground's storage switcher: a custom storage factory that picks `CookieStorage`,
 * `SessionStorage`, `FallbackStorage` (or, when `REDIS_URL` is set, `@flash/redis`) per request
 * from a `demo_storage` cookie, so switching needs no restart, and a report of where a request's
 * messages were stored.
 */
import {
  type BaseStorage,
  CookieStorage,
  FallbackStorage,
  type FlashConfig,
  type FlashSeam,
  SessionStorage,
  type StorageFactory,
} from '@flash/core'
import { demoRedisStorage, redisOffered } from './redis-demo.js'

/** The cookie that holds the visitor's choice. */
export const STORAGE_COOKIE = 'demo_storage'
/**
 * The cookie that holds the visitor's choice of `scope` (which tab sees a message). The demos run
 * with `scope: 'redirect'`; without this cookie saying `redirect`, a request is kept out of it
 * (`storage.scope = null`), as with the default `scope: 'none'`.
 */
export const SCOPE_COOKIE = 'demo_scope'
export const SCOPE_NAMES = ['none', 'redirect'] as const
export type ScopeName = (typeof SCOPE_NAMES)[number]

/** What each scope does, for the page. */
export const SCOPE_DESCRIPTIONS: Readonly<Record<ScopeName, string>> = Object.freeze({
  none: "the next page of any tab shows a message (Django's behaviour)",
  redirect: 'a message goes to the tab whose form caused it (its redirect carries _flash=<id>)',
})

/** The scope a `demo_scope` cookie value names; `none` (the default) for anything else. */
export function scopeName(value: unknown): ScopeName {
  return value === 'redirect' ? 'redirect' : 'none'
}

export const STORAGE_NAMES = ['fallback', 'cookie', 'session', 'redis'] as const
export type StorageName = (typeof STORAGE_NAMES)[number]

/** The storages this process offers: Redis only when `REDIS_URL` is set. */
export function offeredStorages(): readonly StorageName[] {
  return redisOffered() ? STORAGE_NAMES : STORAGE_NAMES.filter((name) => name !== 'redis')
}

/** What each storage does, for the page. */
export const STORAGE_DESCRIPTIONS: Readonly<Record<StorageName, string>> = Object.freeze({
  fallback: 'the signed cookie first; what does not fit goes to the session',
  cookie: 'the signed cookie only; when it is full the oldest messages are dropped (and logged)',
  session: 'the session only (the browser holds just the session id)',
  redis: 'Redis (@flash/redis), per visitor; a background job can send you a message',
})

/** The storage a `demo_storage` cookie value names; `fallback` (the default) for anything else. */
export function storageName(value: unknown): StorageName {
  return offeredStorages().find((name) => name === value) ?? 'fallback'
}

/** Where the messages of one request were when it arrived. */
export interface StorageReport {
  readonly storage: StorageName
  readonly scope: ScopeName
  /** The length of the message cookie the request carried, or `null` when it carried none. */
  readonly cookieChars: number | null
  /** The cookie's limit (`maxCookieSize`). */
  readonly maxCookieSize: number
  /** How many messages the session holds, or `null` when the request has no session. */
  readonly sessionMessages: number | null
}

const reporters = new WeakMap<BaseStorage, () => StorageReport>()

/**
 * The `storage` option of the demos: the storage the visitor chose, built for this request.
 *
 * @example
 * await app.register(flash, { secret, storage: switchableStorage })
 */
export const switchableStorage: StorageFactory = (seam, config) => {
  const name = storageName(seam.getCookie(STORAGE_COOKIE))
  const storage =
    name === 'cookie'
      ? new CookieStorage(seam, config)
      : name === 'session'
        ? new SessionStorage(seam, config)
        : name === 'redis'
          ? demoRedisStorage(seam, config)
          : new FallbackStorage(seam, config)
  const scope = scopeName(seam.getCookie(SCOPE_COOKIE))
  if (scope === 'none') storage.scope = null
  reporters.set(storage, () => report(name, scope, seam, config))
  return storage
}

/**
 * Where the messages of this request were stored when it arrived: read before the messages are
 * persisted, so call it while rendering. `undefined` for a storage `switchableStorage` did not build.
 *
 * @example
 * reply.view('playground.eta', { report: describeStorage(request.messages) })
 */
export function describeStorage(storage: BaseStorage | undefined): StorageReport | undefined {
  return storage ? reporters.get(storage)?.() : undefined
}

function report(storage: StorageName, scope: ScopeName, seam: FlashSeam, config: FlashConfig): StorageReport {
  const cookie = seam.getCookie(config.cookieName)
  const session = seam.session?.()
  return {
    storage,
    scope,
    cookieChars: cookie ? cookie.length : null,
    maxCookieSize: config.maxCookieSize,
    sessionMessages: session ? countStored(session.get(config.sessionKey)) : null,
  }
}

/** Session storage keeps Django's JSON string; count its entries without trusting it. */
function countStored(value: unknown): number {
  if (Array.isArray(value)) return value.length
  if (typeof value !== 'string' || value === '') return 0
  try {
    const parsed: unknown = JSON.parse(value)
    return Array.isArray(parsed) ? parsed.length : 0
  } catch {
    return 0
  }
}

/** `Set-Cookie` attributes of the `demo_storage` cookie (a year; readable only by the server). */
export const STORAGE_COOKIE_OPTIONS = Object.freeze({
  path: '/',
  httpOnly: true,
  sameSite: 'lax' as const,
  maxAge: 365 * 24 * 60 * 60,
})

/** The report as the page shows it: `{ cookie: '1843 of 2048 characters', session: '23 messages' }`. */
export function whereText(report: StorageReport | undefined): { cookie: string; session: string } {
  if (!report) return { cookie: 'unknown', session: 'unknown' }
  const cookie =
    report.cookieChars === null ? 'none' : `${report.cookieChars} of ${report.maxCookieSize} characters`
  const n = report.sessionMessages
  const session =
    report.storage === 'cookie' || report.storage === 'redis'
      ? 'not used'
      : n === null
        ? 'no session'
        : `${n} message${n === 1 ? '' : 's'}`
  return { cookie, session }
}
