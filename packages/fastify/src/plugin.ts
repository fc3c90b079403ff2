/**
 * @module
 * The Fastify plugin: one storage per request, loaded before the handler, persisted in `onSend`
 * after the payload was rendered.
 */
import {
  activeRecorder,
  type BaseStorage,
  createStorage,
  type FlashConfig,
  FlashConfigError,
  persist,
  RECORD_HEADER,
  recordForTests,
  resolveOptions,
  STORAGE,
} from '@flash/core'
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { type FlashFastifyOptions, PROFILE } from './options.js'
import { FastifySeam } from './seam.js'
import { addSuccessMessage, SUCCESS, wrapSuccessRoute } from './success-message.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * This request's messages (Django's `request._messages`): iterate to display them. Made on
     * first use, so a request that never touches messages costs nothing.
     */
    readonly messages: BaseStorage
  }
}

/** The request's storage and its seam once something used them; `null` before. */
const SLOT = Symbol('@flash/fastify.storage')
const SEAM = Symbol('@flash/fastify.seam')
/** Set when `onSend` took the storage: later adds fail loudly instead of being lost. */
const PERSISTED = Symbol('@flash/fastify.persisted')

type FlashRequest = FastifyRequest & {
  [SLOT]: BaseStorage | null
  [SEAM]: FastifySeam | null
  [PERSISTED]: boolean
}

const flashPlugin: FastifyPluginAsync<FlashFastifyOptions> = async (fastify, options) => {
  const config = resolveOptions(options, PROFILE)
  checkSessionOrder(fastify, config)
  for (const warning of config.warnings) fastify.log.warn(warning)

  const storageFor = (request: FlashRequest): BaseStorage => {
    if (request[SLOT] === null) {
      request[SEAM] = new FastifySeam(request)
      request[SLOT] = createStorage(config, request[SEAM], request)
    }
    return request[SLOT]
  }

  fastify.decorateRequest(SLOT, null)
  fastify.decorateRequest(SEAM, null)
  fastify.decorateRequest(PERSISTED, false)
  fastify.decorateRequest('messages', {
    getter(this: FastifyRequest) {
      return storageFor(this as FlashRequest)
    },
  })
  // What the core API (`success(request, ...)`) reads; `undefined` once persisted.
  fastify.decorateRequest(STORAGE, {
    getter(this: FastifyRequest) {
      const request = this as FlashRequest
      return request[PERSISTED] ? undefined : storageFor(request)
    },
  })
  fastify.decorateRequest(SUCCESS, null)

  // Per route, once: only routes with `config.successMessage` get a wrapped handler.
  fastify.addHook('onRoute', wrapSuccessRoute)

  // Only for reads that may be asynchronous (Web Crypto, a custom storage): load them before the
  // handler, once the session plugins opened the session in their onRequest. With node:crypto
  // (the default) messages are read on first use and untouched requests skip this hook entirely.
  if (!readsSynchronously(config)) {
    fastify.addHook('preHandler', (request, _reply, next) => {
      const loading = storageFor(request as FlashRequest).preload()
      if (loading) loading.then(() => next(), next)
      else next()
    })
  }

  // Registered before the session plugin, so this runs before it saves the session.
  fastify.addHook('onSend', (request, reply, payload, next) => {
    const flashRequest = request as FlashRequest
    if (flashRequest[PERSISTED]) return next(null, payload)
    let stored: Promise<void> | undefined
    try {
      // A route's `config.successMessage` makes the storage here when the handler did not.
      addSuccessMessage(request, reply)
      // Under `@flash/fastify/testing` every request is recorded, untouched ones too.
      const storage = activeRecorder() ? storageFor(flashRequest) : flashRequest[SLOT]
      // Marked first: when this fails (strict mode), Fastify sends the error through onSend again;
      // and a message added after this point (in onResponse) throws instead of being lost.
      flashRequest[PERSISTED] = true
      if (storage === null) return next(null, payload)
      flashRequest[SEAM]!.replyWith(reply)
      const store = () => persist(storage, config, (details, text) => request.log.warn(details, text))
      // Only while a test imported `@flash/fastify/testing`: name this request's messages.
      stored = activeRecorder()
        ? recordForTests(storage).then((id) => {
            if (id) reply.header(RECORD_HEADER, id)
            return store()
          })
        : store()
    } catch (error) {
      // A synchronous storage failed (strict mode, a session storage without a session).
      return next(error as Error)
    }
    if (stored) stored.then(() => next(null, payload), next)
    else next(null, payload)
  })

  if (config.requiresSession) {
    fastify.addHook('onReady', (ready) => {
      ready(
        fastify.hasRequestDecorator('session')
          ? undefined
          : new FlashConfigError(
              `${PROFILE.name}: storage "session" needs a session plugin; ${PROFILE.sessionFix}`,
            ),
      )
    })
  }
}

/**
 * Whether every read of this configuration is synchronous: built-in storages over a synchronous
 * crypto provider (the session storage reads the session on first use in any case).
 */
function readsSynchronously(config: FlashConfig): boolean {
  if (typeof config.storage === 'function') return false
  return config.storage === 'session' || config.crypto.synchronous === true
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
