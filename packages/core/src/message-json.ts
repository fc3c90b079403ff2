/**
 * @module
 * Messages as JSON, the one shape used everywhere a message leaves the page: the htmx
 * `HX-Trigger` header, {@link messagesJson} for fetch and single-page apps, the demos' API.
 */
import { type Carrier, storageOf } from './api.js'
import type { Message } from './message.js'

/** One message as JSON. `safe` says whether `message` is trusted HTML (marked with `markSafe`). */
export interface MessageJson {
  readonly level: number
  readonly levelTag: string
  readonly extraTags: string
  readonly tags: string
  readonly message: string
  readonly safe: boolean
}

/**
 * The JSON of one message; `extraTags` is `''` when the message has none.
 *
 * @example
 * toMessageJson(new Message(SUCCESS, 'Saved.')) // { level: 25, levelTag: 'success', extraTags: '', tags: 'success', message: 'Saved.', safe: false }
 */
export function toMessageJson(message: Message): MessageJson {
  return message.toJSON()
}

/**
 * The messages this request has not displayed, as JSON, and consumed (as if a page displayed
 * them). An empty list when there are none or no adapter runs for this carrier. Render `safe`
 * messages as HTML and the others as text.
 *
 * @example
 * app.get('/api/messages', (c) => c.json(messagesJson(c)))
 */
export function messagesJson(carrier: Carrier): MessageJson[] {
  return (storageOf(carrier)?.takeUndisplayed() ?? []).map(toMessageJson)
}
