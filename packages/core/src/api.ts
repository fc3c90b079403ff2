/**
 * @module
 * Django's messages API (`add_message`, `success`, `get_messages`, ...) on a *carrier*: the
 * object an adapter attaches the storage to (a Fastify request, a Koa ctx, a Hono context).
 */
import { MessageFailure } from './errors.js'
import { DEBUG, DEFAULT_LEVELS, ERROR, INFO, SUCCESS, WARNING } from './levels.js'
import type { Message } from './message.js'
import type { BaseStorage } from './storage/base.js'

/**
 * Where adapters put the storage on a carrier. A registered symbol, so two copies of this
 * package in one app still find each other's storage.
 */
export const STORAGE: unique symbol = Symbol.for('@flash/core.storage') as never

/** Any object an adapter may attach messages to. */
export type Carrier = object

export interface AddMessageOptions {
  /** Extra CSS tags for this message. @default '' */
  extraTags?: string | null | undefined
  /** Do nothing instead of throwing `MessageFailure` when no adapter is installed. @default false */
  failSilently?: boolean | undefined
  /**
   * Show the message on this response if it displays messages, and never store it (Rails'
   * `flash.now`): a form re-rendered with status 422 does not leave its error for the next page.
   * @default false
   * @example
   * error(request, 'Title is required.', { now: true })
   */
  now?: boolean | undefined
}

/** The empty list {@link getMessages} returns without an adapter; it has `used` like a storage. */
export type NoMessages = readonly Message[] & { used: boolean }

/**
 * What {@link getMessages} returns: the storage, or an empty list without an adapter. Both have
 * `length`, iteration and a writable `used`, so `getMessages(request).used = false` type-checks.
 */
export type MessageList = BaseStorage | NoMessages

/**
 * Attach `storage` to `carrier`, for adapters.
 *
 * @example
 * attachStorage(ctx, createStorage(config, seam))
 */
export function attachStorage(carrier: Carrier, storage: BaseStorage | undefined): void {
  ;(carrier as { [STORAGE]?: BaseStorage })[STORAGE] = storage
}

/**
 * The storage attached to `carrier`, or `undefined`.
 *
 * @example
 * storageOf(request)?.used // whether the messages were displayed
 */
export function storageOf(carrier: unknown): BaseStorage | undefined {
  return typeof carrier === 'object' && carrier !== null
    ? (carrier as { [STORAGE]?: BaseStorage })[STORAGE]
    : undefined
}

/** Shared, so adding a message allocates no options object of its own (`add()` has its own default). */
const NO_OPTIONS: AddMessageOptions = Object.freeze({})
const NOW = Object.freeze({ now: true })

/**
 * Add a message at `level`. Ignored when the text is empty or the level is below the request's
 * minimum. Throws {@link MessageFailure} when no adapter runs for this carrier (unless
 * `failSilently`), and a `TypeError` when the carrier is not an object.
 *
 * @example
 * addMessage(request, WARNING, 'Your trial ends tomorrow.', { extraTags: 'billing' })
 */
export function addMessage(
  carrier: Carrier,
  level: number,
  message: unknown,
  options: AddMessageOptions = NO_OPTIONS,
): void {
  const storage = storageOf(carrier)
  if (storage) {
    storage.add(
      level,
      message,
      options.extraTags === undefined ? '' : options.extraTags,
      options.now === true ? NOW : undefined,
    )
    return
  }
  if (typeof carrier !== 'object' || carrier === null) {
    throw new TypeError(
      `@flash/core: addMessage() expects the request or context object of a @flash adapter, not ${typeName(carrier)}`,
    )
  }
  if (!options.failSilently) {
    throw new MessageFailure(
      '@flash/core: You cannot add messages without installing a @flash adapter: register @flash/fastify, or use ' +
        'the flash() middleware of @flash/koa, @flash/hono or @flash/express before this route (or pass failSilently: true)',
    )
  }
}

/**
 * @example
 * debug(request, `Cache warmed in ${ms} ms`)
 */
export function debug(carrier: Carrier, message: unknown, options?: AddMessageOptions): void {
  addMessage(carrier, DEBUG, message, options)
}

/**
 * @example
 * info(request, 'Three new comments.')
 */
export function info(carrier: Carrier, message: unknown, options?: AddMessageOptions): void {
  addMessage(carrier, INFO, message, options)
}

/**
 * @example
 * success(request, 'Profile saved.')
 */
export function success(carrier: Carrier, message: unknown, options?: AddMessageOptions): void {
  addMessage(carrier, SUCCESS, message, options)
}

/**
 * @example
 * warning(request, 'Your password expires in 3 days.')
 */
export function warning(carrier: Carrier, message: unknown, options?: AddMessageOptions): void {
  addMessage(carrier, WARNING, message, options)
}

/**
 * @example
 * error(request, 'Payment failed.')
 */
export function error(carrier: Carrier, message: unknown, options?: AddMessageOptions): void {
  addMessage(carrier, ERROR, message, options)
}

/**
 * The messages to display: the storage itself (iterating it consumes them; `length` does not),
 * or an empty list when no adapter runs for this carrier.
 *
 * @example
 * for (const m of getMessages(request)) html += `<li class="${m.tags}">${escape(String(m))}</li>`
 */
export function getMessages(carrier: Carrier): MessageList {
  // A fresh one each time, so `used` written on it cannot leak into another caller's list; not
  // enumerable, so it still compares and serialises as a plain empty array.
  return (
    storageOf(carrier) ??
    (Object.defineProperty([] as Message[], 'used', {
      value: false,
      writable: true,
      enumerable: false,
    }) as unknown as NoMessages)
  )
}

/**
 * The minimum level recorded for this request; INFO when no adapter runs.
 *
 * @example
 * if (getLevel(request) <= DEBUG) debug(request, details)
 */
export function getLevel(carrier: Carrier): number {
  return storageOf(carrier)?.level ?? INFO
}

/**
 * Set the minimum level for this request (`null` restores the configured one). Returns `false`
 * and does nothing when no adapter runs for this carrier.
 *
 * @example
 * setLevel(request, DEBUG)
 */
export function setLevel(carrier: Carrier, level: number | null): boolean {
  const storage = storageOf(carrier)
  if (!storage) return false
  storage.level = level
  return true
}

/** What templates get from {@link messagesContext}. */
export interface MessagesContext {
  messages: MessageList
  DEFAULT_MESSAGE_LEVELS: typeof DEFAULT_LEVELS
}

/**
 * Django's context processor: `messages` and `DEFAULT_MESSAGE_LEVELS` for a template, so
 * `message.level === DEFAULT_MESSAGE_LEVELS.ERROR` style templates port directly.
 *
 * @example
 * return reply.view('page.eta', { ...messagesContext(request), title: 'Home' })
 */
export function messagesContext(carrier: Carrier): MessagesContext {
  return { messages: getMessages(carrier), DEFAULT_MESSAGE_LEVELS: DEFAULT_LEVELS }
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (value === undefined) return 'undefined'
  return `a ${typeof value}`
}
