/**
 * @module
 * The options of `@flash/fastify` and what the core needs to know about this adapter.
 */
import type { AdapterProfile, FlashOptions } from '@flash/core'
import { nodeCrypto } from '@flash/core/node'
import type { FastifyRequest } from 'fastify'

/**
 * The options of `@flash/fastify`: the core's {@link FlashOptions}, whose storage factory receives
 * the `FastifyRequest`.
 *
 * @example
 * await app.register(flash, { secret: process.env.FLASH_SECRET, storage: 'cookie' })
 * await app.register(flash, { secret, storage: (seam, config, request) => new MyStorage(seam, config, request.session?.userId) })
 */
export type FlashFastifyOptions = FlashOptions<FastifyRequest>

/** Names this adapter in errors; `node:crypto` by default because it is synchronous and ~7x faster. */
export const PROFILE: AdapterProfile = {
  name: '@flash/fastify',
  sessionFix:
    'register @fastify/session or @fastify/secure-session after @flash/fastify, or use storage: "cookie"',
  httpsFix: 'behind a TLS-terminating proxy pass trustProxy: true to Fastify() so it sees HTTPS',
  defaultCrypto: nodeCrypto,
  // Either session plugin may follow this one, so the names of both are refused.
  reservedSessionKeys: [
    {
      // @fastify/session 11 (lib/session.js) keeps values as properties of the session itself:
      // messages would replace its `cookie`, a method (`get`, `save`...) or hit a getter without setter.
      owner: "@fastify/session's request.session",
      keys: [
        'cookie',
        'sessionId',
        'encryptedSessionId',
        'get',
        'set',
        'touch',
        'regenerate',
        'destroy',
        'reload',
        'save',
        'options',
        'isModified',
        'isSaved',
      ],
    },
    // @fastify/secure-session 8 keeps its expiry timestamp among the values, and drops it from data().
    { owner: "@fastify/secure-session's session data (its timestamp)", keys: ['__ts'] },
  ],
}
