/** @jsxRuntime automatic */
/** @jsxImportSource hono/jsx */
/**
 * @module
 * Notes with a message playground, on Hono: `hono/jsx` pages, `@hono/node-server`, a small
 * in-memory session, `hono/csrf` and `@flash/hono`.
 */
import {
  ASSETS_DIR,
  ASSETS_PREFIX,
  addPlaygroundMessages,
  DEMO_TAGS,
  DEMO_USER_COOKIE,
  demoUserId,
  field,
  NOTE_MISSING,
  NoteStore,
  noteCreatedMessage,
  noteDeleted,
  notesView,
  offeredStorages,
  type PlaygroundValues,
  parseNoteForm,
  parsePlaygroundForm,
  playgroundView,
  queueBackgroundMessage,
  SCOPE_COOKIE,
  SCOPE_NAMES,
  STORAGE_COOKIE,
  STORAGE_COOKIE_OPTIONS,
  switchableStorage,
  UNKNOWN_SCOPE,
  UNKNOWN_STORAGE,
} from '@flash/demo-kit'
import { error, type FlashEnv, flash, messagesJson, success, warning, withSuccessMessage } from '@flash/hono'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { type Context, Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { csrf } from 'hono/csrf'
import { liveRoutes } from './live.js'
import { memorySession, type SessionEnv } from './session.js'
import { NotesPage, PlaygroundPage } from './views.js'

export interface DemoOptions {
  /** The signing secret of the message cookie. */
  secret: string
  /** Where warnings go (e.g. messages that could not be stored). @default console.warn */
  log?: (text: string) => void
}

type Env = FlashEnv & SessionEnv

/**
 * Build the app (not listening).
 *
 * @example
 * const app = createApp({ secret: process.env.FLASH_SECRET! })
 * serve({ fetch: app.fetch, port: 3003 })
 */
export function createApp({ secret, log = console.warn }: DemoOptions): Hono<Env> {
  const notes = new NoteStore()
  const app = new Hono<Env>()

  app.use(
    `${ASSETS_PREFIX}*`,
    serveStatic({ root: ASSETS_DIR, rewriteRequestPath: (path) => path.slice(ASSETS_PREFIX.length) }),
  )
  // Pages show one-time messages: the back button must fetch them again, never from a cache.
  app.use(async (c, next) => {
    await next()
    if (!c.req.path.startsWith(ASSETS_PREFIX)) c.header('cache-control', 'no-store')
  })
  // A form POST is served only when the browser says it comes from this origin (Origin or
  // Sec-Fetch-Site): any other site's form is refused with 403 before a handler adds or stores anything.
  app.use(csrf())
  // Before flash(), which then finds it at c.get('session').
  app.use(memorySession())
  app.use(
    flash({
      secret,
      storage: switchableStorage,
      tags: DEMO_TAGS,
      htmx: true,
      scope: 'redirect',
      logger: (text) => log(text),
    }),
  )

  const notesPage = (c: Context<Env>, form?: { title: string; invalid: boolean }, status: 200 | 422 = 200) =>
    c.html(<NotesPage c={c} view={notesView(notes.list(), form)} />, status)

  app.get('/', (c) => notesPage(c))

  // The success message is added only when the handler succeeded (a 2xx or 3xx response).
  app.post(
    '/notes',
    withSuccessMessage(noteCreatedMessage, async (c: Context<Env>) => {
      const form = parseNoteForm(await c.req.parseBody())
      if (!form.ok) {
        // Added and displayed by this same response: it is not shown again.
        error(c, form.error)
        return notesPage(c, { title: form.title, invalid: true }, 422)
      }
      notes.create(form.title)
      return c.redirect('/', 303)
    }),
  )

  app.post('/notes/:id/delete', (c) => {
    const note = notes.delete(c.req.param('id'))
    if (note) success(c, noteDeleted(note))
    else warning(c, NOTE_MISSING)
    return c.redirect('/', 303)
  })

  const playground = (c: Context<Env>, values?: PlaygroundValues, status: 200 | 422 = 200) =>
    c.html(<PlaygroundPage c={c} view={playgroundView(c.var.messages, values)} />, status)

  app.get('/playground', (c) => playground(c))

  app.post('/playground', async (c) => {
    const form = parsePlaygroundForm(await c.req.parseBody())
    if (!form.ok) {
      for (const text of form.errors) error(c, text)
      return playground(c, form.values, 422)
    }
    addPlaygroundMessages(c, form.request)
    return c.redirect('/playground', 303)
  })

  app.post('/playground/scope', async (c) => {
    const wanted = field(await c.req.parseBody(), 'scope')
    const choice = SCOPE_NAMES.find((name) => name === wanted)
    if (!choice) {
      error(c, UNKNOWN_SCOPE)
      return playground(c, undefined, 422)
    }
    setCookie(c, SCOPE_COOKIE, choice, { ...STORAGE_COOKIE_OPTIONS, sameSite: 'Lax' })
    return c.redirect('/playground', 303)
  })

  app.post('/playground/storage', async (c) => {
    const wanted = field(await c.req.parseBody(), 'storage')
    const choice = offeredStorages().find((name) => name === wanted)
    if (!choice) {
      error(c, UNKNOWN_STORAGE)
      return playground(c, undefined, 422)
    }
    setCookie(c, STORAGE_COOKIE, choice, { ...STORAGE_COOKIE_OPTIONS, sameSite: 'Lax' })
    return c.redirect('/playground', 303)
  })

  // Redis only: a job sends this visitor a message two seconds from now, outside any request.
  app.post('/playground/job', (c) => {
    const user = demoUserId(getCookie(c, DEMO_USER_COOKIE))
    setCookie(c, DEMO_USER_COOKIE, user, { ...STORAGE_COOKIE_OPTIONS, sameSite: 'Lax' })
    if (!queueBackgroundMessage(user))
      error(c, 'Background jobs need Redis: start the demo with REDIS_URL set.')
    return c.redirect('/playground', 303)
  })

  // For single-page apps: the pending messages as JSON; reading them consumes them.
  app.get('/api/messages', (c) => c.json({ messages: messagesJson(c) }))

  liveRoutes(app)

  return app
}

/**
 * Build the app and listen on `port` of `host` with `@hono/node-server`.
 *
 * @example
 * const { url } = await startDemo({ secret, port: 3003 })
 */
export async function startDemo(
  options: DemoOptions & { port: number; host?: string },
): Promise<{ url: string; close(): Promise<void> }> {
  const app = createApp(options)
  const hostname = options.host ?? '127.0.0.1'
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>(
    (resolve, reject) => {
      const server = serve({ fetch: app.fetch, port: options.port, hostname }, (info) =>
        resolve({ server, port: info.port }),
      )
      server.once('error', reject)
    },
  )
  return {
    url: `http://${hostname}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        if ('closeAllConnections' in server) server.closeAllConnections()
      }),
  }
}
