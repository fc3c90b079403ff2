/**
 * @module
 * `@flash/hono/node`: the synchronous `node:crypto` signer for apps that run Hono on Node, kept
 * out of the main entry so that entry still runs on every runtime (Workers, Deno, Bun, edge).
 *
 * @example
 * import { nodeCrypto } from '@flash/hono/node'
 * app.use(flash({ secret, crypto: nodeCrypto }))
 */
export { nodeCrypto } from '@flash/core/node'
