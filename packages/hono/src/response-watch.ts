/**
 * @module
 * On @hono/node-server the response can go out while flash() still awaits `next()`: a middleware
 * mounted before flash() that answers without awaiting `next()` to completion (hono's `timeout()`,
 * whose 504 `app.onError` may add a message to) makes Hono send that response at once, before
 * flash() wrote its cookie, and a handler that hangs means flash() never ends the request. Only the
 * raw Node response tells when it went out, by its `close` event. It is watched from the first
 * message added (the seam's `messageAdded`), the only thing such a response loses: a request that
 * adds nothing attaches no listener and makes nothing. Bun, Deno and edge workers expose no
 * response: nothing can be learned there, and flash() must be mounted before such middleware.
 */
import { abandonRequest, type BaseStorage, type FlashConfig, type FlashReporter } from '@flash/core'
import type { Context } from 'hono'
import { nodeResponse, sentWithoutFlash } from './raw-response.js'

/** What a report needs, made once per flash() middleware. */
export interface ResponseWatch {
  readonly config: FlashConfig
  readonly report: FlashReporter
}

/**
 * Watch the request's Node response from now on (the first message was just added to `storage`):
 * when it is sent (or was already) before flash() ended the request, abandon the request, so what
 * was added is reported with the cause and later adds are refused. Nothing on other runtimes.
 *
 * @example
 * messageAdded(storage) { watchResponse(this.#c, storage, this.#watch) }
 */
export function watchResponse(c: Context, storage: BaseStorage, { config, report }: ResponseWatch): void {
  const outgoing = nodeResponse(c)
  if (outgoing === undefined) return
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
