/**
 * @module
 * The message playground: parsing and validating its form, and adding the messages it asks for.
 */
import {
  addMessage,
  type Carrier,
  escapeHtml,
  getLevel,
  markSafe,
  type SafeString,
  setLevel,
  WARNING,
} from '@flash/core'
import { DEMO_LEVELS, levelName } from './levels.js'
import { field } from './notes.js'

export const MAX_COUNT = 50
export const MAX_LENGTH = 1000
export const MAX_TEXT = 1000
export const MAX_EXTRA_TAGS = 100

/** The form as submitted (strings), to fill the form again. */
export interface PlaygroundValues {
  level: string
  extraTags: string
  text: string
  count: string
  length: string
  link: boolean
  minLevel: string
}

/** What a valid form asks for. */
export interface PlaygroundRequest {
  readonly level: number
  readonly extraTags: string
  readonly text: string
  /** How many messages, 1 to {@link MAX_COUNT}. */
  readonly count: number
  /** Pad each message with random words to this many characters (0: no padding). */
  readonly length: number
  /** Follow the text with a link the server writes (see {@link withLink}). */
  readonly link: boolean
  /** This request's minimum level (`setLevel`), or `null` for the app's default. */
  readonly minLevel: number | null
}

export type PlaygroundForm =
  | { ok: true; request: PlaygroundRequest; values: PlaygroundValues }
  | { ok: false; errors: string[]; values: PlaygroundValues }

/** The form's initial values. */
export const PLAYGROUND_DEFAULTS: Readonly<PlaygroundValues> = Object.freeze({
  level: String(WARNING),
  extraTags: '',
  text: 'Careful: this is a message.',
  count: '1',
  length: '0',
  link: false,
  minLevel: '',
})

/**
 * Validate a posted playground form. Any body shape is accepted: what is wrong becomes an error
 * message for the form, never an exception.
 *
 * @example
 * parsePlaygroundForm({ level: '40', text: 'Oops', count: '2' }).ok // true
 */
export function parsePlaygroundForm(body: unknown): PlaygroundForm {
  const values: PlaygroundValues = {
    level: field(body, 'level') ?? '',
    extraTags: field(body, 'extraTags') ?? '',
    text: field(body, 'text') ?? '',
    count: field(body, 'count') ?? '1',
    length: field(body, 'length') ?? '0',
    link: field(body, 'link') !== undefined,
    minLevel: field(body, 'minLevel') ?? '',
  }
  const errors: string[] = []
  const level = knownLevel(values.level)
  if (level === null) errors.push(`Choose a level: ${DEMO_LEVELS.map((l) => l.name).join(', ')}.`)
  const minLevel = values.minLevel === '' ? null : knownLevel(values.minLevel)
  if (values.minLevel !== '' && minLevel === null) errors.push('Choose a minimum level from the list.')
  const text = values.text.trim()
  if (text === '') errors.push('A message needs a text.')
  else if (text.length > MAX_TEXT) errors.push(`A text is at most ${MAX_TEXT} characters.`)
  const extraTags = values.extraTags.trim()
  if (extraTags.length > MAX_EXTRA_TAGS) errors.push(`Extra tags are at most ${MAX_EXTRA_TAGS} characters.`)
  const count = wholeNumber(values.count, 1, MAX_COUNT)
  if (count === null) errors.push(`"How many" is a whole number from 1 to ${MAX_COUNT}.`)
  const length = wholeNumber(values.length, 0, MAX_LENGTH)
  if (length === null) errors.push(`"Pad to" is a whole number of characters from 0 to ${MAX_LENGTH}.`)
  if (errors.length > 0 || level === null || count === null || length === null) {
    return { ok: false, errors, values }
  }
  return {
    ok: true,
    values,
    request: { level, extraTags, text, count, length, link: values.link, minLevel },
  }
}

function knownLevel(value: string): number | null {
  return DEMO_LEVELS.find((l) => String(l.value) === value.trim())?.value ?? null
}

function wholeNumber(value: string, min: number, max: number): number | null {
  if (!/^\s*\d{1,4}\s*$/.test(value)) return null
  const n = Number(value)
  return n >= min && n <= max ? n : null
}

/**
 * The texts of the messages: numbered `(i/count)` when there are several, and padded with random
 * words to `length` characters (random so that compression cannot shrink them: overflow shows).
 *
 * @example
 * playgroundTexts({ ...request, text: 'Hi', count: 2, length: 0 }) // ['Hi (1/2)', 'Hi (2/2)']
 */
export function playgroundTexts(request: PlaygroundRequest, random: () => number = Math.random): string[] {
  const texts: string[] = []
  for (let i = 1; i <= request.count; i++) {
    const text = request.count > 1 ? `${request.text} (${i}/${request.count})` : request.text
    texts.push(
      text.length + 1 < request.length ? `${text} ${filler(request.length - text.length - 1, random)}` : text,
    )
  }
  return texts
}

function filler(length: number, random: () => number): string {
  let out = ''
  while (out.length < length) {
    const size = 2 + Math.floor(random() * 8)
    let word = ''
    for (let i = 0; i < size; i++) word += String.fromCharCode(97 + Math.floor(random() * 26))
    out += out ? ` ${word}` : word
  }
  return out.slice(0, length).trimEnd().padEnd(length, '.')
}

/**
 * Add the messages a valid form asks for, on this request's carrier (Fastify `request`, Koa `ctx`,
 * Hono `c`). When the level is below the request's minimum, nothing is recorded (Django's rule):
 * a WARNING says so instead of nothing happening silently. Returns how many messages were added.
 *
 * @example
 * const form = parsePlaygroundForm(request.body)
 * if (form.ok) addPlaygroundMessages(request, form.request)
 */
export function addPlaygroundMessages(carrier: Carrier, request: PlaygroundRequest): number {
  if (request.minLevel !== null) setLevel(carrier, request.minLevel)
  const min = getLevel(carrier)
  if (request.level < min) {
    addMessage(
      carrier,
      Math.max(WARNING, min),
      `Nothing was added: ${levelName(request.level)} (${request.level}) is below this request's minimum level ` +
        `${levelName(min)} (${min}).`,
    )
    return 0
  }
  const extraTags = request.extraTags || undefined
  for (const text of playgroundTexts(request)) {
    const message: string | SafeString = request.link ? withLink(text) : text
    addMessage(carrier, request.level, message, { extraTags })
  }
  return request.count
}

/** The link {@link withLink} appends: written by the server, so it is HTML. */
export const NOTES_LINK = '<a href="/">Back to your notes</a>'

/**
 * How `markSafe` is meant to be used: on HTML the server builds, with the visitor's text escaped
 * into it. Never `markSafe` request input itself: a form (on this site or, without CSRF
 * protection, on any other) would then choose the HTML every visitor's page renders.
 *
 * @example
 * withLink('<b>hi</b>').value // '&lt;b&gt;hi&lt;/b&gt; <a href="/">Back to your notes</a>'
 */
export function withLink(text: string): SafeString {
  return markSafe(`${escapeHtml(text)} ${NOTES_LINK}`)
}
