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
}
