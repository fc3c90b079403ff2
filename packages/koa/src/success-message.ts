/**
 * @module
 * `withSuccessMessage()`: Django's `SuccessMessageMixin` for Koa routes. The wrapped handler runs
 * as is; a SUCCESS message is added only when it succeeded.
 */
import {
  compileSuccessTemplate,
  FlashConfigError,
  FlashError,
  type SuccessMessage,
  success,
  successMessageFor,
} from '@flash/core'
import type { Context, Next, ParameterizedContext } from 'koa'

// biome-ignore lint/suspicious/noExplicitAny: any Koa context (plain, @koa/router's, custom state)
type AnyContext = ParameterizedContext<any, object, any>

/**
 * Wrap a Koa handler (a route handler or any middleware) so that it adds a SUCCESS message when
 * it succeeded: it did not throw and the final `ctx.status` is 2xx or 3xx (a redirect). Nothing
 * is added for a 4xx/5xx status or a thrown error, as Django adds it in `form_valid` only.
 *
 * `message` is a template formatted from `ctx.request.body` (urlencoded or JSON, parsed by
 * `@koa/bodyparser`) with Python's `%(field)s` syntax, or a function of that body and the
 * handler's result: its return value, or `ctx.body` when it returns nothing (Django's
 * `get_success_message`). An empty template or an empty string returned adds nothing. A field
 * missing from the body throws a `FlashError` that names it. Nothing is escaped: templates escape.
 * A message that is neither, a malformed template or a missing handler throws a
 * `FlashConfigError` here, when the route is declared, not after the handler ran.
 *
 * @example
 * router.post('/notes', withSuccessMessage('%(title)s was created successfully', async (ctx) => {
 *   await notes.create(ctx.request.body)
 *   ctx.redirect('/notes')
 * }))
 *
 * @example
 * // The function form, typed: the message uses the saved note
 * router.post('/notes', withSuccessMessage((form: NoteForm, note: Note) => `Note #${note.id} saved.`, async (ctx) => {
 *   const note = await notes.create(ctx.request.body as NoteForm)
 *   ctx.redirect(`/notes/${note.id}`)
 *   return note
 * }))
 */
export function withSuccessMessage<
  Body = Record<string, unknown>,
  Result = unknown,
  Ctx extends AnyContext = Context,
>(
  message: SuccessMessage<Body, Result>,
  // biome-ignore lint/suspicious/noConfusingVoidType: an async handler that returns nothing is Promise<void>
  handler: (ctx: Ctx, next: Next) => Result | void | Promise<Result | void>,
): (ctx: Ctx, next: Next) => Promise<void> {
  if (typeof message === 'string') compileSuccessTemplate(message, '@flash/koa')
  else if (typeof message !== 'function') {
    throw new FlashConfigError(
      '@flash/koa: withSuccessMessage(message, handler) needs a "%(field)s" template or a function ' +
        `(body, result) => string as message, not ${message === null ? 'null' : typeof message}`,
    )
  }
  if (typeof handler !== 'function') {
    throw new FlashConfigError('@flash/koa: withSuccessMessage(message, handler) needs a handler function')
  }
  return async function successMessage(ctx, next) {
    const returned = await handler(ctx, next)
    if (ctx.status < 200 || ctx.status >= 400) return
    // Set by @koa/bodyparser (or any body parser); read untyped so this package does not need its types.
    const body = (ctx.request as { body?: unknown }).body as Body
    let text: string | null
    try {
      text = successMessageFor(message, body, (returned === undefined ? ctx.body : returned) as Result)
    } catch (error) {
      if (body !== undefined || !(error instanceof FlashError)) throw error
      throw new FlashError(
        `@flash/koa: ctx.request.body is undefined, so the success message cannot be formatted; mount ` +
          `@koa/bodyparser before this route (app.use(bodyParser())). ${error.message}`,
        { cause: error },
      )
    }
    if (text) success(ctx, text)
  }
}
