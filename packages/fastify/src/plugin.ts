/**
 * @module
 * The Fastify plugin: one storage per request, loaded before the handler, persisted in `onSend`
 * after the payload was rendered.
 */
import {
  activeRecorder,
  attachStorage,
  type BaseStorage,
  createStorage,
  type FlashConfig,
  FlashConfigError,
  persist,
  RECORD_HEADER,
  recordForTests,
  resolveOptions,
  STORAGE,
  storageOf,
} from '@flash/core'
import type { FastifyInstance, FastifyPluginAsync } from 'fastify'
import fp from 'fastify-plugin'
import { type FlashFastifyOptions, PROFILE } from './options.js'
import { FastifySeam } from './seam.js'
import { addSuccessMessage, SUCCESS, wrapSuccessRoute } from './success-message.js'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * This request's messages (Django's `request._messages`): iterate to display them. Set in
     * `onRequest`; `null` only on a request answered by a hook that ran before it.
     */
    messages: BaseStorage
  }
}

const flashPlugin: FastifyPluginAsync<FlashFastifyOptions> = async (fastify, options) => {
  const config = resolveOptions(options, PROFILE)
  checkSessionOrder(fastify, config)
  for (const warning of config.warnings) fastify.log.warn(warning)

  fastify.decorateRequest('messages', null as unknown as BaseStorage)
  fastify.decorateRequest(STORAGE, null)
  fastify.decorateRequest(SUCCESS, null)

  // Per route, once: only routes with `config.successMessage` get a wrapped handler.
  fastify.addHook('onRoute', wrapSuccessRoute)

  fastify.addHook('onRequest', (request, reply, next) => {
    const storage = createStorage(config, new FastifySeam(request, reply))
    request.messages = storage
    attachStorage(request, storage)
    next()
  })

  // Session plugins open the session in their own onRequest, so the session is there by now.
  fastify.addHook('preHandler', (request, _reply, next) => {
    const loading = storageOf(request)?.preload()
    if (loading) loading.then(() => next(), next)
    else next()
  })

  // Registered before the session plugin, so this runs before it saves the session.
  fastify.addHook('onSend', (request, reply, payload, next) => {
    const storage = storageOf(request)
    if (!storage) return next(null, payload)
    try {
      addSuccessMessage(request, reply)
    } catch (error) {
      return next(error as Error)
    }
    // Detached first: when this fails (strict mode), Fastify sends the error through onSend again.
    attachStorage(request, undefined)
    const store = () => persist(storage, config, (details, text) => request.log.warn(details, text))
    // Only while a test imported `@flash/fastify/testing`: name this request's messages.
    let stored: Promise<void> | undefined
    try {
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
