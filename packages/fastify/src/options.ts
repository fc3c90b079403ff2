/**
 * @module
 * The options of `@flash/fastify` and what the core needs to know about this adapter.
 */
import type { AdapterProfile, FlashOptions } from '@flash/core'
import { nodeCrypto } from '@flash/core/node'

/**
 * The options of `@flash/fastify`: the core's {@link FlashOptions}.
 *
 * @example
 * await app.register(flash, { secret: process.env.FLASH_SECRET, storage: 'cookie' })
 */
export type FlashFastifyOptions = FlashOptions

/** Names this adapter in errors; `node:crypto` by default because it is synchronous and ~7x faster. */
export const PROFILE: AdapterProfile = {
  name: '@flash/fastify',
  sessionFix:
    'register @fastify/session or @fastify/secure-session after @flash/fastify, or use storage: "cookie"',
  httpsFix: 'behind a TLS-terminating proxy pass trustProxy: true to Fastify() so it sees HTTPS',
  defaultCrypto: nodeCrypto,
}
