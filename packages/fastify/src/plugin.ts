/**
 * @module
 * The Fastify plugin: one storage per request, loaded before the handler, persisted in `onSend`
 * after the payload was rendered.
 */
import {
  abandonRequest,
  activeRecorder,
  awaitErrorPage,
  type BaseStorage,
  CLEAN_URL_PATH,
  canStoreAgain,
  consoleReporter,
  createStorage,
  describeUnstored,
  endRequest,
  endsUntouched,
  type FlashConfig,
  FlashConfigError,
  type FlashReporter,
  needsPreload,
  RECORD_HEADER,
  recordForTests,
  resolveOptions,
  STORAGE,
  scopeAsset,
  storeForErrorPage,
} from '@flash/core'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type FlashFastifyOptions, PROFILE } from './options.js'
import {
  decorateRequestState,
  existingState,
  hasRequestState,
  type RequestState,
  startState,
  stateOf,
} from './request-state.js'
import { FastifySeam } from './seam.js'
import { isSessionUnopened, markSessionUnopened } from './session.js'
import { addSuccessMessage, wrapSuccessRoute } from './success-message.js'

const flashPlugin: FastifyPluginAsync<FlashFastifyOptions> = async (fastify, options) => {
  const config = resolveOptions(options, PROFILE)
  checkRegisteredOnce(fastify)
  checkSessionOrder(fastify, config)
  const reportFor = reporter(fastify)
  const preload = needsPreload(config)
  // A custom storage may ask the seam for the session too; the cookie storage never does.
  const mayUseSession = config.usesSession || typeof config.storage === 'function'
  for (const warning of config.warnings) reportFor(undefined)(warning)

  const storageFor = (request: FastifyRequest): BaseStorage => {
    const state = stateOf(request)
    if (state.storage === null) {
      const seam = new FastifySeam(request, watchFromFirstAdd)
      state.seam = seam
      const storage = createStorage(config, seam, request)
      state.storage = storage
      const reply = state.reply
      // First used after the request ended (in onResponse, a timer): it ends at once and refuses adds.
      if (state.ended || (reply !== null && responseGone(reply))) {
        state.ended = true
        endRequest(storage, config, seam, reportFor(request))
      } else if (typeof storage.watchFirstAdd !== 'function') {
        // Built on another copy of @flash/core (an older one), which never tells the first add:
        // watched from its first use, so a hijacked response still reports what it added.
        watchFromFirstAdd(request)
      }
      return storage
    }
    return state.storage
  }

  /**
   * The request added its first message (the seam's `messageAdded`): from now on it has something
   * a hijacked response would lose, so watch for one. A request that only reads attaches no
   * listener, as on Hono (its response-watch.ts). Added before the reply was known (an onRequest
   * hook registered before this plugin's): `keepReply` watches once it is.
   */
  const watchFromFirstAdd = (request: FastifyRequest): void => {
    const state = stateOf(request)
    if (state.reply === null) state.addedBeforeReply = true
    else watchForHijack(request, state, state.reply)
  }

  // After `reply.hijack()` the route writes the response itself and onSend never runs: report what
  // was added when the response closes, or at once when it is gone already (the first message came
  // after a hijacked response went out), and refuse later adds. Watched only from a request's first
  // added message, so untouched requests and reads pay for no listener, nor for an onResponse hook
  // (Fastify runs its hook machinery for every response then).
  const watchForHijack = (request: FastifyRequest, state: RequestState, reply: FastifyReply): void => {
    const abandonIfHijacked = (): void => {
      // The error page after a failed store went out without onSend (hijacked): what the request
      // added was taken back from the failed store and never stored again.
      if (state.seam?.errorPagePending === true) {
        state.seam.errorPagePending = false
        const lost = state.storage!.queued
        if (lost.length > 0) reportFor(request)(describeUnstored(lost, ERROR_PAGE_HIJACKED, config))
        return
      }
      // Not hijacked (a client that went away before onSend): onSend still comes, or nothing does.
      if (state.ended || !reply.sent) return
      state.ended = true
      abandonRequest(state.storage!, config, reportFor(request), HIJACKED)
    }
    if (responseGone(reply)) abandonIfHijacked()
    else reply.raw.on('close', abandonIfHijacked)
  }

  decorateRequestState(fastify)
  fastify.decorateRequest('messages', {
    getter(this: FastifyRequest) {
      return storageFor(this)
    },
  })
  // What the core API (`success(request, ...)`) reads.
  fastify.decorateRequest(STORAGE, {
    getter(this: FastifyRequest) {
      return storageFor(this)
    },
  })

  // Keeps the reply for the hijack watch. One more function in the onRequest hooks @fastify/cookie
  // already runs costs less than an onResponse hook, which makes Fastify run its hook machinery
  // after every response.
  const keepReply = (request: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const state = existingState(request)
    if (state === null) {
      startState(request, reply)
    } else {
      // Used (or answered) by an onRequest hook registered before this plugin's.
      state.reply = reply
      if (state.addedBeforeReply) watchForHijack(request, state, reply)
    }
    done()
  }
  // Where a session may be used, this hook (which runs before the session plugin's) also marks the
  // session as not opened yet, so a hook that answers in between is not taken for a logout.
  fastify.addHook(
    'onRequest',
    mayUseSession
      ? (request, reply, done) => {
          markSessionUnopened(request)
          keepReply(request, reply, done)
        }
      : keepReply,
  )

  // The script that takes `_flash` out of the address bar (scope: 'redirect'), for renderers
  // without a CSP nonce.
  const asset = scopeAsset(config, 'GET', CLEAN_URL_PATH)
  if (asset) fastify.get(CLEAN_URL_PATH, (_request, reply) => reply.headers(asset.headers).send(asset.body))

  // Per route, once: only routes with `config.successMessage` get a wrapped handler.
  fastify.addHook('onRoute', wrapSuccessRoute)

  // Only for reads that may be asynchronous (Web Crypto, a custom storage): load them before the
  // handler, once the session plugins opened the session in their onRequest. With node:crypto
  // (the default) messages are read on first use and untouched requests skip this hook entirely.
  if (preload) {
    fastify.addHook('preHandler', (request, _reply, next) => {
      const loading = storageFor(request).preload()
      if (loading) loading.then(() => next(), next)
      else next()
    })
  }

  // Registered before the session plugin, so this runs before it saves the session.
  fastify.addHook('onSend', (request, reply, payload, next) => {
    const state = stateOf(request)
    if (state.ended) {
      // The app's error page after storing failed: stored as it leaves the messages.
      const seam = state.seam
      if (seam?.errorPagePending !== true) return next(null, payload)
      seam.errorPagePending = false
      seam.replyWith(reply)
      const stored = storeForErrorPage(state.storage!, config, seam, reportFor(request))
      if (stored) stored.then(() => next(null, payload))
      else next(null, payload)
      return
    }
    // Answered by a hook that runs before this plugin's onRequest: the session plugin, registered
    // after this one, has not opened the session either.
    if (mayUseSession && state.reply === null) markSessionUnopened(request)
    let stored: Promise<void> | undefined
    try {
      // A route's `config.successMessage` makes the storage here when the handler did not.
      addSuccessMessage(request, reply)
      // Made here when nothing used messages only if the end needs it (tests, scope, htmx).
      const storage = endsUntouched(config, request.headers) ? storageFor(request) : state.storage
      // Marked first: when this fails (strict mode), Fastify sends the error through onSend again.
      state.ended = true
      if (storage === null) return next(null, payload)
      const seam = state.seam!
      seam.replyWith(reply)
      // An asynchronous read that preHandler never made (a request answered in onRequest or by
      // schema validation, or a storage first used here for htmx delivery): made now, so the end
      // delivers what it holds and a storage that claims on read (Redis) settles its claim. With a
      // session not opened, read now too: whether the storage needs what the session holds decides
      // (in finishRequest) whether anything may be written.
      const unopened = mayUseSession && isSessionUnopened(request)
      const loading = preload || unopened ? storage.preload() : undefined
      stored = loading
        ? loading.then(() => finishRequest(request, reply, storage, seam))
        : finishRequest(request, reply, storage, seam)
    } catch (error) {
      // A synchronous storage failed (strict mode, a session storage without a session).
      return failed(state, reply, error, next)
    }
    if (stored)
      stored.then(
        () => next(null, payload),
        (error: unknown) => failed(state, reply, error, next),
      )
    else next(null, payload)
  })

  /**
   * Storing failed: the error goes to the app's error handler, whose reply comes through onSend
   * again. What the failed store wrote is taken back first, so that reply stores the messages as
   * its page leaves them (consumed if it shows them), where the core's `canStoreAgain` allows it.
   */
  const failed = (state: RequestState, reply: FastifyReply, error: unknown, next: (error: Error) => void) => {
    const { storage, seam } = state
    if (storage !== null && seam !== null && !reply.sent && canStoreAgain(storage, error)) {
      seam.takeBack()
      awaitErrorPage(storage)
      seam.errorPagePending = true
    }
    next(error as Error)
  }

  /**
   * Persist the request's messages (the core's `endRequest`), named first for a test that imported
   * `@flash/fastify/testing`. A function of the plugin rather than closures made in `onSend`: a
   * request that used messages allocates none of its own for this.
   */
  const finishRequest = (
    request: FastifyRequest,
    reply: FastifyReply,
    storage: BaseStorage,
    seam: FastifySeam,
  ): Promise<void> | undefined => {
    // Storing is left out when the storage read the session before the session plugin opened it:
    // what was not read would be overwritten. The added messages are reported instead.
    if (mayUseSession && seam.sessionReadBeforeOpened()) {
      abandonRequest(storage, config, reportFor(request), SESSION_UNREAD)
      return undefined
    }
    // Only while a test imported `@flash/fastify/testing`: name this request's messages.
    if (activeRecorder()) {
      return recordForTests(storage).then((id) => {
        if (id) reply.header(RECORD_HEADER, id)
        return endRequest(storage, config, seam, reportFor(request))
      })
    }
    return endRequest(storage, config, seam, reportFor(request))
  }

  if (config.requiresSession) {
    fastify.addHook('onReady', (ready) => {
      ready(
        hasSessionPlugin(fastify)
          ? undefined
          : new FlashConfigError(
              `${PROFILE.name}: storage "session" needs a session plugin; ${PROFILE.sessionFix}`,
            ),
      )
    })
  }
}

