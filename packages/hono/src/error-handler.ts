/**
 * @module
 * Errors that reach flash() through `await next()`. Hono's compose catches every Error thrown
 * inside a handler or middleware and hands it to `app.onError` at that level (setting `c.error`
 * first), so an Error that still comes out of `next()` is, once `c.error` is set, the error
 * handler's own failure: `app.onError` threw or rethrew, or Hono's default handler called an
 * `HTTPException`'s `getResponse()`, which threw. Hono then calls the error handler again at each
 * outer level and, when every call throws, the server answers by itself: @hono/node-server sends a
 * bare 500 with none of the context's headers and logs nothing. Which of these answers goes out is
 * settled after flash() returned, with no hook to tell it, so flash cannot know whether a cookie
 * written now would be sent: it writes none and reports what the request added.
 */
import type { Context } from 'hono'

/** What the report of the messages lost this way says happened, and what to do instead. */
export const ERROR_HANDLER_FAILED =
  "the error handler threw while answering an error (app.onError, or an HTTPException's getResponse() " +
  'under the default handler), so Hono answers after flash() returned, or the server sends a bare 500 ' +
  'without the headers set on the context, and no cookie or session could be written; make app.onError ' +
  "return a response, e.g. catch what fails in it and return c.text('Internal Server Error', 500)"

/**
 * Whether `thrown`, which came out of `await next()`, is a failure of the error handler: an Error
 * after Hono handed one to it in this request. An Error with no `c.error` was never handed to it
 * (one thrown by `app.notFound`, which compose calls outside its `try`): the error handler at
 * flash()'s own level answers it next, like any non-Error, on a response made from the context.
 *
 * @example
 * if (errorHandlerFailed(c, thrown)) abandonRequest(storage, config, report, ERROR_HANDLER_FAILED)
 */
export function errorHandlerFailed(c: Context, thrown: unknown): boolean {
  return thrown instanceof Error && c.error !== undefined
}
