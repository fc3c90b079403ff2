/**
 * @module
 * Django's canonical messages markup, for template engines that take an HTML string (eta,
 * nunjucks, handlebars, plain template literals):
 * `<ul class="messages"><li class="{tags}" role="...">{text}</li></ul>`.
 */
import { WARNING } from './levels.js'
import type { Message } from './message.js'
import { isSafe } from './safe.js'
import { type AddressBarOptions, addressBarCleanup } from './scope/address-bar.js'

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escape text for HTML content and quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch]!)
}

/**
 * The ARIA role for a message: `alert` (announced at once) from WARNING up, `status` below.
 *
 * @example
 * `<li role="${messageRole(m)}">`
 */
export function messageRole(message: Message): 'alert' | 'status' {
  return message.level >= WARNING ? 'alert' : 'status'
}

/** The `<li>` items, each with `attributes` after its class and role. */
function listItems(messages: Iterable<Message>, attributes: string): string {
  let items = ''
  for (const m of messages) {
    const text = isSafe(m.message) ? String(m.message) : escapeHtml(String(m.message))
    const tags = m.tags ? ` class="${escapeHtml(m.tags)}"` : ''
    items += `<li${tags} role="${messageRole(m)}"${attributes}>${text}</li>`
  }
  return items
}

/**
 * The `<li class="{tags}" role="..." data-turbo-temporary>{text}</li>` items, for a list that is
 * always on the page, such as the target of a Turbo Stream (`<ul id="messages" class="messages">`).
 * Each item is `data-turbo-temporary`, not the list: Turbo's snapshot (back button, previews)
 * keeps the empty list, so a Turbo Stream sent to a page restored by Back has somewhere to go,
 * and leaves the messages out. Iterating consumes the messages. Text is escaped unless it was
 * marked with `markSafe`. Under `scope: 'redirect'`, add {@link addressBarCleanup} after the list
 * (as {@link renderMessages} does), so `_flash` leaves the address bar.
 *
 * @example
 * const messages = getMessages(request)
 * `<ul id="messages" class="messages">${renderMessageItems(messages)}</ul>${addressBarCleanup(messages)}`
 */
export function renderMessageItems(messages: Iterable<Message>): string {
  return listItems(messages, ' data-turbo-temporary')
}

/**
 * Render messages as Django's canonical list, or `''` when there are none. Iterating consumes
 * the messages, as a Django template does. Text is escaped unless it was marked with `markSafe`.
 * The list is marked `data-turbo-temporary` and `hx-history="false"`, so neither Turbo's snapshot
 * cache (back button, previews) nor htmx's history cache (a boosted page's back button) shows the
 * messages again: htmx asks the server for such a page instead. (A list that must stay on the page,
 * the target of a Turbo Stream, is built with {@link renderMessageItems}.) Under `scope: 'redirect'`,
 * on a page whose URL carries `_flash`, the script that removes it from the address bar follows
 * the list (inline with `options.nonce`, else external: see {@link addressBarCleanup}).
 *
 * @example
 * // eta: <%~ it.renderMessages(it.messages) %>
 * renderMessages(getMessages(request))
 * renderMessages(getMessages(request), { nonce: reply.cspNonce.script })
 */
export function renderMessages(messages: Iterable<Message>, options?: AddressBarOptions): string {
  const items = listItems(messages, '')
  const list = items ? `<ul class="messages" data-turbo-temporary hx-history="false">${items}</ul>` : ''
  return list + addressBarCleanup(messages, options)
}
