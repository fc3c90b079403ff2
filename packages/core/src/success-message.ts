/**
 * @module
 * Django's `SuccessMessageMixin` for form routes: a message added only when the handler
 * succeeded, formatted from the parsed form with Python's `%(field)s` syntax, or computed by a
 * function of the form and the handler's result (Django's `get_success_message`).
 */
import { FlashConfigError, FlashError } from './errors.js'

/** A `%(field)s` template, or a function of the parsed body and the handler's result. */
export type SuccessMessage<Body = Record<string, unknown>, Result = unknown> =
  | string
  | ((body: Body, result: Result) => string | null | undefined)

/** One `%(field)…` directive: the field it reads and how it converts the value. */
interface Directive {
  readonly field: string
  readonly flags: string
  readonly width: number | undefined
  readonly precision: number | undefined
  readonly conversion: string
}

/** The conversions @flash formats; Python's others (`x`, `e`, `g`, `c`...) need numbers a form does not hold. */
const CONVERSIONS = 'srdiufF'
const FLAGS = '-+ #0'
const DIGITS = /^\d+/
const FIX = 'write a field as %(field)s and a literal % as %%'

/**
 * Parse `template` as Python's `template % mapping` does, or throw a {@link FlashConfigError}
 * where Python raises (an unclosed `%(`, a directive without a conversion, an unknown one) and
 * where it would format the whole form (`%s`, `100% sure`). `by` starts the error.
 *
 * @example
 * const format = compileSuccessTemplate('%(name)s was created successfully', '@flash/koa')
 * format({ name: 'John Doe' }) // 'John Doe was created successfully'
 */
export function compileSuccessTemplate(
  template: string,
  by = '@flash/core',
): (data: Readonly<Record<string, unknown>>) => string {
  const parts = parseTemplate(template, by)
  return (data) => {
    let text = ''
    for (const part of parts) text += typeof part === 'string' ? part : directive(template, part, data)
    return text
  }
}

/**
 * Python's `template % mapping` for the conversions forms use: `%(name)s`, `%(count)d`/`i`/`u`,
 * `%(price).2f`, `%(x)r`, with Python's flags, width and precision (`%(n)05d`, `%(name)-10s`), and
 * `%%`. A field missing from `data` throws a {@link FlashError} that names it (Python raises
 * `KeyError`), so a typo never shows up as "undefined" in a message; a malformed template throws a
 * {@link FlashConfigError} (see {@link compileSuccessTemplate}, which checks it once). Nothing is
 * escaped: templates escape.
 *
 * @example
 * formatMessage('%(name)s was created successfully', { name: 'John Doe' }) // 'John Doe was created successfully'
 */
export function formatMessage(template: string, data: Readonly<Record<string, unknown>>): string {
  return compileSuccessTemplate(template)(data)
}

function parseTemplate(template: string, by: string): (string | Directive)[] {
  const parts: (string | Directive)[] = []
  let text = ''
  let at = 0
  for (let percent = template.indexOf('%'); percent !== -1; percent = template.indexOf('%', at)) {
    text += template.slice(at, percent)
    if (template[percent + 1] === '%') {
      text += '%'
      at = percent + 2
      continue
    }
    const fail = (end: number, problem: string): never => {
      throw new FlashConfigError(
        `${by}: success message ${JSON.stringify(template)} is not a valid template: ` +
          `${JSON.stringify(template.slice(percent, end))} at index ${percent} ${problem}; ${FIX}`,
      )
    }
    if (template[percent + 1] !== '(')
      fail(percent + 2, 'names no field (Python would format the whole form)')
    // Python counts nested parentheses: %(a(b))s reads the field "a(b)".
    let i = percent + 2
    for (let depth = 1; depth > 0; i++) {
      if (i === template.length) fail(i, 'has no closing ")"')
      if (template[i] === '(') depth++
      else if (template[i] === ')') depth--
    }
    const field = template.slice(percent + 2, i - 1)
    const flagsStart = i
    while (i < template.length && FLAGS.includes(template[i] as string)) i++
    const flags = template.slice(flagsStart, i)
    const width = DIGITS.exec(template.slice(i))?.[0]
    i += width?.length ?? 0
    let precision: string | undefined
    if (template[i] === '.') {
      precision = DIGITS.exec(template.slice(i + 1))?.[0] ?? ''
      i += 1 + precision.length
    }
    if (template[i] === '*') fail(i + 1, 'takes its width from "*", which a form cannot give')
    while (template[i] === 'h' || template[i] === 'l' || template[i] === 'L') i++ // Python ignores these
    const conversion = template[i]
    if (conversion === undefined) fail(i, 'ends before its conversion (the "s" of %(field)s)')
    if (!CONVERSIONS.includes(conversion as string)) {
      fail(i + 1, `has the conversion "${conversion}", which is not one of s, r, d, i, u, f, F`)
    }
    if (text) parts.push(text)
    text = ''
    parts.push({
      field,
      flags,
      width: width === undefined ? undefined : Number(width),
      precision: precision === undefined ? undefined : Number(precision),
      conversion: conversion as string,
    })
    at = i + 1
  }
  text += template.slice(at)
  if (text) parts.push(text)
  return parts
}

