/**
 * @module
 * Builds the configured storage for one request.
 */
import type { FlashConfig } from '../options.js'
import { RequestScope } from '../scope/request-scope.js'
import type { FlashSeam } from '../seam.js'
import type { BaseStorage } from './base.js'
import { isStorageLike, notAStorage } from './contract.js'
import { CookieStorage } from './cookie.js'
import { FallbackStorage } from './fallback.js'
import { SessionStorage } from './session.js'

/**
 * The storage `config.storage` names, bound to this request's seam. `carrier` (the framework
 * request or context) is handed to a custom storage factory as is.
 *
 * @example
 * request.messages = createStorage(config, new FastifySeam(request), request)
 */
export function createStorage(config: FlashConfig, seam: FlashSeam, carrier?: unknown): BaseStorage {
  const storage = build(config, seam, carrier)
  if (config.dedupe) storage.dedupe = true
  // Decided here for every storage, custom ones too; the headers are read only on a read that
  // could show a message, so an untouched request still reads none.
  storage.hideFromPrefetch(seam)
  // A storage built on another copy of @flash/core (an older one) may not have it: it goes unwatched.
  if (seam.messageAdded && typeof storage.watchFirstAdd === 'function')
    storage.watchFirstAdd(seam as Required<Pick<FlashSeam, 'messageAdded'>>)
  // A custom factory may have set `scope = null`: this request keeps scope 'none'.
  if (config.scope === 'redirect' && storage.scope === undefined)
    storage.scope = new RequestScope(config, seam)
  return storage
}

function build(config: FlashConfig, seam: FlashSeam, carrier: unknown): BaseStorage {
  switch (config.storage) {
    case 'fallback':
      return new FallbackStorage(seam, config)
    case 'cookie':
      return new CookieStorage(seam, config)
    case 'session':
      return new SessionStorage(seam, config)
    default: {
      // Typed, but JavaScript (or a cast) can return anything: say so here, not as a TypeError later.
      const built: unknown = config.storage(seam, config, carrier)
      if (!isStorageLike(built)) throw notAStorage(built, config.adapter.name)
      // A storage built on another copy of @flash/core (an older one) may not have it.
      if (typeof built.useDefaults === 'function') built.useDefaults(config)
      return built
    }
  }
}
