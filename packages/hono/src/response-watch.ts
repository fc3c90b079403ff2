/**
 * @module
 * On @hono/node-server the response can go out while flash() still awaits `next()`: a middleware
 * mounted before flash() that answers without awaiting `next()` to completion (hono's `timeout()`,
 * whose 504 `app.onError` may add a message to) makes Hono send that response at once, before
 * flash() wrote its cookie, and a handler that hangs means flash() never ends the request. Only the
 * raw Node response tells when it went out, by its `close` event. It is watched from the first
 * message added, the only thing such a response loses: an untouched request attaches no listener
 * (node-server keeps its own synchronous responses free of them). Bun, Deno and edge workers expose
 * no response: nothing can be learned there, and flash() must be mounted before such middleware.
 */
import { abandonRequest, type BaseStorage, type FlashConfig, type FlashReporter } from '@flash/core'
import type { Context } from 'hono'
import { nodeResponse, sentWithoutFlash } from './raw-response.js'

/**
 * From the first message added to `storage`, watch the request's Node response: when it is sent
 * (or was already) before flash() ended the request, abandon the request, so what was added is
 * reported through `report` with the cause and later adds are refused. Nothing on other runtimes.
 *
 * @example
 * const storage = createStorage(config, seam, c)
 * watchFirstAdd(c, storage, config, report)
 */
export function watchFirstAdd(
  c: Context,
  storage: BaseStorage,
  config: FlashConfig,
  report: FlashReporter,
): void {
  const outgoing = nodeResponse(c)
  if (outgoing === undefined) return
  const add = storage.add
  // The storage's own `add` again after this first call, so later adds cost nothing more.
  storage.add = (...args) => {
    storage.add = add
    add.apply(storage, args)
    // Made here, not per request: the listener of a request that added something.
    const abandonIfSent = (): boolean => {
      // Ended by flash() (its cookie went out), or abandoned already.
      if (storage.closed) return true
      const why = sentWithoutFlash(c, outgoing)
      if (why === undefined) return false
      abandonRequest(storage, config, report, why)
      return true
    }
    // Already gone (the handler settled after a timeout and adds): this message is reported too.
    if (!abandonIfSent()) outgoing.on('close', abandonIfSent)
  }
}
