/**
 * @module
 * The moment a response is finished: after the app rendered it, before its headers go out.
 * Express has no hook for it, so the Node response's `end` and `writeHead` are wrapped, as
 * express-session and on-headers do.
 *
 * Where they are wrapped matters for speed. Express changes the prototype of every response
 * (`Object.setPrototypeOf`), and V8 then makes a new hidden class for each property added to it:
 * two own wrappers cost about 6 µs per request, more than the rest of an empty read. So when no
 * other middleware wrapped this response's `end` or `writeHead` (nothing to run after), the
 * wrappers are installed once on Express's shared response prototype and find the response's
 * state through `res.locals` (carrier.ts); responses @flash does not serve pass straight through.
 * When another wrapper is already there (express-session's), ours goes on the response itself,
 * outermost, so it runs first, as it always did.
 *
 * A middleware mounted after `flash()` that wraps `res.end` (compression) does so after a storage
 * made before the handler (an asynchronous read is preloaded): its `end` would send the headers,
 * through our `writeHead`, before ours could wait for the storage. So the first use of such a
 * storage's messages puts ours on the response, outermost, if a wrapper came since, and keeps it
 * there through wrappers that come later ({@link keepEndOutermost}): only requests that use the
 * messages of a preloaded storage pay for an own property.
 */
import { ServerResponse } from 'node:http'
import { type FinishState, finishStateOf } from './carrier.js'
import { sharedPrototypeOf } from './shared-prototype.js'

type End = ServerResponse['end']
type WriteHead = ServerResponse['writeHead']

/**
 * Run `state.finish` before the response's headers are written: from `res.end` (`res.send`,
 * `res.json`, `res.render`, `res.redirect`, `res.end`), waiting for its promise before ending,
 * or from `res.writeHead` when a stream or `res.write` sends the headers first (then
 * `state.afterHeaders`, once they are written). A failure goes to
 * `state.fail` (the app's error handler while nothing was sent); the response is then not ended
 * here, and the error page's `res.end` finishes again if the failed finish reset `state.finished`.
 * The shared prototype's wrappers are used only when {@link finishStateOf} finds `state` through
 * `res.req`; otherwise the response gets wrappers of its own. Called again, it does
 * nothing while `res.end` is still the one it installed, and wraps the response again, outermost,
 * when a later middleware wrapped `res.end` since.
 *
 * @example
 * flash.finishState = { finish: (canWait) => save(canWait), afterHeaders: () => saveSession(), fail: (error) => next(error), finished: false, end: undefined, waiting: undefined }
 * finishBeforeHeaders(res, flash.finishState)
 */
export function finishBeforeHeaders(res: ServerResponse, state: FinishState): void {
  // A later wrapper of writeHead alone (on-headers) needs nothing: our end still runs first.
  if (state.end !== undefined && res.end === state.end) return
  const alone = !Object.hasOwn(res, 'end') && !Object.hasOwn(res, 'writeHead')
  if (alone && finishStateOf(res) === state && wrapsSharedPrototype(res)) {
    state.end = res.end
    return
  }
  const end = res.end
  const writeHead = res.writeHead
  res.writeHead = function flashWriteHead(this: ServerResponse, ...args: unknown[]) {
    return finishAtWriteHead(this, state, writeHead, args)
  } as WriteHead
  res.end = function flashEnd(this: ServerResponse, ...args: unknown[]) {
    return finishAtEnd(this, state, end, args)
  } as End
  state.end = res.end
}

/**
 * Keep `state`'s finish the first thing `res.end` runs, whatever middleware that runs later assigns
 * to `res.end` (compression, express-session: each reads `res.end`, keeps it as the `end` it calls
 * last, and assigns its own). An own accessor keeps the chain they build, one level per
 * assignment: reading `res.end` gives the `end` of the current level, whose call finishes (waiting
 * for the storage) if nothing has yet, then runs the wrapper assigned at that level, which calls
 * the level below on its way out, down to the `end` that was there before. Assigning back an `end`
 * read from it (a middleware unwrapping itself) returns to that level.
 *
 * @example
 * keepEndOutermost(res, state) // on the first use of a storage made before the handler
 */
