/**
 * @module
 * `Cookie` headers built to make a cookie reader do more than linear work: long runs of spaces,
 * tabs, `;`, `=`, quotes and backslashes, never at the end (a trailing run is cut by the HTTP
 * parser), each with the message cookie's name in it so no shortcut skips the scan. Shared by the
 * scenario suite (timed through each adapter) and the fuzz suite (`internal/hardening`).
 */

export interface HostileHeader {
  readonly label: string
  /** The whole `Cookie` header value, ASCII, exactly `size` characters. */
  readonly header: string
}

/** Each shape: what goes before the run, the repeated unit, what comes after. */
const SHAPES: readonly (readonly [label: string, before: string, unit: string, after: string])[] = [
  // A whitespace run inside one line: `/[\t\n\r ]+$/` retries it from every position.
  ['spaces', 'a=1; messages=x', ' ', 'x; b=2'],
  ['tabs', 'a=1; messages=x', '\t', 'x; b=2'],
  ['spaces and tabs', 'a=1;', ' \t', 'messages=x'],
  // Pairs without `=` before one that has it: a reader that looks for `=` from each `;` rescans.
  ['semicolons', 'a=1', ';', 'messages=x'],
  ['semicolons and spaces', 'a=1', '; ', 'messages=x'],
  ['equals signs', 'messages=', '=', '; b=2'],
  ['names without values', 'a=1', ' messages;', 'messages=x'],
  ['empty pairs', 'a=1', '=;', 'messages=x'],
  ['many message pairs', '', 'messages=x; ', 'b=2'],
  ['quotes', 'messages="', '"', '"; b=2'],
  ['escaped quotes', 'messages="', '\\"', '"; b=2'],
  ['backslashes', 'messages="', '\\', 'x"; b=2'],
  ['octal escapes', 'messages="', '\\012', '"; b=2'],
]

/** Every hostile shape at exactly `size` characters. */
export function hostileCookieHeaders(size: number): HostileHeader[] {
  return SHAPES.map(([label, before, unit, after]) => {
    const room = size - before.length - after.length
    const run = unit.repeat(Math.ceil(room / unit.length)).slice(0, room)
    return { label: `${label}, ${size >> 10} KB`, header: before + run + after }
  })
}

/** A header a browser sends: a few cookies, and a message cookie that does not verify. */
export const NORMAL_COOKIE_HEADER =
  'csrftoken=Zm9vYmFy; theme=dark; messages=W1siX19qc29uX21lc3NhZ2UiXV0:1r31eq:x'
