/**
 * @module
 * `@flash/core/crypto` where `node:crypto` exists (the `node`, `bun` and `deno` export conditions):
 * the synchronous provider, several times faster than Web Crypto there.
 */
import type { FlashCrypto } from '../crypto/types.js'
import { nodeCrypto } from '../node.js'

/**
 * The fastest crypto provider of the runtime the package was resolved for. Adapters use it as
 * their default, so an app on Node, Bun or Deno never has to choose one.
 *
 * @example
 * // runtimeCrypto, from the `@flash/core/crypto` entry:
 * runtimeCrypto.name // 'node' on Node, Bun and Deno; 'web' on edge workers and in browsers
 */
export const runtimeCrypto: FlashCrypto = nodeCrypto
