/**
 * @module
 * Where a request's messages live: in its `res.locals`, under one symbol (where the `messages`
 * getter of `res.locals` finds them too), or, where `res.locals` cannot keep them for the whole
 * request, on the request itself (see `RequestFlash.pin`). The request's getters reach
 * `res.locals` through `req.res`, the response's wrappers directly; Node and Express set both on
 * every request.
 *
 * Not on the request from the start: Express changes the prototype of every request and response
 * (`Object.setPrototypeOf`), and V8 then takes a slow path for each property added to them. Counted
 * with `bench/src/instructions.ts`, adding one costs 25-40 k instructions, 5-7% of a whole bare
 * Express request, while `res.locals` is a dictionary (`Object.create(null)`) a property is added to
 * for about 1 k. A request served by `flash()` adds nothing to either. Reading them is slow too
 * (every request has hidden classes of its own, so each read misses V8's caches), which is why
 * `res.locals` is read from where locals.ts's accessor keeps it ({@link localsOf}).
 *
 * Not a `WeakMap` keyed by the request either: timed with `bench/src/perf-compare.ts`, the map
 * saved 1.5 µs of the middleware's 6 and added 13-18 µs of garbage collection per request, every
 * entry being an ephemeron the young-generation collector must trace.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'

export const FLASH = Symbol('@flash/express.request')

/** Where locals.ts's accessor keeps a response's `res.locals`: an own property of the response. */
export const LOCALS_VALUE = Symbol('@flash/express.locals')

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

/** A request, or its `res.locals`, as `flash()` leaves it; request-flash.ts reads the slot as its `RequestFlash`. */
export type FlashCarrier<Slot extends Finishing = Finishing> = { [FLASH]?: Slot }

/** What `res.locals` may hold: anything an app assigned, @flash's slot when `flash()` served the request. */
export type Locals = FlashCarrier | null | undefined

/**
 * The slot of the `flash()` serving `req`: in its `res.locals` (`locals`, when the caller read it
 * already), or pinned on the request; `undefined` if none does.
 */
export function flashOf<Slot extends Finishing>(
  req: IncomingMessage,
  locals: Locals = localsOf((req as { res?: ServerResponse }).res),
): Slot | undefined {
  return (locals?.[FLASH] ?? (req as FlashCarrier)[FLASH]) as Slot | undefined
}

/**
 * `res.locals`, read from the response's own slot where the accessor keeps it: one lookup on the
 * response, where `res.locals` is three (the accessor two prototypes up, then the slot).
 */
export function localsOf(res: ServerResponse | undefined): Locals {
  if (res === undefined) return undefined
  const kept = (res as { [LOCALS_VALUE]?: Locals })[LOCALS_VALUE]
  return kept !== undefined ? kept : (res as { locals?: Locals }).locals
}

/** The finish state of `res`'s request, once something used its messages. */
export function finishStateOf(res: ServerResponse): FinishState | undefined {
  const slot = localsOf(res)?.[FLASH]
  if (slot !== undefined) return slot.finishState
  return ((res as { req?: IncomingMessage }).req as FlashCarrier | undefined)?.[FLASH]?.finishState
}
