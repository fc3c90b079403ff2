/**
 * @module
 * `@flash/core/crypto` everywhere else (the `workerd`, `edge-light`, `browser` and `worker` export
 * conditions, and the default): Web Crypto and CompressionStream, no `node:` import.
 */
import type { FlashCrypto } from '../crypto/types.js'
import { webCrypto } from '../crypto/web.js'

/**
 * The fastest crypto provider of the runtime the package was resolved for. Adapters use it as
 * their default, so an app on Node, Bun or Deno never has to choose one.
 *
 * @example
 * // runtimeCrypto, from the `@flash/core/crypto` entry:
 * runtimeCrypto.name // 'node' on Node, Bun and Deno; 'web' on edge workers and in browsers
 */
export const runtimeCrypto: FlashCrypto = webCrypto
