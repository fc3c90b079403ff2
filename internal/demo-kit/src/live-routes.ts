/**
 * @module
 * The htmx and Turbo pages' routes, once for every demo: each route reads what it needs through a
 * {@link LiveExchange} and answers with a {@link LiveReply}, and each demo's `live.ts` is only the
 * table of its framework's calls (mount a route, read a query parameter, send a reply).
 */
import { readFile } from 'node:fs/promises'
import {
  addressBarCleanup,
  getMessages,
  info,
  renderMessageItems,
  renderMessages,
  success,
  TURBO_STREAM_TYPE,
  turboStream,
} from '@flash/core'
import {
  htmxAwayPage,
  htmxFragment,
  htmxPage,
  LIVE_TEXTS,
  type LivePageInput,
  turboElsewherePage,
  turboPage,
} from './live-pages.js'
import { htmxMajor, VENDOR_FILES, VENDOR_PREFIX } from './vendor.js'

/** One request as a live route reads it. */
export interface LiveExchange {
  /** What the @flash API takes: the request (Fastify, Express), `ctx` (Koa) or `c` (Hono). */
  readonly carrier: object
  /** The demo's name on the page, e.g. `'Koa'`. */
  readonly framework: string
  param(name: string): string | undefined
  query(name: string): unknown
  header(name: string): string | undefined
  /** The hidden CSRF field of the demo's forms, or `''` where its check needs none. */
  csrfField(): string
}

/** What a live route answers; the demo sends it with its framework's calls. */
export type LiveReply =
  | {
      readonly kind: 'body'
      readonly type: string
      readonly body: string
      readonly headers?: Record<string, string>
    }
  /** 303 See Other: POST/redirect/GET. */
  | { readonly kind: 'see-other'; readonly url: string }
  | { readonly kind: 'not-found' }

export interface LiveRoute {
  readonly method: 'get' | 'post'
  /** With `:name` parameters, which every demo's router reads the same way. */
  readonly path: string
  handle(x: LiveExchange): LiveReply | Promise<LiveReply>
}

const HTML = 'text/html; charset=utf-8'
const html = (body: string): LiveReply => ({ kind: 'body', type: HTML, body })
const seeOther = (url: string): LiveReply => ({ kind: 'see-other', url })

/** Rendering the list consumes the messages: each page renders it once. */
function pageInput(x: LiveExchange, messagesHtml = renderMessages(getMessages(x.carrier))): LivePageInput {
  return { framework: x.framework, messagesHtml, csrfField: x.csrfField() }
}

/**
 * The htmx page (`/htmx`), the Turbo page (`/turbo`) and the vendored scripts.
 *
 * @example
 * for (const route of LIVE_ROUTES) router[route.method](route.path, (ctx) => send(ctx, route.handle(exchange(ctx))))
 */
export const LIVE_ROUTES: readonly LiveRoute[] = [
  {
    method: 'get',
    path: `${VENDOR_PREFIX}:file`,
    async handle(x) {
      const file = VENDOR_FILES[x.param('file') ?? '']
      if (file === undefined) return { kind: 'not-found' }
      return { kind: 'body', type: 'text/javascript; charset=utf-8', body: await readFile(file, 'utf8') }
    },
  },
  { method: 'get', path: '/htmx', handle: (x) => html(htmxPage(pageInput(x), htmxMajor(x.query('v')))) },
  {
    method: 'post',
    path: '/htmx/save',
    handle(x) {
      success(x.carrier, LIVE_TEXTS.saved)
      return seeOther(`/htmx/fragment?v=${htmxMajor(x.query('v'))}`)
    },
  },
  {
    method: 'get',
    path: '/htmx/fragment',
    handle: () => html(htmxFragment(`Fragment rendered at ${new Date().toISOString()}.`)),
  },
  {
    method: 'post',
    path: '/htmx/update',
    handle(x) {
      info(x.carrier, LIVE_TEXTS.updated)
      return html(htmxFragment('Updated.'))
    },
  },
  {
    method: 'post',
    path: '/htmx/leave',
    handle(x) {
      success(x.carrier, LIVE_TEXTS.moved)
      const headers = { 'HX-Redirect': `/htmx?v=${htmxMajor(x.query('v'))}` }
      return { kind: 'body', type: 'text/plain; charset=utf-8', body: '', headers }
    },
  },
  {
    method: 'post',
    path: '/htmx/boosted',
    handle(x) {
      success(x.carrier, LIVE_TEXTS.boosted)
      return seeOther(`/htmx?v=${htmxMajor(x.query('v'))}`)
    },
  },
  {
    method: 'get',
    path: '/htmx/away',
    handle: (x) => html(htmxAwayPage(pageInput(x), htmxMajor(x.query('v')))),
  },
  {
    method: 'get',
    path: '/turbo',
    handle(x) {
      // The page writes the list itself, so it adds what renderMessages adds after one: under
      // scope 'redirect', the script that takes _flash out of the address bar.
      const messages = getMessages(x.carrier)
      const messageItems = renderMessageItems(messages)
      return html(turboPage({ ...pageInput(x, ''), messageItems, addressBar: addressBarCleanup(messages) }))
    },
  },
  { method: 'get', path: '/turbo/elsewhere', handle: (x) => html(turboElsewherePage(pageInput(x))) },
  {
    method: 'post',
    path: '/turbo/save',
    handle(x) {
      success(x.carrier, LIVE_TEXTS.turboSaved)
      return seeOther('/turbo')
    },
  },
  {
    method: 'post',
    path: '/turbo/stream',
    handle(x) {
      success(x.carrier, LIVE_TEXTS.streamed)
      if (!x.header('accept')?.includes(TURBO_STREAM_TYPE)) return seeOther('/turbo')
      return { kind: 'body', type: `${TURBO_STREAM_TYPE}; charset=utf-8`, body: turboStream(x.carrier) }
    },
  },
]
