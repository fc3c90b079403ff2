/**
 * @module
 * Where a request's messages live: an own property of the request (and of `res.locals`, for its
 * `messages` getter), under one symbol. The response's wrappers find it through `res.req`, which
 * Node and Express set on every response, so nothing is added to the response itself.
 *
 * Not a `WeakMap` keyed by the request, although adding a property to an Express request is slow
 * (each has its own hidden class): timed with `bench/src/perf-compare.ts`, the map saved 1.5 µs of
 * the middleware's 6 and added 13-18 µs of garbage collection per request, every entry being an
 * ephemeron the young-generation collector must trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export const FLASH = Symbol('@flash/express.request')

/** What a response's `end` and `writeHead` wrappers need (see before-headers.ts). */
export interface FinishState {
  /**
   * What to do once per response. `canWait` is `true` from `res.end` (the body is complete, so the
   * response may wait for a promise before anything is sent) and `false` from `writeHead` reached
   * first (a streamed body: the headers leave now, whatever is still pending).
   */
  readonly finish: (canWait: boolean) => Promise<void> | undefined
  /**
   * Once the headers that `finish(false)` let go out are written (and after its promise, if any):
   * save the session it wrote, if any. Its middleware saves at `res.end`, which a stream calls
   * only when it ends, and never when the visitor leaves (a pipe) or it never ends (server-sent
   * events). A promise while the store has not answered.
   */
  readonly afterHeaders: () => Promise<void> | undefined
  readonly fail: (error: unknown, headersSent: boolean) => void
  /**
   * Set once `finish` ran. Set back to `false`, once, when it failed before the headers were sent
   * and what it wrote was taken back, so the app's error page finishes the request (error-page.ts).
   */
  finished: boolean
  /**
   * The `end` that runs `finish`: the shared prototype's or the response's own wrapper. When
   * `res.end` is another function, a middleware mounted after `flash()` (compression) wrapped it
   * since, and its `end` sends the headers before ours could wait.
   */
  end: ServerResponse['end'] | undefined
  /**
   * Set while `res.end` waits for the storage, or a streamed response's session waits for its
   * store: an `end` called meanwhile (an app that calls it twice, a `writeHead` then an `end`)
   * runs after, so the response is never ended before its messages are stored.
   */
  waiting: Promise<void> | undefined
}

/** What the request's slot holds, as far as its response is concerned. */
export interface Finishing {
  finishState: FinishState | undefined
}

/** A request as `flash()` leaves it; request-flash.ts reads the slot as its `RequestFlash`. */
export type FlashCarrier<Slot extends Finishing = Finishing> = { [FLASH]?: Slot }

/** The finish state of `res`'s request, once something used its messages. */
export function finishStateOf(res: ServerResponse): FinishState | undefined {
  return ((res as { req?: IncomingMessage }).req as FlashCarrier | undefined)?.[FLASH]?.finishState
}
