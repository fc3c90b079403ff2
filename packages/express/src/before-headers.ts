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

  res.writeHead = function flashWriteHead(this: ServerResponse, ...args: unknown[]) {
    if (!finished) {
      finished = true
      try {
        finish(false)?.catch((error: unknown) => fail(error, true))
      } catch (error) {
        fail(error, true)
      }
    }
    return (writeHead as (...a: unknown[]) => ServerResponse).apply(this, args)
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
