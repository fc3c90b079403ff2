/**
 * @module
 * The seam between the core's storages and one Express request: the raw `Cookie` header, raw
 * `Set-Cookie` lines, and express-session's `req.session`, opened only when a storage asks.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type CookieAttributes, cookieFromHeader, type FlashSeam, type SessionAccess } from '@flash/core'
import { appendSetCookie } from './set-cookie.js'

/** What @flash needs of express-session's `req.session` (or any session with the same shape). */
export interface ExpressSession {
  [key: string]: unknown
  save?(callback: (error?: unknown) => void): unknown
}

type SessionRequest = IncomingMessage & {
  session?: ExpressSession | null
  /** Set by express-session on every request it serves; `generate(req)` makes a new `req.session`. */
  sessionStore?: { generate?(req: IncomingMessage): void }
}

export class ExpressSeam implements FlashSeam {
  readonly #req: SessionRequest
  readonly #res: ServerResponse
  /** Whether a session middleware ran before `flash()`: one mounted after it would save too early. */
  readonly #sessionBefore: boolean
  /** Set when a storage wrote the session, so the response waits for its save. */
  sessionWritten = false

  constructor(req: IncomingMessage, res: ServerResponse) {
    this.#req = req
    this.#res = res
    this.#sessionBefore = (req as SessionRequest).session != null
  }

  getCookie(name: string): string | undefined {
    // Not `req.cookies`: cookie-parser URL-decodes, and the signature covers the bytes as sent.
    return cookieFromHeader(this.#req.headers.cookie, name)
  }

  setCookie(name: string, value: string, attributes: CookieAttributes): void {
    appendSetCookie(this.#res, name, value, attributes)
  }

  deleteCookie(name: string, attributes: CookieAttributes): void {
    appendSetCookie(this.#res, name, '', attributes)
  }

  /** Whether a session appeared after `flash()` ran: express-session is mounted after it. */
  sessionMountedAfter(): boolean {
    return !this.#sessionBefore && this.#req.session != null
  }

  /**
   * express-session's `req.session`, read only on a storage's first access. Reading it never
   * modifies it, so a visitor who never gets a message never gets a session cookie
   * (`saveUninitialized: false`). After `req.session.destroy()` (a logout), a message starts a
   * new session, as express-session would for the next request.
   */
  session(): SessionAccess | undefined {
    const req = this.#req
    if (req.session == null && typeof req.sessionStore?.generate !== 'function') return undefined
    return {
      get: (key) => req.session?.[key],
      set: (key, value) => {
        if (req.session == null) req.sessionStore!.generate!(req)
        req.session![key] = value
        this.sessionWritten = true
      },
      delete: (key) => {
        if (req.session == null || !(key in req.session)) return
        delete req.session[key]
        this.sessionWritten = true
      },
    }
  }
}
