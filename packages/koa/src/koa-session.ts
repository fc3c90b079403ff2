/**
 * @module
 * What @flash/koa knows about koa-session: whether its middleware ran before flash() (its order),
 * whether it keeps the session in its cookie, its `ctx.session` as the storages use it, and how to
 * commit it early on the error path.
 */
import { FlashConfigError, type SessionAccess } from '@flash/core'
import type { Context } from 'koa'

type SessionData = Record<string, unknown> & { manuallyCommit?(): Promise<void> }
type SessionContext = Context & {
  session?: SessionData | null
  sessionOptions?: { store?: unknown; ContextStore?: unknown; secure?: unknown }
}

/** koa-session mounted after flash() saves before flash writes: a misconfiguration, named with its fix. */
export function sessionAfterFlash(): FlashConfigError {
  return new FlashConfigError(
    '@flash/koa: koa-session runs after flash(), so it saves the session before flash writes to it and ' +
      'the messages are lost; mount it first: app.use(session(app)) then app.use(flash(...))',
  )
}

/** Why a secure koa-session on a plain-HTTP request keeps nothing. */
const INSECURE_SESSION =
  "koa-session's secure option is true, and Koa refuses to send a secure cookie over plain HTTP " +
  '(koa-session would fail the request with a 500); behind a TLS-terminating proxy set app.proxy = true, ' +
  'or pass secure: false to koa-session in development'

/** `ctx.session` as the storages use it, opened on first use. */
export function koaSessionAccess(ctx: Context): SessionAccess {
  const context = ctx as SessionContext
  const options = context.sessionOptions
  return {
    // koa-session without `store` (or `ContextStore`) keeps the whole session in its cookie.
    inCookie: options !== undefined && !options.store && !options.ContextStore,
    // Koa's cookies refuse a secure cookie on a plain-HTTP request: koa-session's commit would
    // throw, and Koa answer 500, losing the messages the message cookie could have kept.
    lost: options?.secure === true && !ctx.secure ? INSECURE_SESSION : undefined,
    get: (key) => context.session?.[key],
    set: (key, value) => {
      // `ctx.session = null` (a logout) drops the session; a new message starts a fresh one.
      if (context.session) context.session[key] = value
      else context.session = { [key]: value }
    },
    delete: (key) => {
      if (context.session) delete context.session[key]
    },
  }
}

/** Save the session and write its cookie now (koa-session's public `manuallyCommit`). */
export async function commitKoaSession(ctx: Context): Promise<void> {
  await (ctx as SessionContext).session?.manuallyCommit?.()
}

/**
 * koa-session's per-request state: an own symbol property of ctx, made when its middleware starts,
 * next to a getter symbol it defines on app.context. Descriptions of koa-session 7 and 6.
 */
const KOA_SESSION_SYMBOLS = new Map([
  ['get contextSession', 'contextSession instance'],
  ['context#contextSession', 'context#_contextSession'],
])
/** Per app.context: the description of koa-session's state symbol, or `null` for an unknown version. */
const STATE_NAMES = new WeakMap<object, string | null>()
let sessionState: symbol | undefined

/**
 * Whether koa-session's middleware has started for this request. `true` when that cannot be told
 * (a koa-session version this does not know), so only a certain wrong order fails.
 */
export function koaSessionStarted(ctx: Context): boolean {
  if (sessionState !== undefined && (ctx as never)[sessionState] !== undefined) return true
  const context = Object.getPrototypeOf(ctx) as object
  let stateName = STATE_NAMES.get(context)
  if (stateName === undefined) {
    const getter = Object.getOwnPropertySymbols(context).find((s) => KOA_SESSION_SYMBOLS.has(s.description!))
    stateName = getter ? KOA_SESSION_SYMBOLS.get(getter.description!)! : null
    STATE_NAMES.set(context, stateName)
  }
  if (stateName === null) return true
  const found = Object.getOwnPropertySymbols(ctx).find((s) => s.description === stateName)
  if (found !== undefined) sessionState = found
  return found !== undefined
}
