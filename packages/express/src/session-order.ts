/**
 * @module
 * express-session must run before `flash()`: it wraps `res.end` when it runs, and a wrapper
 * installed after ours runs first, so it would decide whether to save the session before the
 * messages are in it. The order is learnt on the first request and a wrong one fails every
 * request from then on, with an error naming the fix.
 */
import { FlashConfigError } from '@flash/core'
import { PROFILE } from './options.js'

/**
 * The error of the wrong order.
 *
 * @example
 * next(sessionAfterFlash())
 */
export function sessionAfterFlash(): FlashConfigError {
  return new FlashConfigError(
    `${PROFILE.name}: express-session is mounted after flash(), so it would save the session before the ` +
      `messages are stored in it; ${PROFILE.sessionFix}`,
  )
}

/** What one `flash()` middleware knows about where express-session runs. */
export class SessionOrder {
  #state: 'unknown' | 'right' | 'wrong' = 'unknown'

  /**
   * At the start of a request (`sessionBefore`: whether a session middleware already ran for it):
   * the error to fail with when the order is known to be wrong.
   */
  check(sessionBefore: boolean): FlashConfigError | undefined {
    if (this.#state === 'right') return undefined
    if (this.#state === 'wrong') return sessionAfterFlash()
    if (sessionBefore) this.#state = 'right'
    return undefined
  }

  /**
   * `req.session` is being set after `flash()` ran on a request that had none (the setter on
   * Express's request prototype asks, see request-flash.ts): while the order is unknown, that is
   * express-session mounted after flash(). Throwing makes express-session pass the error to
   * `next()`, so the first such request fails with the fix.
   */
  sessionSetLate(): void {
    if (this.#state !== 'unknown') return
    this.#state = 'wrong'
    throw sessionAfterFlash()
  }

  /**
   * At the end of a request that found no session and used messages: none was set since, so none
   * runs after flash(). Until then, each request's `req.session` assignment is watched.
   */
  settle(): void {
    if (this.#state === 'unknown') this.#state = 'right'
  }

  /**
   * A session appeared after `flash()` on a request checked as right (express-session mounted on
   * a router after it): later requests fail; this one is stored and saved as well as it can be.
   */
  wrong(): void {
    this.#state = 'wrong'
  }
}
