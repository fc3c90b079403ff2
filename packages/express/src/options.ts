/**
 * @module
 * The Express adapter's options: the core's {@link FlashOptions} plus `logger`, validated once
 * when `flash()` is called.
 */
import { IncomingMessage } from 'node:http'
import {
  type AdapterProfile,
  type FlashConfig,
  FlashConfigError,
  type FlashOptions,
  rejectUncalledFactory,
  resolveOptions,
} from '@flash/core'
import { nodeCrypto } from '@flash/core/node'
import type { Request } from 'express'

/** Where @flash/express reports what it cannot do silently. `console` and pino/winston loggers fit. */
export interface FlashLogger {
  warn(message: string): void
}

/** The core's {@link FlashOptions} (a storage factory receives the Express `Request`), plus `logger`. */
export interface ExpressFlashOptions extends Omit<FlashOptions<Request>, 'secret'> {
  /**
   * The signing secret, or a list of them (the first signs, all verify). `undefined` is accepted
   * by the types so `process.env.FLASH_SECRET` can be passed as is, and rejected at startup.
   * @example
   * app.use(flash({ secret: process.env.FLASH_SECRET }))
   */
  secret: string | readonly string[] | undefined
  /**
   * Receives startup warnings (e.g. a short secret) and the report of messages that could not be
   * stored. Express has no logger of its own, hence this option.
   * @default console
   * @example
   * app.use(flash({ secret, logger: pino() }))
   */
  logger?: FlashLogger | undefined
}

export const PROFILE: AdapterProfile = {
  name: '@flash/express',
  sessionFix:
    'mount express-session before @flash/express (app.use(session({...})), then app.use(flash({...}))), ' +
    'or use storage: "cookie"',
  httpsFix: "behind a TLS-terminating proxy set app.set('trust proxy', ...) so that req.secure is true",
  defaultCrypto: nodeCrypto,
  // What express-session's req.session has of its own (express-session 1.19, session/session.js):
  // messages under `save` replace the method, under `cookie` break it, under `id` or `req` (read-only)
  // throw, and when a session loads it skips the names it already has.
  reservedSessionKeys: [
    {
      owner: "express-session's req.session",
      keys: ['req', 'id', 'cookie', 'touch', 'resetMaxAge', 'save', 'reload', 'destroy', 'regenerate'],
    },
  ],
}

export interface ResolvedExpressOptions {
  readonly config: FlashConfig
  readonly logger: FlashLogger
}

/**
 * Validate `options`; throws a `FlashConfigError` naming the option at fault.
 *
 * @example
 * const { config, logger } = resolveExpressOptions({ secret: process.env.FLASH_SECRET })
 */
export function resolveExpressOptions(options: ExpressFlashOptions): ResolvedExpressOptions {
  // `app.use(flash)`: Express calls it with the request (connect-flash's `flash` too).
  rejectUncalledFactory(PROFILE.name, options, (value) => value instanceof IncomingMessage)
  // Throws the core's "option \"secret\" is required" error.
  if (options === null || typeof options !== 'object') resolveOptions(options, PROFILE)
  const { logger = console, ...flashOptions } = options
  const config = resolveOptions(flashOptions as FlashOptions, PROFILE)
  if (typeof logger?.warn !== 'function') {
    throw new FlashConfigError(
      `${PROFILE.name}: option "logger" must have a warn(message) method, e.g. console`,
    )
  }
  return { config, logger }
}
