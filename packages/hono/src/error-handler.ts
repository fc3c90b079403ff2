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
 * written now would be sent: it writes none and reports what the request added. Any other error
 * (a value that is not an Error, an Error from `app.notFound`) the error handler answers next, at
 * flash()'s level: flash() stores first, on a response the error handler's answer takes over.
 */
import type { BaseStorage, FlashReporter } from '@flash/core'
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

/**
 * End a request whose error `app.onError` has not answered yet (a value that is not an Error, an
 * Error from `app.notFound`), first giving the context a response, so that flash()'s headers (the
 * message cookie, `Cache-Control`) ride on the one `app.onError` returns. Hono copies the headers
 * of the context's response into whatever the error handler returns at a middleware's level (its
 * `res` setter), a raw `new Response()` or `err.getResponse()` included, but only when the context
 * has a response: without one, headers set now wait for a response made from the context
 * (`c.text()`), and a raw one went out without them while flash believed its cookie written. The
 * status is the usual error page's; the error handler's response replaces it. Where flash() is
 * the only middleware matched, Hono copies nothing: a cookie written then is reported as at risk.
 *
 * @example
 * await endBeforeErrorHandler(c, storage, () => end(c, storage, seam), report)
 * throw thrown
 */
export async function endBeforeErrorHandler(
  c: Context,
  storage: BaseStorage,
  end: () => Promise<void> | undefined,
  report: FlashReporter,
): Promise<void> {
  // Only when flash writes: Hono's copy replaces the Set-Cookie lines of the error handler's
  // response with the context's, so a raw Response's own cookies are kept when flash has none.
  if (!c.finalized && (storage.addedNew || storage.used)) c.res = c.newResponse(null, 500)
  const unmerged = onlyMiddleware(c)
  const cookies = unmerged ? c.res.headers.getSetCookie().length : 0
  await end()
  if (unmerged && c.res.headers.getSetCookie().length > cookies) report(NOT_FOUND_UNMERGED)
}

/**
 * Whether flash() is the only middleware Hono matched for this request, outside any sub-app's
 * error handler. Then no compose level wraps it: an Error it rethrows (what `app.notFound` threw)
 * goes to the app's error handler, whose response Hono sends as it is, without the context's
 * headers copied in. A route of a sub-app with its own `onError` is wrapped in a compose level,
 * marked `__COMPOSED_HANDLER` (Hono's `COMPOSED_HANDLER`), which does copy them. Read through
 * `c.req.matchedRoutes`, as `c.req.routePath` is: `hono/route`'s helper reads the match under a
 * symbol of its own copy of hono, which a context made by the other copy (an app importing hono's
 * CommonJS build beside this ESM one, or the reverse) does not have.
 */
function onlyMiddleware(c: Context): boolean {
  const matched = c.req.matchedRoutes
  return matched?.length === 1 && !(COMPOSED_HANDLER in matched[0]!.handler)
}

/** Hono's mark of a sub-app route wrapped in its error handler (hono/utils/constants, not exported). */
const COMPOSED_HANDLER = '__COMPOSED_HANDLER'

/** What is reported when flash(), alone on the path, wrote a cookie on an error of `app.notFound`. */
export const NOT_FOUND_UNMERGED =
  '@flash/hono: app.notFound threw on a path where flash() is the only middleware, so Hono sends the ' +
  'response app.onError returns as it is: one made from the context (c.text(), c.html(), c.json()) carries ' +
  'the message cookie, a raw Response (new Response(...), err.getResponse()) does not, and what this ' +
  'request stored in it is then not stored (added messages lost, displayed ones shown again); build the error page from the context in app.onError ' +
  '(return c.newResponse(res.body, res) for a Response you have), or have app.notFound return the ' +
  'not-found page instead of throwing'
