/**
 * @module
 * `@flash/hono/jsx`: the message list as `hono/jsx`, in Django's canonical markup.
 *
 * @example
 * import { Messages } from '@flash/hono/jsx'
 * app.get('/', (c) => c.html(<main><Messages c={c} /><h1>Notes</h1></main>))
 */
import { addressBarCleanup, getMessages, isSafe, type Message, type MessageList, WARNING } from '@flash/core'
import type { Context } from 'hono'
import { raw } from 'hono/html'

export type MessagesProps = (
  | { /** The messages, e.g. `getMessages(c)`. */ messages: MessageList | readonly Message[]; c?: never }
  | { /** The context: its messages are rendered. */ c: Context; messages?: never }
) & {
  /**
   * Under `scope: 'redirect'`, the page's CSP nonce: the script that removes `_flash` from the
   * address bar is then inline. Without it, an external script (`/_flash/clean-url.js`, served by
   * `flash()`) is emitted. `undefined` is the same as none, so `c.get('secureHeadersNonce')` fits as is.
   * @default undefined
   */
  nonce?: string | undefined
}

/**
 * `<ul class="messages" data-turbo-temporary="" hx-history="false"><li class="{tags}" role="status|alert">text</li></ul>`, or nothing when
 * there are no messages. Rendering consumes the messages. Text is escaped; messages marked with
 * `markSafe` are rendered as HTML. `role="alert"` for WARNING and above, `role="status"` below.
 * The list is `data-turbo-temporary` and `hx-history="false"`, so neither Turbo's snapshot cache
 * (back button, previews) nor htmx's history cache (a boosted page's back button) shows the
 * messages again: htmx asks the server for such a page instead.
 *
 * @example
 * <Messages c={c} />
 * <Messages messages={getMessages(c)} />
 * <Messages c={c} nonce={c.get('secureHeadersNonce')} />
 */
export function Messages(props: MessagesProps) {
  const list = props.messages ?? getMessages(props.c)
  const cleanup = addressBarCleanup(list, { nonce: props.nonce })
  if (list.length === 0) return cleanup ? raw(cleanup) : null
  return (
    <>
      <ul class="messages" data-turbo-temporary="" hx-history="false">
        {[...list].map((m) => (
          <li class={m.tags || undefined} role={m.level < WARNING ? 'status' : 'alert'}>
            {isSafe(m.message) ? raw(m.message.value) : String(m)}
          </li>
        ))}
      </ul>
      {cleanup ? raw(cleanup) : null}
    </>
  )
}
