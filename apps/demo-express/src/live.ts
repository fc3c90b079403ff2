/**
 * @module
 * The htmx and Turbo pages on Express. The demo's cross-origin protection reads every POST's
 * `Sec-Fetch-Site`/`Origin`, htmx's and Turbo's fetches included, so the forms carry no token.
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
  getMessages,
  info,
  renderMessageItems,
  renderMessages,
  success,
  TURBO_STREAM_TYPE,
  turboStream,
} from '@flash/express'
import type { Express, Request } from 'express'

const FRAMEWORK = 'Express'

/**
 * Add the htmx page (`/htmx`), the Turbo page (`/turbo`) and the vendored scripts to `app`.
 *
 * @example
 * liveRoutes(app)
 */
export function liveRoutes(app: Express): void {
  // Rendering the list consumes the messages: each page renders it once.
  const input = (req: Request, messagesHtml = renderMessages(getMessages(req))) => ({
    framework: FRAMEWORK,
    messagesHtml,
    csrfField: '',
  })
  const major = (req: Request) => htmxMajor(req.query['v'])

  app.get(`${VENDOR_PREFIX}:file`, async (req, res, next) => {
    const file = VENDOR_FILES[req.params['file'] ?? '']
    if (file === undefined) return next()
    res.type('text/javascript; charset=utf-8').send(await readFile(file, 'utf8'))
  })

  app.get('/htmx', (req, res) => {
    res.type('html').send(htmxPage(input(req), major(req)))
  })
  app.post('/htmx/save', (req, res) => {
    success(req, LIVE_TEXTS.saved)
    res.redirect(303, `/htmx/fragment?v=${major(req)}`)
  })
  app.get('/htmx/fragment', (_req, res) => {
    res.type('html').send(htmxFragment(`Fragment rendered at ${new Date().toISOString()}.`))
  })
  app.post('/htmx/update', (req, res) => {
    info(req, LIVE_TEXTS.updated)
    res.type('html').send(htmxFragment('Updated.'))
  })
  app.post('/htmx/leave', (req, res) => {
    success(req, LIVE_TEXTS.moved)
    res.set('HX-Redirect', `/htmx?v=${major(req)}`).send('')
  })

  app.get('/turbo', (req, res) => {
    res
      .type('html')
      .send(turboPage({ ...input(req, ''), messageItems: renderMessageItems(getMessages(req)) }))
  })
  app.get('/turbo/elsewhere', (req, res) => {
    res.type('html').send(turboElsewherePage(input(req)))
  })
  app.post('/turbo/save', (req, res) => {
    success(req, LIVE_TEXTS.turboSaved)
    res.redirect(303, '/turbo')
  })
  app.post('/turbo/stream', (req, res) => {
    success(req, LIVE_TEXTS.streamed)
    if (!req.get('accept')?.includes(TURBO_STREAM_TYPE)) return res.redirect(303, '/turbo')
    res.type(`${TURBO_STREAM_TYPE}; charset=utf-8`).send(turboStream(req))
  })
}
