/**
 * @module
 * A minimal in-memory session for the demo (Hono has none built in): a random id in an
 * HttpOnly cookie, the data in a `Map`. Exposed as `c.get('session')` with `get`/`set`/`delete`,
 * which is where `@flash/hono` looks by default. Sessions end with the process.
 */
import { randomBytes } from 'node:crypto'
import type { FlashSession } from '@flash/hono'
import { getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'

export type SessionEnv = { Variables: { session: FlashSession } }

const COOKIE = 'demo_session'

/** Register before `flash()`: a new session's cookie is set after flash stored its messages. */
export function memorySession() {
  const sessions = new Map<string, Map<string, unknown>>()
  return createMiddleware<SessionEnv>(async (c, next) => {
    const sent = getCookie(c, COOKIE)
    let id = sent && sessions.has(sent) ? sent : undefined
    let data = id ? sessions.get(id)! : new Map<string, unknown>()
    c.set('session', {
      get: (key) => data.get(key),
      set: (key, value) => {
        if (value === undefined) data.delete(key)
        else data.set(key, value)
      },
      delete: (key) => data.delete(key),
    })
    await next()
    if (!id && data.size > 0) {
      // Like saveUninitialized: false, a session exists only once something was put in it.
      id = randomBytes(18).toString('base64url')
      sessions.set(id, data)
      setCookie(c, COOKIE, id, { path: '/', httpOnly: true, sameSite: 'Lax' })
    } else if (id && data.size === 0) {
      sessions.delete(id)
      data = new Map()
    }
  })
}
