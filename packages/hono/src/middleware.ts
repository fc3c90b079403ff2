/**
 * @module
 * `flash()`: the Hono middleware. Options are validated once; per request it builds the storage
 * on a seam of `hono/cookie` and the session, and persists after the response was rendered.
 */
import {
  type AdapterProfile,
  activeRecorder,
  attachStorage,
  type BaseStorage,
  type CookieAttributes,
  createStorage,
  FlashConfigError,
  type FlashSeam,
  MessagesNotStoredError,
  persist,
  RECORD_HEADER,
  recordForTests,
  resolveOptions,
  type SessionAccess,
} from '@flash/core'
import type { Context, MiddlewareHandler } from 'hono'
import { createMiddleware } from 'hono/factory'
import { appendCookie, checkCookie, readCookie } from './cookies.js'
import { sessionOpener } from './session.js'
import type { FlashEnv, FlashLogger, HonoFlashOptions } from './types.js'

const PROFILE: AdapterProfile = {
  name: '@flash/hono',
  sessionFix:
    'register a session middleware before flash() (e.g. hono-sessions: app.use(sessionMiddleware(...))), ' +
    'pass flash({ session: (c) => ... }) to say where the session is, or use storage: "cookie"',
}

/**
 * The flash messages middleware. Register it after your session middleware, if any.
 *
 * @example
 * const app = new Hono<FlashEnv>()
 * app.use(flash({ secret: env.FLASH_SECRET }))
 * app.post('/notes', (c) => { success(c, 'Note saved.'); return c.redirect('/') })
 */
export function flash(options: HonoFlashOptions): MiddlewareHandler<FlashEnv> {
  if (options === null || typeof options !== 'object') resolveOptions(options, PROFILE)
  const { session, logger = warn, ...coreOptions } = options
  if (session !== undefined && typeof session !== 'function') {
    throw new FlashConfigError(
      `${PROFILE.name}: option "session" must be a function (c) => session | undefined`,
    )
  }
  if (typeof logger !== 'function') {
    throw new FlashConfigError(`${PROFILE.name}: option "logger" must be a function (text, details) => void`)
  }
  const config = resolveOptions(coreOptions, PROFILE)
  checkCookie(PROFILE.name, config.cookieName, config.cookieAttributes)
  for (const warning of config.warnings) logger(warning)
  const report = (details: Parameters<FlashLogger>[1], text: string) => logger(text, details)

  // One late-add refusal per middleware, assigned to each storage after persist: no closure per request.
  const lateAdd = refuseLateAdd(config.strict, logger)

  return createMiddleware<FlashEnv>(async (c, next) => {
    const seam = new HonoSeam(c, session)
    const storage = createStorage(config, seam, c)
    c.set('messages', storage)
    attachStorage(c, storage)
    const loading = storage.preload()
    if (loading) await loading
    await next()
    // Only while a test imported @flash/hono/testing: name this request's messages in a header.
    // Recording must not change what the app does: a storage that cannot be read here (no
    // session) fails in persist below if, and only if, it fails in production.
    if (activeRecorder()) {
      const id = await recordForTests(storage).catch(() => undefined)
      if (id) c.header(RECORD_HEADER, id)
    }
    // Hono hands the Response to the server only after this returns, so Set-Cookie still goes
    // out, even for a streamed body. What a stream callback does with messages comes too late.
    const saving = persist(storage, config, report)
    if (saving) await saving
    storage.add = lateAdd
  })
}

/** `console.warn`, looked up per call so a console patched later (tests, log shippers) is used. */
const warn: FlashLogger = (text, details) => (details ? console.warn(text, details) : console.warn(text))

/** After persist, a message added (e.g. inside a stream callback) cannot be stored: say so. */
function refuseLateAdd(strict: boolean, logger: FlashLogger): BaseStorage['add'] {
  return (level, message) => {
    const text =
      `${PROFILE.name}: a message was added after the response headers were sent (in a streaming ` +
      `callback?) and will not be shown; add messages before returning the response: ${JSON.stringify(String(message).slice(0, 80))}`
    const details = { unstored: [{ level, message: String(message) }] }
    if (strict) throw new MessagesNotStoredError(text, details.unstored)
    logger(text, details)
  }
}

/** The seam of one request: its cookies through `hono/cookie`'s serializer, its session if any. */
class HonoSeam implements FlashSeam {
  readonly #c: Context
  readonly #opener: () => SessionAccess | undefined

  constructor(c: Context, session: HonoFlashOptions['session']) {
    this.#c = c
    this.#opener = sessionOpener(c, session, PROFILE.name)
  }

  getCookie(name: string): string | undefined {
    return readCookie(this.#c, name)
  }

  setCookie(name: string, value: string, attributes: CookieAttributes): void {
    appendCookie(this.#c, name, value, attributes)
  }

  deleteCookie(name: string, attributes: CookieAttributes): void {
    appendCookie(this.#c, name, '', attributes)
  }

  session(): SessionAccess | undefined {
    return this.#opener()
  }
}
