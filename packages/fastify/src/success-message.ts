/**
 * @module
 * Django's `SuccessMessageMixin` as a route option: `config: { successMessage }`. Decided per
 * route when it is declared: only routes with the option get their handler wrapped, and the
 * plugin's `onSend` adds the message (before it persists) when the handler succeeded.
 */
import { compileSuccessTemplate, FlashConfigError, success } from '@flash/core'
import type { FastifyReply, FastifyRequest, RouteHandlerMethod, RouteOptions } from 'fastify'
import { PROFILE } from './options.js'
import { stateOf } from './request-state.js'

/**
 * A function form of {@link FastifySuccessMessage}. Declared as a method so that a function
 * with annotated parameters (`(body: NoteForm, note: Note) => ...`) is accepted.
 */
type SuccessMessageFunction = {
  compute(
    // A parsed form is untyped, as Django's cleaned_data. A route option cannot infer a type as a
    // call does (Koa's and Express's withSuccessMessage take `unknown` fields and infer an annotated
    // form): `unknown` here would refuse a form annotated with an interface (no index signature),
    // so `any` lets `body.name` and `body: NoteForm` both compile.
    // biome-ignore lint/suspicious/noExplicitAny: see above; the result stays `unknown`.
    body: Record<string, any>,
    result: unknown,
    request: FastifyRequest,
  ): string | null | undefined
}['compute']

/**
 * The `successMessage` route option: a Python `%(field)s` template formatted from the parsed
 * body, or a function of the body, the handler's result and the request (Django's
 * `get_success_message`). An empty string, `null` or `undefined` adds nothing.
 *
 * The result is what the handler returned (what Fastify serializes); it is `undefined` when the
 * handler sent the reply itself (`return reply.redirect(...)`): read the request then.
 *
 * @example
 * app.post('/notes', { config: { successMessage: '%(title)s was created successfully' } }, handler)
 * app.post('/notes', { config: { successMessage: (_body, note: Note) => `Note #${note.id} saved.` } }, handler)
 */
export type FastifySuccessMessage = string | SuccessMessageFunction

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * Add a SUCCESS message when the handler succeeds (no thrown error, a 2xx or 3xx response),
     * as Django's `SuccessMessageMixin` does. See {@link FastifySuccessMessage}.
     *
     * @example
     * app.post('/contacts', { config: { successMessage: '%(name)s was created successfully' } }, handler)
     */
    successMessage?: FastifySuccessMessage | undefined
  }
}

/** Set once the success message of a request was decided: onSend runs again for an error response. */
const DONE = Object.freeze({ message: () => undefined, result: undefined, failed: true })

/**
 * Marks the config of a route {@link wrapSuccessRoute} wrapped. Not the handler: Fastify 5 keeps
 * `handler.bind(...)`, another function; the config is copied with its symbol keys.
 */
const WRAPPED_ROUTE = Symbol('@flash/fastify.wrappedRoute')

/** The compiled option of routes `onRoute` never saw, per route config object. */
const UNWRAPPED = new WeakMap<object, SuccessMessageFunction | null>()

/** What a wrapped handler leaves on its request's state for `onSend`. */
export interface PendingSuccess {
  readonly message: SuccessMessageFunction
  result: unknown
  failed: boolean
}

/**
 * A route declared before the plugin was registered was never wrapped (`onRoute` runs only for
 * later routes): its option is read from the route config now, and decided by the status alone,
 * the function form getting `undefined` as the handler's result.
 */
function unwrapped(request: FastifyRequest): PendingSuccess | null {
  const routeOptions = request.routeOptions
  const config = routeOptions.config as object | undefined
  // A wrapped route whose handler did not run (a hook answered first) adds nothing.
  if (config === undefined || (config as { [WRAPPED_ROUTE]?: true })[WRAPPED_ROUTE]) return null
  let message = UNWRAPPED.get(config)
  if (message === undefined) {
    const option = (config as { successMessage?: FastifySuccessMessage }).successMessage
    message =
      option === undefined || option === ''
        ? null
        : compile(option, { method: routeOptions.method, url: routeOptions.url } as RouteOptions)
    UNWRAPPED.set(config, message)
  }
  return message ? { message, result: undefined, failed: false } : null
}

/**
 * `onRoute`: wrap the handler of a route that declares `successMessage`; other routes are left
 * untouched and cost nothing.
 */
export function wrapSuccessRoute(route: RouteOptions): void {
  const option = route.config?.successMessage
  if (option === undefined || option === '') return
  const message = compile(option, route)
  const handler = route.handler
  const wrapped = function successMessageHandler(
    this: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ) {
    // Set before the handler runs: `reply.redirect()` inside it runs onSend synchronously.
    const pending: PendingSuccess = { message, result: undefined, failed: false }
    stateOf(request).success = pending
    let result: unknown
    try {
      result = handler.call(this as never, request, reply)
    } catch (error) {
      pending.failed = true
      throw error
    }
    if (isThenable(result)) {
      return result.then(
        (value) => {
          if (value !== reply) pending.result = value
          return value
        },
        (error: unknown) => {
          pending.failed = true
          throw error
        },
      )
    }
    if (result !== reply) pending.result = result
    return result
  } as RouteHandlerMethod
  route.handler = wrapped
  route.config = { ...route.config, [WRAPPED_ROUTE]: true } as typeof route.config
}

/**
 * `onSend`, before persisting: add the success message if the handler succeeded. Throws (a 500,
 * like Django's `KeyError`) when the template names a field the body does not have.
 */
export function addSuccessMessage(request: FastifyRequest, reply: FastifyReply): void {
  const state = stateOf(request)
  const pending = state.success ?? unwrapped(request)
  if (!pending) return // Cleared first: an error thrown here brings the error response back through onSend.
  state.success = DONE
  if (pending === DONE || pending.failed || reply.statusCode < 200 || reply.statusCode >= 400) return
  const text = pending.message(asRecord(request.body), pending.result, request)
  if (text) success(request, text)
}

function compile(option: FastifySuccessMessage, route: RouteOptions): SuccessMessageFunction {
  if (typeof option === 'function') return option
  if (typeof option !== 'string') {
    throw new FlashConfigError(
      `${PROFILE.name}: route ${route.method} ${route.url}: config.successMessage must be a "%(field)s" template ` +
        `string or a function (body, result, request) => string, not ${option === null ? 'null' : typeof option}`,
    )
  }
  // Parsed now: a malformed template fails when the route is registered, not on its first request.
  const format = compileSuccessTemplate(option, `${PROFILE.name}: route ${route.method} ${route.url}`)
  return (body) => format(body)
}

/** `@fastify/formbody` and the JSON parser give objects; anything else has no fields. */
function asRecord(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}
