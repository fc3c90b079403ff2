/**
 * @module
 * The htmx and Turbo pages on Koa. Every form carries koa-csrf's token (`ctx.state._csrf`) in its
 * hidden field; htmx and Turbo submit the form's fields, so the app's CSRF check holds.
 */
import { readFile } from 'node:fs/promises'
import {
  csrfInput,
  htmxFragment,
  htmxMajor,
  htmxPage,
  LIVE_TEXTS,
  turboElsewherePage,
  turboPage,
  VENDOR_FILES,
  VENDOR_PREFIX,
} from '@flash/demo-kit'
import {
  getMessages,
  info,
  renderMessageItems,
  renderMessages,
  success,
  TURBO_STREAM_TYPE,
  turboStream,
} from '@flash/koa'
import type Router from '@koa/router'
import type { Context } from 'koa'

const FRAMEWORK = 'Koa'

/** POST/redirect/GET with 303 See Other. */
function seeOther(ctx: Context, url: string): void {
  ctx.redirect(url)
  ctx.status = 303
}

/**
 * Add the htmx page (`/htmx`), the Turbo page (`/turbo`) and the vendored scripts to `router`.
 *
 * @example
 * liveRoutes(router)
 */
export function liveRoutes(router: Router): void {
  // Rendering the list consumes the messages: each page renders it once.
  const input = (ctx: Context, messagesHtml = renderMessages(getMessages(ctx))) => ({
    framework: FRAMEWORK,
    messagesHtml,
    csrfField: csrfInput(String(ctx.state._csrf)),
  })
  const html = (ctx: Context, body: string) => {
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = body
  }
  const major = (ctx: Context) => htmxMajor(ctx.query.v)

  router.get(`${VENDOR_PREFIX}:file`, async (ctx) => {
    const file = VENDOR_FILES[ctx.params.file!]
    if (file === undefined) return
    ctx.type = 'text/javascript; charset=utf-8'
    ctx.body = await readFile(file, 'utf8')
  })

  router.get('/htmx', (ctx) => html(ctx, htmxPage(input(ctx), major(ctx))))
  router.post('/htmx/save', (ctx) => {
    success(ctx, LIVE_TEXTS.saved)
    seeOther(ctx, `/htmx/fragment?v=${major(ctx)}`)
  })
  router.get('/htmx/fragment', (ctx) =>
    html(ctx, htmxFragment(`Fragment rendered at ${new Date().toISOString()}.`)),
  )
  router.post('/htmx/update', (ctx) => {
    info(ctx, LIVE_TEXTS.updated)
    html(ctx, htmxFragment('Updated.'))
  })
  router.post('/htmx/leave', (ctx) => {
    success(ctx, LIVE_TEXTS.moved)
    ctx.set('HX-Redirect', `/htmx?v=${major(ctx)}`)
    ctx.body = ''
  })

  router.get('/turbo', (ctx) =>
    html(ctx, turboPage({ ...input(ctx, ''), messageItems: renderMessageItems(getMessages(ctx)) })),
  )
  router.get('/turbo/elsewhere', (ctx) => html(ctx, turboElsewherePage(input(ctx))))
  router.post('/turbo/save', (ctx) => {
    success(ctx, LIVE_TEXTS.turboSaved)
    seeOther(ctx, '/turbo')
  })
  router.post('/turbo/stream', (ctx) => {
    success(ctx, LIVE_TEXTS.streamed)
    if (!ctx.get('accept').includes(TURBO_STREAM_TYPE)) return seeOther(ctx, '/turbo')
    ctx.type = `${TURBO_STREAM_TYPE}; charset=utf-8`
    ctx.body = turboStream(ctx)
  })
}
