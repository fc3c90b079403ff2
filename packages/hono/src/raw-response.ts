/**
 * @module
 * Responses that go out without the headers flash() sets on the context, on @hono/node-server, which
 * hands the raw Node response to the app as `c.env.outgoing`: a handler may answer on it and return
 * `RESPONSE_ALREADY_SENT`, the server's documented escape hatch, or a middleware mounted before
 * flash() (hono's `timeout()`) may answer while flash() still awaits `next()`, so Hono sends a
 * response flash() never wrote to. Either way no cookie or session can carry the messages added.
 * Duck-typed (no @hono/node-server import), so the adapter still runs on every runtime; Bun, Deno
 * and edge workers have no such response, and nothing can be learned there.
 */
import type { Context } from 'hono'
import { lightweightParts } from './late-headers.js'

/** The header that marks @hono/node-server's `RESPONSE_ALREADY_SENT` (its `X_ALREADY_SENT`). */
const ALREADY_SENT = 'x-hono-already-sent'

/** What a report of the messages lost this way says happened, and what to do instead. */
export const ANSWERED_RAW =
  'the handler answered on the raw Node response (c.env.outgoing, RESPONSE_ALREADY_SENT), which Hono ' +
  'does not send, so no cookie or session could be written; add messages only to responses Hono sends'

/** The report of messages lost to a response sent while flash() awaited `next()`, and the fix. */
export const ANSWERED_OUTSIDE =
  'a middleware mounted before flash() (such as timeout()) answered the request while the handler was still ' +
  'running, so no cookie or session could be written; mount flash() before (outside) it: app.use(flash(...)) ' +
  'first, then app.use(timeout(...))'

/** What is read of Node's `ServerResponse` (or `Http2ServerResponse`). */
export interface NodeResponse {
  readonly headersSent: boolean
  on(event: 'close', listener: () => void): unknown
}

/**
 * The raw Node response of this request on @hono/node-server; `undefined` on other servers and
 * runtimes, whose `c.env` has none.
 *
 * @example
 * nodeResponse(c)?.on('close', () => console.log('sent or cut'))
 */
export function nodeResponse(c: Context): NodeResponse | undefined {
  const outgoing = (c.env as { outgoing?: Partial<NodeResponse> } | undefined)?.outgoing
  return typeof outgoing?.headersSent === 'boolean' ? (outgoing as NodeResponse) : undefined
}

/**
 * Why the response went out (or goes out) without flash()'s headers, as the text of a report:
 * {@link ANSWERED_RAW} when the app wrote it on the raw response (it returned
 * `RESPONSE_ALREADY_SENT`, whose write may still be under way, or the headers went out before Hono
 * had a response to send), {@link ANSWERED_OUTSIDE} when Hono sent its response while flash() still
 * awaited `next()`. `undefined` while flash()'s headers can still go out, and at once on other
 * servers and runtimes.
 *
 * @example
 * const why = sentWithoutFlash(c)
 * if (why) abandonRequest(storage, config, report, why)
 */
export function sentWithoutFlash(c: Context, outgoing = nodeResponse(c)): string | undefined {
  if (outgoing === undefined) return undefined
  if (c.finalized && isAlreadySent(c.res)) return ANSWERED_RAW
  if (!outgoing.headersSent) return undefined
  // Hono hands the server the response of a finalized context only: without one, the app wrote it.
  return c.finalized ? ANSWERED_OUTSIDE : ANSWERED_RAW
}

/** Whether `res` is node-server's `RESPONSE_ALREADY_SENT` marker. */
function isAlreadySent(res: Response): boolean {
  // The marker has no body, so it is never a lightweight response: their headers are not read,
  // which would make a `Headers` of the plain object LateHeaders writes into.
  return lightweightParts(res) === undefined && res.headers.get(ALREADY_SENT) !== null
}
