/**
 * @module
 * `@flash/express/connect-flash`: a drop-in for connect-flash. `flash(options)` is @flash's
 * middleware plus connect-flash's `req.flash()`, over the same storage: messages added with
 * `req.flash('info', ...)` show up in `getMessages(req)`, and the other way round.
 *
 * @example
 * import flash from '@flash/express/connect-flash'
 * app.use(flash({ secret: process.env.FLASH_SECRET }))
 * app.post('/login', (req, res) => { req.flash('error', 'Wrong password.'); res.redirect('/login') })
 * app.get('/login', (req, res) => res.render('login', { errors: req.flash('error') }))
 */
import { randomBytes } from 'node:crypto'
import { format } from 'node:util'
import {
  type BaseStorage,
  DEBUG,
  ERROR,
  INFO,
  isPromiseLike,
  type Message,
  SUCCESS,
  storageOf,
  WARNING,
} from '@flash/core'
import type { RequestHandler } from 'express'
import { flash as messagesMiddleware } from './middleware.js'
import type { ExpressFlashOptions } from './options.js'

/** connect-flash's `req.flash`, typed per use instead of one signature for all. */
export interface ConnectFlash {
  /**
   * Add `message` (or each of a list) as a message of `type`; with more arguments, `util.format`
   * them first. Returns how many messages of `type` are now pending, as connect-flash did. A
   * message that is empty (`''`, `undefined`, `null`) adds nothing, and, unlike connect-flash,
   * reads nothing either: `req.flash('error', info && info.message)` takes no error messages.
   */
  (type: string, message: unknown, ...formatArgs: unknown[]): number
  /**
   * The messages of `type`, consumed whatever the response is (a redirect too); the others stay.
   * Texts, typed as `@types/connect-flash` types them; a value added as an object comes back as
   * that object (its JSON was stored), as connect-flash gave it back.
   */
  (type: string): string[]
  /** Every message, by type; all are consumed, whatever the response is. */
  (): Record<string, string[]>
}

declare global {
  namespace Express {
    interface Request {
      /** connect-flash's API, set by `@flash/express/connect-flash`. */
      flash: ConnectFlash
    }
  }
}

/** connect-flash type names and the levels they become; other names get {@link CUSTOM_TYPE_LEVEL}. */
const LEVEL_OF_TYPE: Readonly<Record<string, number>> = {
  debug: DEBUG,
  info: INFO,
  success: SUCCESS,
  warning: WARNING,
  warn: WARNING,
  error: ERROR,
}
const TYPE_OF_LEVEL: ReadonlyMap<number, string> = new Map([
  [DEBUG, 'debug'],
  [INFO, 'info'],
  [SUCCESS, 'success'],
  [WARNING, 'warning'],
  [ERROR, 'error'],
])

/**
 * The level of a type connect-flash knows no level for (`req.flash('notice', ...)`), unless the
 * `tags` option names a level after it: just above INFO, so the default minimum level keeps it,
 * and tagged with the type name (its `extraTags`), so `message.tags` is that name in templates.
 */
export const CUSTOM_TYPE_LEVEL = 21

/**
 * @flash's middleware with connect-flash's `req.flash()` on every request. Same options as
 * `flash()` from `@flash/express`. Without options it keeps messages where connect-flash kept
 * them, in express-session (storage `'session'`), so `app.use(flash())` works unchanged.
 *
 * @example
 * app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }))
 * app.use(flash())                                        // as connect-flash: in the session
 * app.use(flash({ secret: process.env.FLASH_SECRET }))   // @flash's default: a signed cookie, the session for overflow
 */
export function flash(options?: ExpressFlashOptions): RequestHandler {
  const messages = messagesMiddleware(options ?? sessionOnly())
  return function connectFlash(req, res, next) {
    req.flash = reqFlash as ConnectFlash
    messages(req, res, next)
  }
}

export default flash

/**
 * connect-flash's storage: the session only. @flash requires a secret to sign message cookies;
 * session storage writes none, so a random one that nothing ever checks fills the option.
 */
function sessionOnly(): ExpressFlashOptions {
  return { storage: 'session', secret: randomBytes(32).toString('base64url') }
}

const PROMISED_FLASH =
  '@flash/express/connect-flash: req.flash() was given a Promise, whose text would read "[object Promise]": ' +
  "await it first, e.g. req.flash('info', await t('saved'))"