export function keepEndOutermost(res: ServerResponse, state: FinishState): void {
  const own = Object.getOwnPropertyDescriptor(res, 'end')
  if (res.end === state.end && own?.get !== undefined) return
  // Someone made it fixed (an agent's own accessor): leave it; each use still re-checks (storage()).
  if (own?.configurable === false) return
  const before = res.end
  /** `wrappers[k - 1]` is what was assigned at level k; level 0 runs `before`. */
  const wrappers: End[] = []
  const levels: End[] = []
  const level = (k: number): End => {
    let end = levels[k]
    if (end === undefined) {
      end = function flashOuterEnd(this: ServerResponse, ...args: unknown[]) {
        const next = k === 0 ? before : wrappers[k - 1]!
        if (state.finished) return passOn(this, state, next, args)
        return finishAtEnd(this, state, next, args)
      } as End
      levels[k] = end
    }
    return end
  }
  Object.defineProperty(res, 'end', {
    configurable: true,
    enumerable: true,
    get: () => {
      const end = level(wrappers.length)
      state.end = end
      return end
    },
    set: (assigned: End) => {
      const back = levels.indexOf(assigned)
      if (back >= 0) wrappers.length = back
      else wrappers.push(assigned)
    },
  })
  state.end = level(0)
}

/** The response prototypes whose `end` and `writeHead` are ours (Express's shared one, per copy of Express). */
const WRAPPED = new WeakSet<object>()

/**
 * Whether `res` is an Express response, with the wrappers on the prototype every Express
 * response shares (the one just above `http.ServerResponse.prototype`), installed now if needed.
 * A bare `http` response has no such prototype: it is wrapped on its own.
 */
function wrapsSharedPrototype(res: ServerResponse): boolean {
  const shared = sharedPrototypeOf(res, ServerResponse.prototype)
  if (shared === undefined) return false
  if (WRAPPED.has(shared)) return true
  // What runs next: a method Express's prototype itself had (someone patched it before us), or
  // else http.ServerResponse's, read at each call, so a later patch of it (an APM agent) still runs.
  const own = shared as Partial<{ end: End; writeHead: WriteHead }>
  const patchedEnd = Object.hasOwn(shared, 'end') ? own.end : undefined
  const patchedWriteHead = Object.hasOwn(shared, 'writeHead') ? own.writeHead : undefined
  Object.defineProperties(shared, {
    end: {
      configurable: true,
      writable: true,
      value: function end(this: ServerResponse, ...args: unknown[]) {
        return finishAtEnd(this, finishStateOf(this), patchedEnd ?? ServerResponse.prototype.end, args)
      },
    },
    writeHead: {
      configurable: true,
      writable: true,
      value: function writeHead(this: ServerResponse, ...args: unknown[]) {
        return finishAtWriteHead(
          this,
          finishStateOf(this),
          patchedWriteHead ?? ServerResponse.prototype.writeHead,
          args,
        )
      },
    },
  })
  WRAPPED.add(shared)
  return true
}

function finishAtWriteHead(
  res: ServerResponse,
  state: FinishState | undefined,
  writeHead: WriteHead,
  args: unknown[],
): ServerResponse {
  const write = writeHead as (...a: unknown[]) => ServerResponse
  if (state === undefined || state.finished) return write.apply(res, args)
  state.finished = true
  // What finish() reads (a success message's status) and writes (Set-Cookie) must see the
  // status and the headers this call gives.
  const statusCode = args[0]
  if (typeof statusCode === 'number') res.statusCode = statusCode
  args = applyHeaders(res, args)
  let finishing: Promise<void> | undefined
  try {
    finishing = state.finish(false)
  } catch (error) {
    state.fail(error, true)
    return write.apply(res, args)
  }
  const written = write.apply(res, args)
  saveAfterHeaders(state, finishing)
  return written
}

