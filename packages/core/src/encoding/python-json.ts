/**
 * @module
 * JSON written the way Python's `json.dumps` writes it with its defaults (`ensure_ascii=True`):
 * every character outside printable ASCII, DEL included, becomes a lowercase `\uXXXX` escape
 * (astral characters as surrogate pairs). `JSON.stringify` keeps non-ASCII as is, which would
 * change the bytes Django signs, so message cookies need this writer to stay byte-compatible.
 */

// Everything JSON.stringify would leave alone that Python escapes, plus what both escape.
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what must be escaped
const NEEDS_ESCAPE = /[\u0000-\u001f"\\\u007f-\uffff]/
const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

/** A JSON string literal, as Python writes it. */
export function pythonJsonString(text: string): string {
  if (!NEEDS_ESCAPE.test(text)) return `"${text}"`
  let out = '"'
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    const code = ch.charCodeAt(0)
    if (code >= 0x20 && code < 0x7f && ch !== '"' && ch !== '\\') out += ch
    else out += SHORT_ESCAPES[ch] ?? `\\u${code.toString(16).padStart(4, '0')}`
  }
  return out + '"'
}

/** Separators: compact `(",", ":")` for cookies, Python's default `(", ", ": ")` for sessions. */
export type JsonSeparators = 'compact' | 'default'

/**
 * Serialise JSON data (strings, finite numbers, booleans, null, arrays, plain objects) as Python
 * would. `replace` turns non-JSON values (such as messages) into JSON data first.
 */
export function pythonJson(
  value: unknown,
  separators: JsonSeparators,
  replace?: (value: unknown) => unknown,
): string {
  const item = separators === 'compact' ? ',' : ', '
  const key = separators === 'compact' ? ':' : ': '
  const write = (input: unknown): string => {
    const v = replace ? replace(input) : input
    if (typeof v === 'string') return pythonJsonString(v)
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new TypeError(`@flash/core: cannot serialise ${v} as JSON`)
      return String(v)
    }
    if (typeof v === 'boolean') return v ? 'true' : 'false'
    if (v === null || v === undefined) return 'null'
    if (Array.isArray(v)) return `[${v.map(write).join(item)}]`
    if (typeof v === 'object') {
      const parts = Object.entries(v).map(([k, x]) => pythonJsonString(k) + key + write(x))
      return `{${parts.join(item)}}`
    }
    throw new TypeError(`@flash/core: cannot serialise a ${typeof v} as JSON`)
  }
  return write(value)
}
