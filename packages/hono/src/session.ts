/**
 * @module
 * The session half of the seam: finds the request's session (the `session` option, or
 * `c.get('session')` as hono-sessions sets it) and adapts it to what the storages use. After
 * hono-sessions' `deleteSession()` (a logout), a message starts a new session.
 */
import { FlashConfigError, type SessionAccess } from '@flash/core'
import type { Context } from 'hono'
import type { FlashSession, HonoFlashOptions } from './types.js'

/** Whether `value` can hold messages: `get`, `set`, and `delete` or `forget`. */
export function isFlashSession(value: unknown): value is FlashSession {
  const s = value as FlashSession | null | undefined
  return (
    typeof s?.get === 'function' &&
    typeof s.set === 'function' &&
    (typeof s.delete === 'function' || typeof s.forget === 'function')
  )
}

/** `c.get('session')` when it has the shape of a session (hono-sessions' does). */
export function defaultSession(c: Context): FlashSession | undefined {
  const session: unknown = c.get('session' as never)
  return isFlashSession(session) ? session : undefined
}

/**
 * Whether the default lookup finds a session when flash() starts on this request: taken before
 * `next()`, so {@link openSession} can tell a session middleware registered after flash().
 */
export function sessionPresentAtStart(c: Context, option: HonoFlashOptions['session']): boolean {
  return option === undefined && defaultSession(c) !== undefined
}

/**
 * The seam's `session()`, on the first use of the session in a request (the seam keeps what it
 * returns; a call that throws keeps nothing, so the next use asks again). With the default lookup,
 * a session that appears only after flash() ran means the session middleware runs inside flash()
 * and would save before flash writes: that order loses messages, so it fails with the fix.
 */
export function openSession(
  c: Context,
  option: HonoFlashOptions['session'],
  presentAtStart: boolean,
  adapter: string,
): SessionAccess | undefined {
  const session = option ? option(c) : defaultSession(c)
  if (session !== undefined && option === undefined && !presentAtStart) {
    throw new FlashConfigError(
      `${adapter}: the session middleware runs after flash(), so it saves the session before flash writes ` +
        'to it; register it first: app.use(sessionMiddleware(...)) then app.use(flash(...)), or pass the ' +
        '"session" option',
    )
  }
  return session === undefined || session === null ? undefined : adapt(c, session)
}

/** What hono-sessions keeps of a session (its `getCache()`), as far as flash needs it. */
interface HonoSessionsData {
  _id?: unknown
  _data: Record<string, unknown>
  _delete: boolean
}

/** hono-sessions' data behind `session`, or `undefined` for another kind of session. */
function honoSessionsData(session: FlashSession): HonoSessionsData | undefined {
  const cache = (session as { getCache?(): Partial<HonoSessionsData> | undefined }).getCache?.()
  return typeof cache?._data === 'object' && typeof cache._delete === 'boolean'
    ? (cache as HonoSessionsData)
    : undefined
}

/**
 * hono-sessions' `CookieStore` keeps the whole session in its cookie. Its sessions are the ones
 * whose data has no `_id` (every other store's session gets one, hono-sessions 0.8).
 */
function inCookie(session: FlashSession): boolean {
  const data = honoSessionsData(session)
  return data !== undefined && data._id === undefined
}

/** hono-sessions' data when `deleteSession()` ran in this request: it drops the session after `next()`. */
function deletedData(session: FlashSession): HonoSessionsData | undefined {
  const data = honoSessionsData(session)
  return data?._delete === true ? data : undefined
}

/**
 * After `deleteSession()` (a logout), a message starts a new session, as hono-sessions would on the
 * next request: the old data is cleared and the deletion undone, and `session_key_rotation` (its
 * documented switch) makes hono-sessions delete the old id from a server-side store and save the
 * session under a new one. A `CookieStore` session is replaced whole by its new cookie.
 */
function restart(c: Context, deleted: HonoSessionsData): void {
  deleted._data = {}
  deleted._delete = false
  c.set('session_key_rotation' as never, true as never)
}

function adapt(c: Context, session: FlashSession): SessionAccess {
  return {
    inCookie: inCookie(session),
    // hono-sessions answers `null` for a missing key; the storages expect `undefined`. A deleted
    // session holds no messages any more.
    get: (key) => (deletedData(session) ? undefined : (session.get(key) ?? undefined)),
    set: (key, value) => {
      const deleted = deletedData(session)
      if (deleted) restart(c, deleted)
      session.set(key, value)
    },
    delete: (key) => {
      if (deletedData(session)) return
      if (typeof session.delete === 'function') session.delete(key)
      else session.forget?.(key)
    },
  }
}