/**
 * Once the headers are written, save the session `finish(false)` wrote: nothing else would before
 * `res.end`, and a stream may never call it. After the headers rather than before, because
 * express-session refreshes the session's expiry as it sets its cookie, and the store should get
 * the expiry the cookie has. An `end` called meanwhile waits (`state.waiting`), so a
 * `writeHead(302)` then `end()` still reaches the browser after its message reached the store.
 */
function saveAfterHeaders(state: FinishState, finishing: Promise<void> | undefined): void {
  const saving = finishing === undefined ? state.afterHeaders() : finishing.then(state.afterHeaders)
  if (saving === undefined) return
  state.waiting = saving.then(
    () => {
      state.waiting = undefined
    },
    (error: unknown) => {
      state.waiting = undefined
      state.fail(error, true)
    },
  )
}

function finishAtEnd(
  res: ServerResponse,
  state: FinishState | undefined,
  end: End,
  args: unknown[],
): ServerResponse {
  if (state === undefined) return (end as (...a: unknown[]) => ServerResponse).apply(res, args)
  if (state.finished) return passOn(res, state, end, args)
  state.finished = true
  let pending: Promise<void> | undefined
  try {
    pending = state.finish(true)
  } catch (error) {
    state.fail(error, false)
    return res
  }
  if (!pending) return (end as (...a: unknown[]) => ServerResponse).apply(res, args)
  state.waiting = pending.then(
    () => {
      state.waiting = undefined
      sendAfterWaiting(res, state, end, args)
    },
    (error: unknown) => {
      state.waiting = undefined
      state.fail(error, false)
    },
  )
  return res
}

/**
 * An `end` called once ours has run: now, or, while ours still waits for the storage (an app that
 * calls `res.end` twice), after it, so the response is never ended before its cookie is written.
 */
function passOn(res: ServerResponse, state: FinishState, end: End, args: unknown[]): ServerResponse {
  const waiting = state.waiting
  if (waiting === undefined) return (end as (...a: unknown[]) => ServerResponse).apply(res, args)
  waiting.then(() => sendAfterWaiting(res, state, end, args))
  return res
}

/**
 * Run `end` after a wait. What it throws (a wrapper mounted after `flash()` runs inside it) would
 * otherwise be an unhandled rejection: it goes to the app's error handler, as it would have
 * without the wait.
 */
function sendAfterWaiting(res: ServerResponse, state: FinishState, end: End, args: unknown[]): void {
  try {
    ;(end as (...a: unknown[]) => ServerResponse).apply(res, args)
  } catch (error) {
    state.fail(error, res.headersSent)
  }
}

/**
 * Headers given to `writeHead(status, [message], headers)` are set after the ones already on
 * the response, so they would replace the message cookie's `Set-Cookie`, `HX-Trigger` and
 * `Cache-Control`: set them first (as on-headers does), as Node would, and call `writeHead`
 * without them. Node's flat array form (`['HX-Trigger', 'closeModal', ...]`, a proxy passing on
 * `rawHeaders`) replaces each name it holds and keeps its duplicates; an odd-length one is left
 * for Node to refuse.
 */
function applyHeaders(res: ServerResponse, args: unknown[]): unknown[] {
  if (args.length < 2) return args
  const headers = args[args.length - 1]
  if (typeof headers !== 'object' || headers === null) return args
  if (Array.isArray(headers)) {
    if (headers.length % 2 !== 0) return args
    for (let i = 0; i < headers.length; i += 2) res.removeHeader(String(headers[i]))
    for (let i = 0; i < headers.length; i += 2) {
      if (headers[i]) res.appendHeader(String(headers[i]), headers[i + 1] as string | readonly string[])
    }
    return args.slice(0, -1)
  }
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) res.setHeader(name, value as string | number | readonly string[])
  }
  return args.slice(0, -1)
}
