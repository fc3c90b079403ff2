/**
 * @module
 * The htmx and Turbo pages on Hono. `hono/csrf` checks every POST's `Origin`, htmx's and Turbo's
 * fetches included, so the forms carry no token.
 */
import { readFile } from 'node:fs/promises'
import {
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
  type FlashEnv,
  getMessages,
  info,
  renderMessageItems,
  renderMessages,
  success,
  TURBO_STREAM_TYPE,
  turboStream,
} from '@flash/hono'
import type { Context, Hono } from 'hono'

const FRAMEWORK = 'Hono'

/**
 * Add the htmx page (`/htmx`), the Turbo page (`/turbo`) and the vendored scripts to `app`.
 *
 * @example
 * liveRoutes(app)
 */
export function liveRoutes<E extends FlashEnv>(app: Hono<E>): void {
  // Rendering the list consumes the messages: each page renders it once.
  const input = (c: Context<E>) => ({
    framework: FRAMEWORK,
    messagesHtml: renderMessages(getMessages(c)),
    csrfField: '',
  })

  app.get(`${VENDOR_PREFIX}:file`, async (c) => {
    const file = VENDOR_FILES[c.req.param('file')]
    if (file === undefined) return c.notFound()
    return c.body(await readFile(file, 'utf8'), 200, { 'content-type': 'text/javascript; charset=utf-8' })
  })

  app.get('/htmx', (c) => c.html(htmxPage(input(c), htmxMajor(c.req.query('v')))))
  app.post('/htmx/save', (c) => {
    success(c, LIVE_TEXTS.saved)
    return c.redirect(`/htmx/fragment?v=${htmxMajor(c.req.query('v'))}`, 303)
  })
  app.get('/htmx/fragment', (c) => c.html(htmxFragment(`Fragment rendered at ${new Date().toISOString()}.`)))
  app.post('/htmx/update', (c) => {
    info(c, LIVE_TEXTS.updated)
    return c.html(htmxFragment('Updated.'))
  })
  app.post('/htmx/leave', (c) => {
    success(c, LIVE_TEXTS.moved)
    c.header('HX-Redirect', `/htmx?v=${htmxMajor(c.req.query('v'))}`)
    return c.body(null, 200)
  })

  app.get('/turbo', (c) =>
    c.html(
      turboPage({
        framework: FRAMEWORK,
        messagesHtml: '',
        csrfField: '',
        messageItems: renderMessageItems(getMessages(c)),
      }),
    ),
  )
  app.get('/turbo/elsewhere', (c) => c.html(turboElsewherePage(input(c))))
  app.post('/turbo/save', (c) => {
    success(c, LIVE_TEXTS.turboSaved)
    return c.redirect('/turbo', 303)
  })
  app.post('/turbo/stream', (c) => {
    success(c, LIVE_TEXTS.streamed)
    if (!c.req.header('accept')?.includes(TURBO_STREAM_TYPE)) return c.redirect('/turbo', 303)
    return c.body(turboStream(c), 200, { 'content-type': `${TURBO_STREAM_TYPE}; charset=utf-8` })
  })
}
