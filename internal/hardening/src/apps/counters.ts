/**
 * @module
 * What an app counts for the tests: session store writes and @flash's reports.
 */
export class Counters {
  sessionWrites = 0
  readonly warnings: string[] = []
}

/** A long-enough session secret for the session plugins (never used for the message cookie). */
export const SESSION_SECRET = 'hardening-session-secret-0123456789abcdef'

/** The message cookie secret of every hardening app. */
export const SECRET = 'hardening-flash-secret-0123456789abcdef'