function directive(template: string, part: Directive, data: Readonly<Record<string, unknown>>): string {
  const { field } = part
  if (data === null || typeof data !== 'object' || !Object.hasOwn(data, field)) {
    const known = data && typeof data === 'object' ? Object.keys(data).join(', ') || 'none' : 'none'
    throw new FlashError(
      `@flash/core: success message ${JSON.stringify(template)} uses %(${field})s but the form has no field ` +
        `"${field}" (fields: ${known})`,
    )
  }
  return convert(data[field], part)
}

/** One value as Python's `%` formats it: conversion, then precision, sign and padding. */
function convert(value: unknown, { conversion, flags, width, precision }: Directive): string {
  const first = primitive(Array.isArray(value) ? value[value.length - 1] : value)
  let sign = ''
  let body: string
  switch (conversion) {
    case 'd':
    case 'i':
    case 'u': {
      // `+ 0` turns -0 into 0: Python's int(-0.5) is 0, unsigned.
      const n = Math.trunc(Number(first)) + 0
      body = Number.isNaN(n) ? 'NaN' : String(Math.abs(n)).padStart(precision ?? 0, '0')
      sign = signOf(n, flags)
      break
    }
    case 'f':
    case 'F': {
      const n = Number(first)
      body = Number.isFinite(n) ? fixed(Math.abs(n), precision ?? 6) : String(Math.abs(n))
      if (flags.includes('#') && precision === 0 && Number.isFinite(n)) body += '.'
      sign = signOf(n, flags)
      break
    }
    case 'r':
      body = truncate(typeof first === 'string' ? `'${first}'` : String(first), precision)
      break
    default:
      body = truncate(String(first), precision)
  }
  // Python counts characters, not UTF-16 units: an emoji is one.
  const length = sign.length + codePoints(body)
  if (width === undefined || length >= width) return sign + body
  const padding = width - length
  if (flags.includes('-')) return sign + body + ' '.repeat(padding)
  const numeric = conversion !== 's' && conversion !== 'r'
  return numeric && flags.includes('0')
    ? sign + '0'.repeat(padding) + body
    : ' '.repeat(padding) + sign + body
}

function codePoints(text: string): number {
  let count = 0
  for (const _ of text) count += 1
  return count
}

/**
 * `n` (not negative) with `digits` decimals as Python's `%f` writes it. Both round the exact binary
 * value, but on an exact tie (0.125 to two decimals, 2.5 to none) Python rounds to even and
 * `toFixed` away from zero. A tie is a decimal expansion that ends in a 5 right after the kept
 * digits.
 */
function fixed(n: number, digits: number): string {
  const text = n.toFixed(digits)
  // A tie needs n * 2^(digits + 1) to be whole (n = (2k + 1) / (2 * 10^digits) is then a binary
  // fraction of at most digits + 1 bits): only then does toFixed(100) show its expansion exactly.
  if (n >= 1e21 || digits >= 99 || !Number.isInteger(n * 2 ** (digits + 1))) return text
  const exact = n.toFixed(100)
  const cut = exact.indexOf('.') + 1 + digits
  if (exact[cut] !== '5' || !/^0*$/.test(exact.slice(cut + 1))) return text
  // A tie, and toFixed went up: keep the truncated digits when their last one is even.
  const truncated = exact.slice(0, digits === 0 ? cut - 1 : cut)
  const last = Number(truncated[truncated.length - 1])
  return last % 2 === 0 ? truncated : text
}

function signOf(n: number, flags: string): string {
  if (n < 0 || Object.is(n, -0)) return '-'
  return flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : ''
}

/** The first `precision` characters (code points, as Python counts them: half an emoji is none). */
function truncate(text: string, precision: number | undefined): string {
  if (precision === undefined || text.length <= precision) return text
  let end = 0
  let kept = 0
  for (const character of text) {
    if (kept === precision) break
    end += character.length
    kept += 1
  }
  return text.slice(0, end)
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