/** One function for every request: `this` is the request, as in connect-flash. */
function reqFlash(this: object, ...args: [type?: string, message?: unknown, ...formatArgs: unknown[]]) {
  const [type, message, ...formatArgs] = args
  const storage = storageOf(this)
  if (!storage) {
    throw new TypeError(
      '@flash/express/connect-flash: req.flash() was called on a request flash() did not run for',
    )
  }
  if (type === undefined) return takeAll(storage)
  const name = String(type)
  if (args.length < 2) return take(storage, name)
  // Refused before anything is added: a Promise's text would read "[object Promise]".
  if (
    isPromiseLike(message) ||
    formatArgs.some(isPromiseLike) ||
    (Array.isArray(message) && message.some(isPromiseLike))
  )
    throw new TypeError(PROMISED_FLASH)
  const texts =
    formatArgs.length > 0 ? [format(message, ...formatArgs)] : Array.isArray(message) ? message : [message]
  const level = levelOf(storage, name)
  for (const value of texts) {
    const json = value !== null && typeof value === 'object'
    storage.add(level, json ? JSON.stringify(value) : value, tagsOf(storage, name, level, json))
  }
  return pendingOf(storage, name)
}

/**
 * How many messages of `type` are pending (stored and added, not taken by an earlier
 * `req.flash()`): what connect-flash's add returned, the length of the type's list in the session.
 */
function pendingOf(storage: BaseStorage, type: string): number {
  const seen = SEEN.get(storage)
  // On a prefetch the stored messages read as none, and so does the peek: count what was added.
  const peeked = storage.peekUndisplayed()
  const pending = peeked.length === 0 ? storage.queued : peeked
  let count = 0
  for (const message of pending) {
    if (!seen?.has(message) && typeOf(message) === type) count += 1
  }
  return count
}

function levelOf(storage: BaseStorage, type: string): number {
  const known = LEVEL_OF_TYPE[type]
  if (known !== undefined) return known
  for (const [level, tag] of storage.levelTags) if (tag === type) return level
  return CUSTOM_TYPE_LEVEL
}

/**
 * Marks a message whose value was not a string (express-validator's `errors.array()`): its text
 * is the value as JSON, given back parsed, as connect-flash gave back what it was given.
 */
const JSON_VALUE = 'flash-json'

/**
 * The extra tags a message of `type` at `level` keeps: the type, unless the level already reads as
 * it (its name, or its tag from the `tags` option).
 */
function tagsOf(storage: BaseStorage, type: string, level: number, json: boolean): string {
  const readsAs = TYPE_OF_LEVEL.get(level) === type || storage.levelTags.get(level) === type
  const named = readsAs ? '' : type
  return json ? (named ? `${named} ${JSON_VALUE}` : JSON_VALUE) : named
}

/**
 * The connect-flash type of a message: the name it was added under (`warn` stays `warn`, a custom
 * type its own name), else its level's name, tag or number. Messages added through the core API
 * with extra tags of their own are grouped by level, as before.
 */
function typeOf(message: Message): string {
  const named = message.extraTags?.split(' ')[0]
  const canonical = TYPE_OF_LEVEL.get(message.level)
  if (named && named !== JSON_VALUE && (canonical === undefined || LEVEL_OF_TYPE[named] === message.level)) {
    return named
  }
  return canonical ?? (message.levelTag || String(message.level))
}

/** What `req.flash(type)` gives back for a message: its text, or the value it was added as. */
function givenValue(message: Message): unknown {
  const text = String(message)
  if (!message.extraTags?.split(' ').includes(JSON_VALUE)) return text
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}

/**
 * The messages each storage already handed out or queued again, on this request. Iterating a
 * storage twice in one request yields its messages twice (Django's semantics), so a second
 * `req.flash(type)` skips what an earlier call saw.
 */
const SEEN = new WeakMap<BaseStorage, WeakSet<Message>>()

/** The messages not seen by an earlier `req.flash()` call; iterating marks the storage used. */
function unseen(storage: BaseStorage): Message[] {
  let seen = SEEN.get(storage)
  if (!seen) {
    seen = new WeakSet()
    SEEN.set(storage, seen)
  }
  const fresh: Message[] = []
  for (const message of storage) {
    if (seen.has(message)) continue
    seen.add(message)
    fresh.push(message)
  }
  return fresh
}

/**
 * Display every message (used: none is stored again), then queue again the ones of other types,
 * so they are stored for the next request as connect-flash keeps them.
 */
function take(storage: BaseStorage, type: string): unknown[] {
  // connect-flash's read is a take: an app that reads and then redirects has taken them.
  storage.consumeOnRead = true
  const taken: unknown[] = []
  for (const message of unseen(storage)) {
    if (typeOf(message) === type) taken.push(givenValue(message))
    else storage.add(message.level, message.message, message.extraTags)
  }
  return taken
}

function takeAll(storage: BaseStorage): Record<string, unknown[]> {
  storage.consumeOnRead = true
  const byType: Record<string, unknown[]> = {}
  for (const message of unseen(storage)) {
    const type = typeOf(message)
    const values = byType[type]
    if (values) values.push(givenValue(message))
    else byType[type] = [givenValue(message)]
  }
  return byType
}