/**
 * Whether a session plugin serves this context: registered in it or in a parent. One registered in
 * a parent after this context was made is not among this context's request decorators (Fastify
 * copies them when it makes a context) but its hooks are (it passes those down), so the parents are
 * asked too; a context's prototype is its parent.
 */
function hasSessionPlugin(fastify: FastifyInstance): boolean {
  for (let context: unknown = fastify; isFastify(context); context = Object.getPrototypeOf(context)) {
    if (context.hasRequestDecorator('session')) return true
  }
  return false
}

function isFastify(value: unknown): value is FastifyInstance {
  return typeof (value as Partial<FastifyInstance> | null)?.hasRequestDecorator === 'function'
}

/** Hijacked (or written raw) and finished or torn down: onSend will not come, nor a `close` to watch. */
function responseGone(reply: FastifyReply): boolean {
  return reply.sent && (reply.raw.writableFinished || reply.raw.destroyed)
}

/** Nothing is written then: what the session holds stays where the next request finds it. */
const SESSION_UNREAD =
  'the messages already stored in the session could not be read, because the session plugin had not opened ' +
  "it (a hook answered the request, threw, or read the messages before @fastify/session's or " +
  "@fastify/secure-session's onRequest ran), so nothing was written and they stay for the next request; " +
  'register the session plugin before that hook'

