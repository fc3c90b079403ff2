/**
 * @module
 * Turbo Streams: a form submission answered with `text/vnd.turbo-stream.html` (its `Accept`
 * includes that type) is not a page, so the messages go in a `<turbo-stream>` that Turbo applies
 * to the page the person is looking at.
 */
import { type Carrier, storageOf } from './api.js'
import { escapeHtml, renderMessageItems } from './html.js'

/** Where the stream puts the messages. */
export interface TurboStreamOptions {
  /** The `id` of the element the messages go into, e.g. `<ul id="messages" class="messages">`. @default 'messages' */
  target?: string | undefined
  /** The Turbo Stream action (`append`, `prepend`, `replace`, `update`, ...). @default 'append' */
  action?: string | undefined
}

/** The media type of a Turbo Stream response. */
export const TURBO_STREAM_TYPE = 'text/vnd.turbo-stream.html'

/**
 * `<turbo-stream action="append" target="messages"><template>…</template></turbo-stream>` with the
 * messages this request has not displayed, as the `<li data-turbo-temporary>` items of
 * {@link renderMessageItems} (escaped as every renderer escapes them, and left out of Turbo's
 * snapshot), and consumed. `''` when there are none. The target list itself must not be
 * `data-turbo-temporary`: a page restored by Back would have no list to append to.
 *
 * @example
 * if (request.headers.accept?.includes(TURBO_STREAM_TYPE)) {
 *   success(request, 'Note saved.')
 *   return reply.type(TURBO_STREAM_TYPE).send(turboStream(request) + notesStream)
 * }
 */
export function turboStream(
  carrier: Carrier,
  { target = 'messages', action = 'append' }: TurboStreamOptions = {},
): string {
  const messages = storageOf(carrier)?.takeUndisplayed() ?? []
  if (messages.length === 0) return ''
  return (
    `<turbo-stream action="${escapeHtml(action)}" target="${escapeHtml(target)}">` +
    `<template>${renderMessageItems(messages)}</template></turbo-stream>`
  )
}
