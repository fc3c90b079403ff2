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
  const { end, writeHead } = res
  let finished = false

  res.writeHead = function flashWriteHead(this: ServerResponse, statusCode: number, ...rest: unknown[]) {
    if (!finished) {
      finished = true
      // What finish() reads (a success message's status) and writes (Set-Cookie) must see the
      // status and the headers this call gives.
      if (typeof statusCode === 'number') this.statusCode = statusCode
      rest = applyHeaders(this, rest)
      try {
        finish(false)?.catch((error: unknown) => fail(error, true))
      } catch (error) {
        fail(error, true)
      }
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).call(this, statusCode, ...rest)
  } as ServerResponse['writeHead']

  res.end = function flashEnd(this: ServerResponse, ...args: unknown[]) {
    const send = () => (end as (...a: unknown[]) => ServerResponse).apply(this, args)
    if (finished) return send()
    finished = true
    let pending: Promise<void> | undefined
    try {
      pending = finish(true)
    } catch (error) {
      fail(error, false)
      return this
    }
    if (!pending) return send()
    pending.then(send, (error: unknown) => fail(error, false))
    return this
  } as ServerResponse['end']
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