const ERROR_PAGE_HIJACKED =
  'storing them failed, and the error page that followed was sent without Fastify (reply.hijack(), or a write ' +
  'to reply.raw), so they could not be stored for it; send error pages through reply.send()'

const HIJACKED =
  'the response was sent without Fastify (reply.hijack(), or a write to reply.raw), so onSend did not run ' +
  'and no cookie or session could be written; add messages only to replies Fastify sends'

/**
 * Where reports go: the request's logger, or `console.warn` when Fastify's logger is off (its
 * default), so they reach the developer with `Fastify()` as is.
 */
function reporter(fastify: FastifyInstance): (request: FastifyRequest | undefined) => FlashReporter {
  const level = (fastify.log as { level?: string }).level
  if (level === undefined || level === 'silent') return () => consoleReporter
  return (request) => {
    const log = request?.log ?? fastify.log
    return (text, details) => (details ? log.warn(details, text) : log.warn(text))
  }
}

/** A second registration where one already applies would fail on Fastify's own decorator error. */
function checkRegisteredOnce(fastify: FastifyInstance): void {
  if (!hasRequestState(fastify)) return
  throw new FlashConfigError(
    `${PROFILE.name}: the plugin is registered twice in one context (here or in a parent); register it ` +
      'once, at the root, for every route, or once in each sibling context that needs its own options',
  )
}

/** Fastify runs onSend hooks in registration order: a session plugin registered first saves too early. */
function checkSessionOrder(fastify: FastifyInstance, config: FlashConfig): void {
  if (config.usesSession && fastify.hasRequestDecorator('session')) {
    throw new FlashConfigError(
      `${PROFILE.name}: a session plugin was registered before @flash/fastify, so it would save the session ` +
        `before the messages are stored; register @flash/fastify first, then @fastify/session or ` +
        `@fastify/secure-session (or use storage: "cookie")`,
    )
  }
}

/**
 * Django's messages framework for Fastify 5. Register it after `@fastify/cookie` and before
 * `@fastify/session` / `@fastify/secure-session`.
 *
 * @example
 * await app.register(cookie)
 * await app.register(flash, { secret: process.env.FLASH_SECRET })
 * await app.register(session, { secret: process.env.SESSION_SECRET, saveUninitialized: false })
 */
export const flash = fp(flashPlugin, {
  name: '@flash/fastify',
  fastify: '5.x',
  dependencies: ['@fastify/cookie'],
})
