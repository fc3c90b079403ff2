/**
 * @module
 * `withSuccessMessage()`: Django's `SuccessMessageMixin` for Express routes. The wrapped handler
 * runs as is; a SUCCESS message is added when the response is finished, only if it succeeded.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { compileSuccessTemplate, FlashConfigError, FlashError, storageOf, success } from '@flash/core'
import type { NextFunction, Request, RequestHandler, Response } from 'express'

/**
 * What `res.locals` holds, as Express types it (its `Locals`, which an app may augment through
 * `declare global { namespace Express { interface Locals { ... } } }`), with `unknown` for the rest
 * instead of Express's `any`.
 */
type SuccessLocals = Record<string, unknown> & Express.Locals

/**
 * The function form: the parsed body (`req.body`), what the handler left in `res.locals` (e.g.
 * the saved record), and the request (Django's `get_success_message`). Unannotated, a field of
 * the body or of the locals is `unknown`; annotated (`(form: NoteForm, locals: { note: Note }) =>
 * ...`), the parameters have the types given, as `req.body` has the type an app gives it.
 */
type SuccessMessageFunction<Body = Record<string, unknown>, Locals = SuccessLocals> = (
  body: Body,
  locals: Locals,
  req: Request,
) => string | null | undefined

/** A `%(field)s` template formatted from `req.body`, or a {@link SuccessMessageFunction}. */
export type ExpressSuccessMessage<Body = Record<string, unknown>, Locals = SuccessLocals> =
  | string
  | SuccessMessageFunction<Body, Locals>

/** Where a wrapped handler leaves its pending message for the response's end (shared by every entry). */
const PENDING = Symbol.for('@flash/express.successMessage')

interface Pending {
  readonly compute: SuccessMessageFunction
  failed: boolean
}

type WithPending = IncomingMessage & { [PENDING]?: Pending | undefined; body?: unknown }

/**
 * Wrap a route handler so that it adds a SUCCESS message when it succeeded: it did not throw,
 * reject or call `next(error)`, and the response status is 2xx or 3xx (a redirect). Nothing is
 * added otherwise, as Django adds it in `form_valid` only. The message is computed when the
 * response is finished (`res.redirect()` inside the handler included), before it is stored.
 * An empty template or an empty result adds nothing; a field missing from `req.body` is an error
 * that names it. Nothing is escaped: templates escape.
 *
 * @example
 * app.post('/notes', express.urlencoded(), withSuccessMessage('%(title)s was created successfully', async (req, res) => {
 *   await notes.create(req.body)
 *   res.redirect('/notes')
 * }))
 *
 * @example
 * // The function form: the message uses what the handler put in res.locals
 * app.post('/notes', withSuccessMessage((form, locals: { note: Note }) => `Note #${locals.note.id} saved.`, async (req, res) => {
 *   res.locals.note = await notes.create(req.body)
 *   res.redirect(`/notes/${res.locals.note.id}`)
 * }))
 */
export function withSuccessMessage<
  H extends RequestHandler,
  Body = Record<string, unknown>,
  Locals = SuccessLocals,
>(message: ExpressSuccessMessage<Body, Locals>, handler: H): H {
  // The body and the locals are whatever this request carries: the parameter types are the app's
  // word for them, as they are for `req.body`.
  const compute = compile(message as ExpressSuccessMessage)
  if (typeof handler !== 'function') {
    throw new FlashConfigError(
      '@flash/express: withSuccessMessage(message, handler) needs a handler function',
    )
  }
  return function successMessage(req: Request, res: Response, next: NextFunction) {
    const pending: Pending = { compute, failed: false }
    ;(req as WithPending)[PENDING] = pending
    // flash() makes a request's storage on first use: make it now, so this request ends with it.
    storageOf(req)
    const fail = (error: unknown) => {
      pending.failed = true
      next(error)
    }
    const tracked: NextFunction = (error?: unknown) => {
      // An error, or 'route'/'router' handing the request to another route: no success for this one.
      if (error !== undefined) pending.failed = true
      next(error as never)
    }
    let result: unknown
    try {
      result = handler(req, res, tracked)
    } catch (error) {
      fail(error)
      return
    }
    if (isThenable(result)) result.then(undefined, fail)
  } as H
}

/**
 * Called when the response is finished, before the messages are stored: add the pending
 * success message of a wrapped route if it succeeded.
 *
 * @example
 * addPendingSuccess(req, res)
 */
export function addPendingSuccess(req: IncomingMessage, res: ServerResponse): void {
  const request = req as WithPending
  const pending = request[PENDING]
  if (!pending) return
  request[PENDING] = undefined
  if (pending.failed || res.statusCode < 200 || res.statusCode >= 400) return
  const body = request.body
  let text: string | null | undefined
  try {
    text = pending.compute(asRecord(body), (res as Response).locals ?? {}, req as Request)
  } catch (error) {
    if (body !== undefined || !(error instanceof FlashError)) throw error
    throw new FlashError(
      '@flash/express: req.body is undefined, so the success message cannot be formatted; mount a body parser ' +
        `before this route (app.use(express.urlencoded()) or express.json()). ${error.message}`,
      { cause: error },
    )
  }
  if (text) success(req, text)
}

function compile(message: ExpressSuccessMessage): SuccessMessageFunction {
  if (typeof message === 'function') return message
  if (typeof message !== 'string') {
    throw new FlashConfigError(
      '@flash/express: withSuccessMessage(message, handler) needs a "%(field)s" template or a function ' +
        `(body, locals, req) => string, not ${message === null ? 'null' : typeof message}`,
    )
  }
  // Parsed now: a malformed template fails where the route is declared, not on its first request.
  const format = compileSuccessTemplate(message, '@flash/express')
  return (body) => format(body)
}

/** express.urlencoded() and express.json() give objects; anything else has no fields. */
function asRecord(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | null)?.then === 'function'
}
