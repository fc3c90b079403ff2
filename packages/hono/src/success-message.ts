/**
 * @module
 * `withSuccessMessage`: Django's `SuccessMessageMixin` for a Hono handler. SUCCESS is added only
 * when the handler succeeded (it returned a 2xx or 3xx response and did not throw), formatted
 * from the request body with `%(field)s`, or computed by a function.
 */
import { compileSuccessTemplate, FlashConfigError, FlashError, success, successMessageFor } from '@flash/core'
import type { Context, Env, Handler, Input, Next } from 'hono'
import type { BlankInput, HandlerResponse } from 'hono/types'

/** A form or JSON body, as `c.req.parseBody()` or `c.req.json()` return it. */
export type ParsedBody = Record<string, unknown>

/**
 * What a success message is formatted from: the validated `form` (else `json`) when the route
 * has a `hono/validator` (Django's `cleaned_data`), otherwise the parsed body.
 */
export type SuccessBody<I extends Input> = I extends { out: { form: infer F } }
  ? F
  : I extends { out: { json: infer J } }
    ? J
    : ParsedBody

/**
 * A `%(field)s` template, or a function of the body, the handler's `Response` and the context
 * (read what the handler stored with `c.set()`, Django's `self.object`). Return `''`, `null` or
 * `undefined` to add nothing.
 */
export type HonoSuccessMessage<E extends Env = Env, P extends string = string, I extends Input = BlankInput> =
  | string
  | ((body: SuccessBody<I>, response: Response, c: Context<E, P, I>) => string | null | undefined)

const JSON_TYPE = /^application\/([\w.-]+\+)?json$/

/**
 * Wrap a handler so that SUCCESS `message` is added when it succeeds: no throw, and a 2xx or 3xx
 * response (a form re-rendered with 400/422 adds nothing). As in Django, the message is made
 * after the handler ran. A template reads the validated body (`c.req.valid('form')`, then
 * `'json'`) or the body parsed by `c.req.parseBody()` (forms) or `c.req.json()` (JSON), both
 * cached by Hono, so a handler that read it costs no second parse. A template without fields
 * never reads the body; `''` returns `handler` unchanged. A field missing from the body throws
 * a `FlashError` that names it. Nothing is escaped here: templates escape.
 *
 * @example
 * app.post('/notes', withSuccessMessage('%(title)s was created successfully', async (c) => {
 *   await notes.create(await c.req.parseBody())
 *   return c.redirect('/notes')
 * }))
 * @example
 * // a function of the body, the handler's Response and the context
 * withSuccessMessage((form, res, c) => `${c.var.note.title} saved`, handler)
 */
export function withSuccessMessage<
  E extends Env = Env,
  P extends string = string,
  I extends Input = BlankInput,
  R extends HandlerResponse<unknown> = HandlerResponse<unknown>,
>(message: HonoSuccessMessage<E, P, I>, handler: Handler<E, P, I, R>): Handler<E, P, I, R> {
  if (typeof message !== 'string' && typeof message !== 'function') {
    throw new FlashConfigError(
      '@flash/hono: withSuccessMessage(message, handler) needs a "%(field)s" template or a function ' +
        `(body, response, c) => string as message, not ${message === null ? 'null' : typeof message}`,
    )
  }
  if (typeof handler !== 'function') {
    throw new FlashConfigError('@flash/hono: withSuccessMessage(message, handler) needs a handler function')
  }
  if (message === '') return handler
  // Parsed now: a malformed template fails where the route is declared, not on its first request.
  if (typeof message === 'string') compileSuccessTemplate(message, '@flash/hono')
  const readsBody = typeof message === 'function' || message.includes('%(')

  return (async (c: Context<E, P, I>, next: Next) => {
    const returned = await handler(c, next)
    const response = returned instanceof Response ? returned : c.res
    if (response.status < 200 || response.status >= 400) return returned
    const body = readsBody ? await bodyOf(c) : {}
    const text =
      typeof message === 'function'
        ? successMessageFor(
            (b: SuccessBody<I>, r: Response) => message(b, r, c),
            body as SuccessBody<I>,
            response,
          )
        : successMessageFor(message, body, response)
    if (text) success(c, text)
    return returned
  }) as unknown as Handler<E, P, I, R> // async; Hono awaits handlers, and R is what the RPC types read
}

async function bodyOf(c: Context): Promise<unknown> {
  const req = c.req
  const validated = req.valid('form' as never) ?? req.valid('json' as never)
  if (validated !== undefined) return validated
  const type = req.header('content-type')?.split(';')[0]?.trim().toLowerCase() ?? ''
  const isJson = JSON_TYPE.test(type)
  if (!isJson && type !== 'application/x-www-form-urlencoded' && type !== 'multipart/form-data') return {}
  // Hono caches what c.req reads; a body read straight from c.req.raw is gone.
  if (req.raw.bodyUsed && Object.keys(req.bodyCache).length === 0) {
    throw new FlashError(
      '@flash/hono: withSuccessMessage cannot read the request body, the handler consumed c.req.raw; read it ' +
        'with c.req.parseBody() or c.req.json() (Hono caches those), or use a validator',
    )
  }
  return isJson ? req.json() : req.parseBody()
}
