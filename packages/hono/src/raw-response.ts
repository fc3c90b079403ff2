/**
 * @module
 * Responses Hono does not send: on @hono/node-server a handler may answer on the raw Node response
 * (`c.env.outgoing`) and return `RESPONSE_ALREADY_SENT`, the server's documented escape hatch. No
 * header set on the context reaches the browser then, so the messages added cannot be stored.
 * Duck-typed (no @hono/node-server import), so the adapter still runs on every runtime.
 */
import type { Context } from 'hono'
import { lightweightParts } from './late-headers.js'

/** The header that marks @hono/node-server's `RESPONSE_ALREADY_SENT` (its `X_ALREADY_SENT`). */
const ALREADY_SENT = 'x-hono-already-sent'

/** What a report of the messages lost this way says happened, and what to do instead. */
export const ANSWERED_RAW =
  'the handler answered on the raw Node response (c.env.outgoing, RESPONSE_ALREADY_SENT), which Hono ' +
  'does not send, so no cookie or session could be written; add messages only to responses Hono sends'

/**
 * Whether the handler answered on the raw Node response: its headers already went out, or it
 * returned `RESPONSE_ALREADY_SENT` (a write may still be under way). `false` at once on other
 * servers and runtimes, whose `c.env` has no Node response.
 *
 * @example
 * if (answeredRaw(c)) abandonRequest(storage, config, report, ANSWERED_RAW)
 */
export function answeredRaw(c: Context): boolean {
  const outgoing = (c.env as { outgoing?: { headersSent?: unknown } } | undefined)?.outgoing
  if (typeof outgoing?.headersSent !== 'boolean') return false
  if (outgoing.headersSent) return true
  if (!c.finalized) return false
  // The marker has no body, so it is never a lightweight response: their headers are not read,
  // which would make a `Headers` of the plain object LateHeaders writes into.
  const res = c.res
  return lightweightParts(res) === undefined && res.headers.get(ALREADY_SENT) !== null
}
