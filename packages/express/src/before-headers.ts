/**
 * @module
 * The moment a response is finished: after the app rendered it, before its headers go out.
 * Express has no hook for it, so the Node response's `end` and `writeHead` are wrapped for one
 * request, as express-session and on-headers do.
 */
import type { ServerResponse } from 'node:http'

/**
 * What to do once per response. `canWait` is `true` from `res.end` (the body is complete, so the
 * response may wait for a promise before anything is sent) and `false` from `writeHead` reached
 * first (a streamed body: the headers leave now, whatever is still pending).
 */
export type Finish = (canWait: boolean) => Promise<void> | undefined

/**
 * Run `finish` before the response's headers are written: from `res.end` (`res.send`,
 * `res.json`, `res.render`, `res.redirect`, `res.end`), waiting for its promise before ending,
 * or from `res.writeHead` when a stream or `res.write` sends the headers first. A failure goes to
 * `fail` (the app's error handler while nothing was sent); the response is then not ended here.
 *
 * @example
 * finishBeforeHeaders(res, (canWait) => persist(storage, config, warn), (error) => next(error))
 */
export function finishBeforeHeaders(
  res: ServerResponse,
  finish: Finish,
  fail: (error: unknown, headersSent: boolean) => void,
): void {
  ;(res as Wrapped)[STATE] = { finish, fail, end: res.end, writeHead: res.writeHead, finished: false }
  // The same two functions on every response (the state is on the response), not new closures:
  // fresh closures for the same properties change the hidden class of every response.
  res.writeHead = flashWriteHead as ServerResponse['writeHead']
  res.end = flashEnd as ServerResponse['end']
}

/** What the wrappers of one response need, kept on it. */
interface FinishState {
  readonly finish: Finish
  readonly fail: (error: unknown, headersSent: boolean) => void
  readonly end: ServerResponse['end']
  readonly writeHead: ServerResponse['writeHead']
  finished: boolean
}

const STATE = Symbol('@flash/express.finish')

type Wrapped = ServerResponse & { [STATE]: FinishState }

function flashWriteHead(this: Wrapped, statusCode: number, ...rest: unknown[]): ServerResponse {
  const state = this[STATE]
  if (!state.finished) {
    state.finished = true
    // What finish() reads (a success message's status) and writes (Set-Cookie) must see the
    // status and the headers this call gives.
    if (typeof statusCode === 'number') this.statusCode = statusCode
    rest = applyHeaders(this, rest)
    try {
      state.finish(false)?.catch((error: unknown) => state.fail(error, true))
    } catch (error) {
      state.fail(error, true)
    }
  }
  return (state.writeHead as (...a: unknown[]) => ServerResponse).call(this, statusCode, ...rest)
}

function flashEnd(this: Wrapped, ...args: unknown[]): ServerResponse {
  const state = this[STATE]
  const send = () => (state.end as (...a: unknown[]) => ServerResponse).apply(this, args)
  if (state.finished) return send()
  state.finished = true
  let pending: Promise<void> | undefined
  try {
    pending = state.finish(true)
  } catch (error) {
    state.fail(error, false)
    return this
  }
  if (!pending) return send()
  pending.then(send, (error: unknown) => state.fail(error, false))
  return this
}

/**
 * Headers given to `writeHead(status, [message], headers)` are set after the ones already on
 * the response, so they would replace the message cookie's `Set-Cookie`: set them first (as
 * on-headers does) and call `writeHead` without them. Raw header arrays are passed on as given.
 */
function applyHeaders(res: ServerResponse, rest: unknown[]): unknown[] {
  const headers = rest[rest.length - 1]
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) return rest
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) res.setHeader(name, value as string | number | readonly string[])
  }
  return rest.slice(0, -1)
}
