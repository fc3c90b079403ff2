/**
 * @module
 * fast-check arbitraries for messages and request plans, and the run settings shared by the
 * property tests (`HARDENING_RUNS`, `HARDENING_SEED` to replay a failure).
 */
import fc from 'fast-check'
import type { Plan, PlanMessage } from './apps/types.js'

/** Sequences per storage and adapter. The issue asks for at least 1,000 in CI. */
export const RUNS = Number(process.env['HARDENING_RUNS'] ?? 1000)

/** The seed of a property run: `HARDENING_SEED` replays a failure, otherwise a fresh one. */
export function seedFor(): number {
  const given = process.env['HARDENING_SEED']
  return given === undefined ? (Math.random() * 2 ** 31) | 0 : Number(given)
}

/** Django's levels and custom ones, some with a tag and some without. */
const level = fc.constantFrom(10, 20, 25, 30, 40, 5, 29, 42, 50)

/** Texts that stress escaping on the way into JSON, the cookie and back. */
const tricky = fc.constantFrom(
  '<b>bold</b> & "quoted"',
  'back\\slash',
  'line\nbreak\ttab',
  '__proto__',
  'constructor',
  'a;b=c, d',
  '\u007f\u0000\u001f',
  '💥 emoji 👩‍👩‍👧 and ẞ',
  ' ',
)

export function text(long: boolean): fc.Arbitrary<string> {
  const arbitraries: fc.WeightedArbitrary<string>[] = [
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 2, arbitrary: tricky },
    { weight: 10, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }) },
  ]
  if (long)
    arbitraries.push({
      weight: 2,
      arbitrary: fc.string({ unit: 'grapheme', minLength: 150, maxLength: 400 }),
    })
  return fc.oneof(...arbitraries)
}

const extraTags = fc.oneof(
  fc.constant(null),
  fc.constant(''),
  fc.string({ unit: 'grapheme-ascii', maxLength: 10 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
)

export function message(long: boolean): fc.Arbitrary<PlanMessage> {
  return fc.record({ level, text: text(long), extraTags, safe: fc.boolean() })
}

/** One request: setLevel or not, read the length or not, add, display (or not), keep, add late. */
export function plan(long: boolean): fc.Arbitrary<Plan> {
  return fc.record({
    level: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 2, arbitrary: fc.constantFrom(1, 10, 20, 25, 30, 40) },
    ),
    count: fc.boolean(),
    add: fc.array(message(long), { maxLength: 4 }),
    display: fc.constantFrom('none', 'handler', 'late'),
    keep: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    after: fc.array(message(long), { maxLength: 2 }),
  }) as fc.Arbitrary<Plan>
}
