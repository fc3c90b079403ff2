/**
 * @module
 * The start of a request, the same on every adapter: whether its messages must be read before
 * the handler runs, or can wait for the first use.
 */
import type { FlashConfig } from './options.js'

/**
 * Whether an adapter must call `storage.preload()` before the handler: when a read may be
 * asynchronous (Web Crypto, a custom storage factory such as @flash/redis), since a template
 * iterates messages synchronously. With the built-in storages over a synchronous crypto provider
 * (node:crypto, the default on Node, Bun and Deno), and with the session storage (read from the
 * session on first use in any case), it returns `false`: messages are then read on first use, so a
 * request that carries a message cookie but never touches messages (an asset, an API call made
 * while the page loads) verifies nothing, as Django reads its storage lazily.
 *
 * @example
 * const loading = needsPreload(config) ? storage.preload() : undefined
 * if (loading) await loading
 */
export function needsPreload(config: FlashConfig): boolean {
  if (typeof config.storage === 'function') return true
  return config.storage !== 'session' && config.crypto.synchronous !== true
}
