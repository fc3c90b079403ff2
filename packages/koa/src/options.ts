/**
 * @module
 * The Koa adapter's options: the core's {@link FlashOptions} plus `logger`, validated once when
 * `flash()` is called.
 */
import {
  type AdapterProfile,
  type FlashConfig,
  FlashConfigError,
  type FlashOptions,
  rejectUncalledFactory,
  resolveOptions,
} from '@flash/core'
import { nodeCrypto } from '@flash/core/node'
import type { Context } from 'koa'

/** Where @flash/koa reports what it cannot do silently. `console` and pino/winston loggers fit. */
export interface FlashLogger {
  warn(message: string): void
}

/** The core's {@link FlashOptions} (a storage factory receives the Koa `Context`), plus `logger`. */
export interface KoaFlashOptions extends Omit<FlashOptions<Context>, 'secret'> {
  /**
   * The signing secret, or a list of them (the first signs, all verify). `undefined` is accepted
   * by the types so `process.env.FLASH_SECRET` can be passed as is, and rejected at startup.
   */
  secret: string | readonly string[] | undefined
  /**
   * Receives startup warnings (e.g. a short secret) and the report of messages that could not be
   * stored. Koa has no logger of its own, hence this option.
   * @default console
   * @example
   * app.use(flash({ secret, logger: pino() }))
   */
  logger?: FlashLogger | undefined
}

/**
 * koa-session's `Session#toJSON()` skips every key that starts with `_` ("skip private stuff",
 * https://github.com/koajs/session/blob/master/src/session.ts, v7.0.2), so such a key is never
 * saved: the Koa default is `messages`.
 */
const SESSION_KEY = 'messages'

/**
 * What koa-session's `ctx.session` has of its own (koa-session 7.0.2, src/session.ts): a message
 * list stored under one replaces it (`save`), throws (`length` has no setter) or is never saved
 * (`isNew`, and the functions `toJSON()` skips). Names starting with `_` are refused apart.
 */
const KOA_SESSION_KEYS = [
  'isNew',
  'toJSON',
  'length',
  'populated',
  'maxAge',
  'externalKey',
  'save',
  'regenerate',
  'manuallyCommit',
  'commit',
]

const PROFILE: AdapterProfile = {
  name: '@flash/koa',
  sessionFix:
    'mount koa-session before @flash/koa (app.use(session(app)), then app.use(flash(...))), or use storage: "cookie"',
  httpsFix: 'behind a TLS-terminating proxy set app.proxy = true so Koa sees HTTPS',
  defaultSessionKey: SESSION_KEY,
  defaultCrypto: nodeCrypto,
  reservedSessionKeys: [{ owner: "koa-session's ctx.session", keys: KOA_SESSION_KEYS }],
}

export interface ResolvedKoaOptions {
  readonly config: FlashConfig
  readonly logger: FlashLogger
}

/**
 * Validate `options`; throws a `FlashConfigError` naming the option at fault.
 *
 * @example
 * const { config, logger } = resolveKoaOptions({ secret: process.env.FLASH_SECRET })
 */
export function resolveKoaOptions(options: KoaFlashOptions): ResolvedKoaOptions {
  rejectUncalledFactory(PROFILE.name, options, isKoaContext)
  // Throws the core's "option \"secret\" is required" error.
  if (options === null || typeof options !== 'object') resolveOptions(options, PROFILE)
  const { logger = console, ...flashOptions } = options
  const config = resolveOptions(flashOptions as FlashOptions, PROFILE)
  if (typeof logger?.warn !== 'function') {
    throw new FlashConfigError('@flash/koa: option "logger" must have a warn(message) method, e.g. console')
  }
  if (config.usesSession && config.sessionKey.startsWith('_')) {
    throw new FlashConfigError(
      `@flash/koa: option "sessionKey" is "${config.sessionKey}", but koa-session never saves keys that start with "_"; ` +
        `use a key without the underscore (the default is "${SESSION_KEY}")`,
    )
  }
  return { config, logger }
}

/** Koa's ctx, which `app.use(flash)` hands to flash() as its options: no option has these names. */
function isKoaContext(value: object): boolean {
  return 'app' in value && 'req' in value && 'res' in value && 'request' in value && 'response' in value
}
