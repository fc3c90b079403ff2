/**
 * @module
 * Django's `SuccessMessageMixin` for form routes: a message added only when the handler
 * succeeded, formatted from the parsed form with Python's `%(field)s` syntax, or computed by a
 * function of the form and the handler's result (Django's `get_success_message`).
 */
import { FlashError } from './errors.js'

/** A `%(field)s` template, or a function of the parsed body and the handler's result. */
export type SuccessMessage<Body = Record<string, unknown>, Result = unknown> =
  | string
  | ((body: Body, result: Result) => string | null | undefined)

const PLACEHOLDER = /%(?:\(([^)]*)\)([#0\- +]*\d*(?:\.\d+)?)([sdirf])|%)/g

/**
 * Python's `template % mapping` for the conversions forms use: `%(name)s`, `%(count)d`/`i`,
 * `%(price).2f`, `%(x)r` and `%%`. A field missing from `data` throws a {@link FlashError} that
 * names it (Python raises `KeyError`), so a typo never shows up as "undefined" in a message.
 * Nothing is escaped: templates escape.
 *
 * @example
 * formatMessage('%(name)s was created successfully', { name: 'John Doe' }) // 'John Doe was created successfully'
 */
export function formatMessage(template: string, data: Readonly<Record<string, unknown>>): string {
  return template.replace(
    PLACEHOLDER,
    (whole, field: string | undefined, flags: string, conversion: string) => {
      if (whole === '%%') return '%'
      if (field === undefined) return whole
      if (data === null || typeof data !== 'object' || !Object.hasOwn(data, field)) {
        const known = data && typeof data === 'object' ? Object.keys(data).join(', ') || 'none' : 'none'
        throw new FlashError(
          `@flash/core: success message ${JSON.stringify(template)} uses %(${field})s but the form has no field ` +
            `"${field}" (fields: ${known})`,
        )
      }
      return convert(data[field], conversion, flags)
    },
  )
}

function convert(value: unknown, conversion: string, flags: string): string {
  const first = primitive(Array.isArray(value) ? value[value.length - 1] : value)
  switch (conversion) {
    case 'd':
    case 'i':
      return String(Math.trunc(Number(first)))
    case 'f': {
      const precision = /\.(\d+)/.exec(flags)?.[1]
      return Number(first).toFixed(precision === undefined ? 6 : Number(precision))
    }
    case 'r':
      return typeof first === 'string' ? `'${first}'` : String(first)
    default:
      return first === null || first === undefined ? String(first) : String(first)
  }
}

/**
 * A form value as a primitive, as JSON text when it is an object. The body comes from the network:
 * parsed JSON may hold `{"toString": 1}`, on which `String()` and `Number()` throw, and a request
 * must not turn a route that succeeded into a 500 that way.
 */
function primitive(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  try {
    return JSON.stringify(value)
  } catch {
    return ''
  }
}

/**
 * The success message for a handler that succeeded, or `null` when there is none (an empty
 * template adds nothing, as in Django).
 *
 * @example
 * const text = successMessageFor('%(title)s was saved', request.body, note)
 * if (text) success(request, text)
 */
export function successMessageFor<Body, Result>(
  message: SuccessMessage<Body, Result>,
  body: Body,
  result: Result,
): string | null {
  const text = typeof message === 'function' ? message(body, result) : formatMessage(message, asRecord(body))
  return text ? text : null
}

function asRecord(body: unknown): Record<string, unknown> {
  if (body instanceof URLSearchParams) return Object.fromEntries(body)
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {}
}
