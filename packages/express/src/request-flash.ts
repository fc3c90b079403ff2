/**
 * @module
 * One request's messages, made on first use. `flash()` only leaves a {@link RequestFlash} on the
 * request; `req.messages`, the core API (`success(req, ...)`) and `res.locals.messages` are
 * getters that make the storage, and wrap the response so it is stored before the headers go
 * out, when something first uses them. A request that never touches messages costs one object
 * and a few property writes: no storage, no wrapped `res.end`, no session read.
 */
import { IncomingMessage, type ServerResponse } from 'node:http'
import { abandonRequest, type BaseStorage, createStorage, type FlashConfig, STORAGE } from '@flash/core'
import type { NextFunction } from 'express'
import { finishBeforeHeaders, keepEndOutermost } from './before-headers.js'
import { type Finishing, type FinishState, FLASH, type FlashCarrier } from './carrier.js'
import { endFailed } from './failed-end.js'
import { type FlashContext, type Saving, saveMessages, saveSession } from './save.js'
import { ExpressSeam } from './seam.js'

type RequestCarrier = FlashCarrier<RequestFlash>

const FIRST_USE_AFTER_HEADERS =
  'messages were first used after the response headers were sent, so nothing added can be stored'

export class RequestFlash implements Finishing {
  #storage: BaseStorage | undefined
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

/** Whether `flash()` already served this request (mounted on the app and on a router). */
export function servedBefore(req: IncomingMessage): boolean {
  return (req as RequestCarrier)[FLASH] !== undefined
}

/** The configuration of the `flash()` that serves this request, once one does. */
export function servingConfig(req: IncomingMessage): FlashConfig | undefined {
  return (req as RequestCarrier)[FLASH]?.context.config
}

/**
 * Leave `flash` on the request and its `res.locals`, whose `messages` (a getter, enumerable, so
 * `res.render` copies it into the template's locals) makes the storage when a template reads it.
 */
export function attachRequestFlash(flash: RequestFlash, levels: unknown): void {
  installAccessors(flash.req)
  ;(flash.req as RequestCarrier)[FLASH] = flash
  const locals = (flash.res as { locals?: Record<string | symbol, unknown> }).locals
  if (locals === undefined) return
  locals[FLASH] = flash
  Object.defineProperty(locals, 'messages', LOCALS_MESSAGES)
  locals.DEFAULT_MESSAGE_LEVELS = levels
}

/** One descriptor for every request: the same getter keeps every `res.locals` one hidden class. */
const LOCALS_MESSAGES: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: RequestCarrier) {
    return this[FLASH]?.storage()
  },
  set(this: object, value: unknown) {
    defineOwn(this, 'messages', value)
  },
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
  const shared = sharedRequestPrototype(proto)
  Object.defineProperties(shared ?? req, ACCESSORS)
  if (shared && proto) INSTALLED.add(proto)
}

function sharedRequestPrototype(proto: object | null): object | undefined {
  for (let p = proto; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    if (p === IncomingMessage.prototype) return undefined
    if (Object.getPrototypeOf(p) === IncomingMessage.prototype) return p
  }
  return undefined
}

/** An assignment (an app's own `req.messages = ...`) makes an own property, as without @flash. */
function defineOwn(target: object, name: PropertyKey, value: unknown): void {
  Object.defineProperty(target, name, { configurable: true, enumerable: true, writable: true, value })
}

const ACCESSORS: PropertyDescriptorMap = {
  // Set by express-session (or the app) after flash() ran: a session middleware mounted after it.
  session: {
    configurable: true,
    get: () => undefined,
    set(this: RequestCarrier, value: unknown) {
      const flash = this[FLASH]
      if (flash !== undefined && !flash.sessionBefore) flash.context.order?.sessionSetLate()
      defineOwn(this, 'session', value)
    },
  },
  messages: {
    configurable: true,
    get(this: RequestCarrier) {
      return this[FLASH]?.storage()
    },
    set(this: object, value: unknown) {
      defineOwn(this, 'messages', value)
    },
  },
  [STORAGE]: {
    configurable: true,
    get(this: RequestCarrier) {
      return this[FLASH]?.storage()
    },
    set(this: object, value: unknown) {
      defineOwn(this, STORAGE, value)
    },
  },
}
