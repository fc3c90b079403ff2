/**
 * @module
 * One request's messages, made on first use. `flash()` only leaves a {@link RequestFlash} in
 * `res.locals` (locals.ts); `req.messages`, the core API (`success(req, ...)`) and
 * `res.locals.messages` are getters that make the storage, and wrap the response so it is stored
 * before the headers go out, when something first uses them. A request that never touches messages costs one object
 * and a few property writes: no storage, no wrapped `res.end`, no session read.
 */
import { IncomingMessage, type ServerResponse } from 'node:http'
import { abandonRequest, type BaseStorage, createStorage, STORAGE } from '@flash/core'
import type { NextFunction } from 'express'
import { finishBeforeHeaders, keepEndOutermost } from './before-headers.js'
import {
  type Finishing,
  type FinishState,
  FLASH,
  type FlashCarrier,
  flashOf,
  type Locals,
} from './carrier.js'
import { endFailed } from './failed-end.js'
import { attachToLocals } from './locals.js'
import { type FlashContext, type Saving, saveMessages, saveSession } from './save.js'
import { ExpressSeam } from './seam.js'
import { defineOwn, sharedPrototypeOf } from './shared-prototype.js'

type RequestCarrier = FlashCarrier<RequestFlash>

const FIRST_USE_AFTER_HEADERS =
  'messages were first used after the response headers were sent, so nothing added can be stored'

export class RequestFlash implements Finishing {
  #storage: BaseStorage | undefined
  /** Whether it is on the request itself too (see {@link RequestFlash.pin}). */
  #pinned = false
  /** Whether the storage was made before the handler ran, so later middleware ran after it. */
  #madeEarly = false
  /** Set with the storage: what the response's wrappers run before its headers go out. */
  finishState: FinishState | undefined = undefined

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly context: FlashContext,
    readonly next: NextFunction,
    /** Whether a session middleware ran before `flash()`: one mounted after it would save too early. */
    readonly sessionBefore: boolean,
  ) {}

  /** The storage, made on first use; the request then ends before its headers are sent. */
  storage(): BaseStorage {
    const storage = this.#storage
    if (storage === undefined) return this.#create()
    // Made before the handler (preloaded, or ended untouched): a middleware mounted after flash()
    // may have wrapped res.end since, and its end would not wait for the storage. A storage made
    // on first use was made after them, and took its place outside their wrappers then.
    if (this.#madeEarly) {
      const state = this.finishState
      if (state !== undefined && !state.finished) {
        finishBeforeHeaders(this.res, state)
        keepEndOutermost(this.res, state)
      }
    }
    return storage
  }

  /** The storage, made now, before the handler: for a preload, or an end that needs it. */
  storageBeforeHandler(): BaseStorage {
    this.#madeEarly = true
    return this.storage()
  }

  /**
   * Put it on the request itself, where `res.locals` cannot keep it for the whole request (see
   * locals.ts): a bare `http` response, a `locals` out of the accessor's reach, or one the app
   * replaced with a value that cannot take it. Otherwise it is only in `res.locals`, where a
   * property costs a fraction of one added to the request (carrier.ts).
   */
  pin(): void {
    if (this.#pinned) return
    this.#pinned = true
    ;(this.req as RequestCarrier)[FLASH] = this
  }

  #create(): BaseStorage {
    const { req, res, context } = this
    const seam = new ExpressSeam(req, res, this.sessionBefore)
    const storage = createStorage(context.config, seam, req)
    this.#storage = storage
    if (res.headersSent) {
      // First used in a stream callback or after the response: adds are refused and reported.
      abandonRequest(storage, context.config, context.report, FIRST_USE_AFTER_HEADERS)
      return storage
    }
    const saving: Saving = { req, res, storage, seam, context }
    const state: FinishState = {
      finish: (canWait) => saveMessages(saving, canWait),
      afterHeaders: () => saveSession(saving),
      fail: (error, headersSent) =>
        endFailed({ res, storage, state, context, next: this.next }, error, headersSent),
      finished: false,
      end: undefined,
      waiting: undefined,
    }
    this.finishState = state
    finishBeforeHeaders(res, state)
    return storage
  }
}

/**
 * Leave `flash` in `res.locals` (see locals.ts), or on the request where that cannot keep it, and
 * make sure the request's prototype has the getters that find it.
 */
export function attachRequestFlash(flash: RequestFlash, locals: Locals, levels: unknown): void {
  installAccessors(flash.req)
  if (!attachToLocals(flash.res, locals, flash, levels)) flash.pin()
}

/** The request prototypes that have the getters: Express's shared one, found once per app prototype. */
const INSTALLED = new WeakSet<object>()

/**
 * `req.messages` and the core API's carrier slot as getters, on the prototype every Express
 * request shares (the one just above `http.IncomingMessage.prototype`, which each app's and
 * sub-app's `app.request` inherits), so a request handed to a sub-app keeps them. `req.session`
 * gets a setter there too: it tells the session order when a session is set after `flash()`. A request
 * that is not an Express one (a bare `http` server) gets them as its own properties.
 */
function installAccessors(req: IncomingMessage): void {
  const proto = Object.getPrototypeOf(req) as object | null
  if (proto !== null && INSTALLED.has(proto)) return
  const shared = sharedPrototypeOf(req, IncomingMessage.prototype)
  Object.defineProperties(shared ?? req, ACCESSORS)
  if (shared && proto) INSTALLED.add(proto)
}

const ACCESSORS: PropertyDescriptorMap = {
  // Where a request that `res.locals` cannot serve is pinned (`RequestFlash.pin`). Found here, a
  // request's missing slot is looked up through two prototypes instead of all six of its chain.
  [FLASH]: { configurable: true, writable: true, value: undefined },
  // Set by express-session (or the app) after flash() ran: a session middleware mounted after it.
  session: {
    configurable: true,
    get: () => undefined,
    set(this: IncomingMessage, value: unknown) {
      const flash = flashOf<RequestFlash>(this)
      if (flash !== undefined && !flash.sessionBefore) flash.context.order?.sessionSetLate()
      defineOwn(this, 'session', value)
    },
  },
  messages: {
    configurable: true,
    get(this: IncomingMessage) {
      return flashOf<RequestFlash>(this)?.storage()
    },
    set(this: object, value: unknown) {
      defineOwn(this, 'messages', value)
    },
  },
  [STORAGE]: {
    configurable: true,
    get(this: IncomingMessage) {
      return flashOf<RequestFlash>(this)?.storage()
    },
    set(this: object, value: unknown) {
      defineOwn(this, STORAGE, value)
    },
  },
}
