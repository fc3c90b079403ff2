/**
 * @module
 * The "htmx" and "Turbo" pages, the same in every demo: forms whose answers are fragments,
 * client-side redirects and Turbo Streams, to show by hand where messages go when the response is
 * not a whole page. Each app routes them to its framework and renders the message list with
 * @flash's own renderer; every form carries the app's CSRF protection (`csrfField`).
 */
import { escapeHtml } from '@flash/core'
import { ASSETS_PREFIX } from './assets.js'
import { type HtmxMajor, VENDOR_PREFIX } from './vendor.js'

/** What the htmx and Turbo forms add. */
export const LIVE_TEXTS = {
  /** hx-post answered with a redirect to a fragment. */
  saved: 'Saved, then redirected to a fragment.',
  /** hx-post answered with a fragment, no message region in it. */
  updated: 'Updated in place: this fragment has no message list.',
  /** hx-post answered with HX-Redirect. */
  moved: 'Moved on with HX-Redirect.',
  /** A boosted form (hx-boost) answered with a redirect to a page that lists messages. */
  boosted: 'Saved through a boosted form.',
  /** Turbo form POST answered with a redirect. */
  turboSaved: 'Saved through Turbo Drive.',
  /** Turbo form POST answered with a Turbo Stream. */
  streamed: 'Streamed with a Turbo Stream.',
} as const

export interface LivePageInput {
  /** e.g. `'Fastify'`. */
  readonly framework: string
  /** The message list, rendered by the app (`renderMessages`, its partial, `<Messages>`). */
  readonly messagesHtml: string
  /** The hidden CSRF field of the app's forms (`''` where the app checks `Origin` instead). */
  readonly csrfField: string
}

/** `<input type="hidden" name="_csrf" value="...">`, for apps whose forms carry a token. */
export function csrfInput(token: string): string {
  return `<input type="hidden" name="_csrf" value="${escapeHtml(token)}">`
}

/**
 * The page around `body`, with the header of the apps' own layouts. `<link rel="icon" href="data:,">`:
 * the demos have no icon, and without one the browser asks for /favicon.ico (a 404 in the console).
 */
function layout(title: string, input: LivePageInput, body: string, scripts: string): string {
  const framework = escapeHtml(input.framework)
  return (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(title)} · @flash demo on ${framework}</title>` +
    '<link rel="icon" href="data:,">' +
    `<link rel="stylesheet" href="${ASSETS_PREFIX}styles.css">${scripts}</head><body>` +
    `<header class="site"><a class="brand" href="/">@flash notes</a><span class="framework">on ${framework}</span>` +
    '<nav aria-label="Main"><a href="/">Notes</a><a href="/playground">Message playground</a>' +
    '<a href="/htmx">htmx</a><a href="/turbo">Turbo</a><a href="/api/messages">/api/messages</a></nav></header>' +
    `<main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`
  )
}

/** The htmx page (`/htmx`, `/htmx?v=2` for htmx 2). */
export function htmxPage(input: LivePageInput, major: HtmxMajor): string {
  const form = (action: string, label: string) =>
    `<form hx-post="${action}?v=${major}" hx-target="#result">${input.csrfField}<button type="submit">${escapeHtml(label)}</button></form>`
  const body =
    input.messagesHtml +
    `<p>htmx ${major} (<a href="/htmx?v=${major === '4' ? '2' : '4'}">switch</a>). Messages of fragments arrive in ` +
    'the HX-Trigger header and show as toasts.</p>' +
    form('/htmx/save', 'Save (redirects to a fragment)') +
    form('/htmx/update', 'Update in place (a fragment)') +
    form('/htmx/leave', 'Leave (HX-Redirect)') +
    // Boosted: htmx swaps the whole page and keeps its history. The message list's hx-history="false"
    // keeps a page that listed messages out of htmx's history cache, so Back asks the server again.
    `<form method="post" action="/htmx/boosted?v=${major}" hx-boost="true">${input.csrfField}` +
    '<button type="submit">Save (a boosted form)</button></form>' +
    `<p><a href="/htmx/away?v=${major}" hx-boost="true" id="away">Another page (boosted)</a></p>` +
    '<div id="result"></div><ul id="toasts" class="toasts" aria-live="polite"></ul>'
  const scripts =
    `<script src="${VENDOR_PREFIX}htmx-${major}.js"></script>` +
    `<script src="${ASSETS_PREFIX}toasts.js" defer></script>`
  return layout('htmx', input, body, scripts)
}

/** A second htmx page, reached by a boosted link, to come back to `/htmx` with the back button. */
export function htmxAwayPage(input: LivePageInput, major: HtmxMajor): string {
  const body = `${input.messagesHtml}<p><a href="/htmx?v=${major}" id="back-to-htmx">Back to htmx</a></p>`
  return layout('Away', input, body, `<script src="${VENDOR_PREFIX}htmx-${major}.js"></script>`)
}

/** The fragment the htmx forms swap in: no message list. */
export function htmxFragment(text: string): string {
  return `<p class="result">${escapeHtml(text)}</p>`
}

/**
 * The Turbo page (`/turbo`). `messageItems` are the `<li>` items (`renderMessageItems`) of a list
 * that is always there, `id="messages"`, so a Turbo Stream can append to it; `addressBar` (what
 * `addressBarCleanup` returns) follows the list. The list is not `data-turbo-temporary`, only its
 * items are: Turbo's snapshot, which Back restores, keeps the empty list for the next stream and
 * leaves the messages out.
 */
export function turboPage(input: LivePageInput & { messageItems: string; addressBar: string }): string {
  const body =
    `<ul id="messages" class="messages">${input.messageItems}</ul>${input.addressBar}` +
    '<p>Turbo Drive submits these forms with fetch. Each message is data-turbo-temporary, so the back ' +
    "button never shows it again from Turbo's cache; the list stays for the next Turbo Stream.</p>" +
    `<form method="post" action="/turbo/save">${input.csrfField}<button type="submit">Save (redirect)</button></form>` +
    `<form method="post" action="/turbo/stream">${input.csrfField}<button type="submit">Save (Turbo Stream)</button></form>` +
    '<p><a href="/turbo/elsewhere" id="elsewhere">Another page</a></p>'
  return layout('Turbo', input, body, `<script src="${VENDOR_PREFIX}turbo.js"></script>`)
}

/** A second Turbo page, to leave `/turbo` and come back with the back button. */
export function turboElsewherePage(input: LivePageInput): string {
  return layout(
    'Elsewhere',
    input,
    `${input.messagesHtml}<p><a href="/turbo">Back to Turbo</a></p>`,
    `<script src="${VENDOR_PREFIX}turbo.js"></script>`,
  )
}
