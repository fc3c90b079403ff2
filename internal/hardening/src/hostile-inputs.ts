/**
 * @module
 * Hostile `Cookie` headers for the fuzz suite: runs of the characters a cookie parser scans for
 * (whitespace, `;`, `=`, quotes, backslashes, the cookie's own name), up to 64 KB, with a genuine
 * message cookie somewhere among them or not at all. What the app must show is what Django would
 * read (`effectiveValue`): the genuine messages when the last `messages` pair is the genuine one,
 * nothing otherwise.
 */
import fc from 'fast-check'

/** Units repeated into long runs. */
const UNITS = [
  ' ',
  '\t',
  ';',
  '=',
  '"',
  '\\',
  '; ',
  ' ;',
  '=;',
  '\\"',
  '\\012',
  'messages;',
  'messages=',
  'messages="',
]

/** At most this many characters per header: a server raised to 128 KiB of headers takes them. */
export const MAX_HOSTILE_LENGTH = 64 * 1024

export interface HostileInput {
  readonly label: string
  readonly header: string
}

/** One to four long runs, the genuine pair (`messages=<genuine>`) at a random place or absent. */
export function hostileHeaders(genuine: readonly string[]): fc.Arbitrary<HostileInput> {
  const run = fc
    .tuple(fc.constantFrom(...UNITS), fc.integer({ min: 1, max: 16 * 1024 }))
    .map(([unit, length]) => ({ unit, text: unit.repeat(Math.ceil(length / unit.length)).slice(0, length) }))
  return fc
    .tuple(
      fc.array(run, { minLength: 1, maxLength: 4 }),
      fc.option(fc.constantFrom(...genuine), { nil: undefined }),
      fc.nat(),
      fc.constantFrom('', ' ', '; ', '"'),
    )
    .map(([runs, cookie, at, glue]) => {
      const pieces = runs.map((r) => r.text)
      if (cookie !== undefined) pieces.splice(at % (pieces.length + 1), 0, `messages=${cookie}`)
      // Never end on a run: the HTTP parser would cut trailing whitespace, and a run inside costs more.
      const header = `${pieces.join(glue)};b=2`.slice(-MAX_HOSTILE_LENGTH)
      const units = runs.map((r) => JSON.stringify(r.unit)).join(' ')
      return { label: `runs of ${units}${cookie === undefined ? '' : ' around a genuine cookie'}`, header }
    })
}
