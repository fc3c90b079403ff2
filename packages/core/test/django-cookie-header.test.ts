/**
 * The `Cookie` header read as real Django reads it (a `WSGIRequest` in `test/django/interop.py`):
 * when Django and @flash share the message cookie, a header with two `messages` pairs, quotes,
 * escapes or odd whitespace must give both the same value and the same messages. Needs Django
 * 5.2 for python3, like `django-interop.test.ts`.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { cookieFromHeader } from '../src/cookie-header.js'
import { createStorage } from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { makeConfig, NOW, type PlainMessage, plain, SECRET } from './helpers/config.js'
import { cookieWrites, createSeam } from './helpers/seam.js'

/**
 * The Python with Django: `.ci/run` exports the interpreter it checked, because pnpm puts the
 * directory of `node` (often /usr/bin, a system Python without Django) first on the PATH of scripts.
 */
const PYTHON = process.env['FLASH_PYTHON'] || 'python3'

const SCRIPT = fileURLToPath(new URL('./django/interop.py', import.meta.url))
const probe = spawnSync(PYTHON, ['-c', 'import django'], { encoding: 'utf8' })
const hasDjango = probe.status === 0

interface HeaderAnswer {
  value: string | null
  messages: PlainMessage[] | null
}

function djangoReads(headers: readonly string[]): HeaderAnswer[] {
  const request = { secret: SECRET, now: NOW, decode: [], encode: [], headers }
  const run = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`interop.py failed (${run.status}): ${run.stderr}`)
  return (JSON.parse(run.stdout) as { headers: HeaderAnswer[] }).headers
}

const config = makeConfig({ storage: 'cookie', crypto: nodeCrypto })

async function signed(text: string): Promise<string> {
  const t = createSeam()
  const storage = createStorage(config, t.seam)
  storage.add(20, text)
  await storage.update()
  return (cookieWrites(t)[0] as { value: string }).value
}

/** What @flash reads from a header: the value, and its messages or null (none: Django's `_decode` gives None). */
async function flashReads(
  header: string,
): Promise<{ value: string | null; messages: PlainMessage[] | null }> {
  const value = cookieFromHeader(header, 'messages')
  if (value === undefined) return { value: null, messages: null }
  const storage = createStorage(config, createSeam({ cookies: { messages: value } }).seam)
  await storage.preload()
  const messages = [...storage].map(plain)
  return { value, messages: messages.length === 0 ? null : messages }
}

/**
 * Seeded random headers: a few pairs, most named `messages` with whitespace around, values made of
 * the characters that matter to a parser (quotes, backslashes, octal digits, `=`, spaces), some
 * chunks without `=`.
 */
function randomHeaders(count: number, seed: number): string[] {
  let state = seed
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return (state >>> 8) % n
  }
  const pick = (items: readonly string[]) => items[next(items.length)]!
  const spaces = ['', '', ' ', '\t', '  ', '\x0b', '\x1c']
  const names = ['messages', 'messages', 'messages', 'a', '', 'xmessages']
  const pieces = ['"', '"', '\\', '\\', '0', '12', '7', '=', ' ', ':', 'ab', '\t']
  const inner = () => Array.from({ length: next(8) }, () => pick(pieces)).join('')
  const value = () => (next(3) === 0 ? `"${inner()}"` : inner())
  return Array.from({ length: count }, () =>
    Array.from({ length: 1 + next(4) }, () =>
      next(6) === 0
        ? pick(spaces) + value()
        : pick(spaces) + pick(names) + pick(spaces) + '=' + pick(spaces) + value() + pick(spaces),
    ).join(pick([';', '; ', ';;'])),
  )
}

/** The last `messages` value before unquoting, the plain way (to count what unquoting changed). */
function rawLastValue(header: string): string | undefined {
  // trim() strips slightly other characters than Python: close enough to count.
  const strip = (text: string) => text.trim()
  let last: string | undefined
  for (const chunk of header.split(';')) {
    const eq = chunk.indexOf('=')
    if (eq !== -1 && strip(chunk.slice(0, eq)) === 'messages') last = strip(chunk.slice(eq + 1))
  }
  return last
}

describe.skipIf(!hasDjango && process.env['CI'] !== 'true')('Cookie header, as Django reads it', () => {
  let a = ''
  let b = ''
  let cases: string[] = []
  let answers: HeaderAnswer[] = []

  beforeAll(async () => {
    a = await signed('from cookie a')
    b = await signed('from cookie b')
    cases = [
      `messages=${a}; messages=${b}`,
      `messages=${b}; messages=${a}`,
      `messages=${a}; messages=junk`,
      `messages=junk; other=1; messages=${a}`,
      `messages=${a}; messages=`,
      `messages=${a}; messages`,
      `messages="${a}"`,
      `messages="${a.replaceAll(':', '\\:')}"`,
      `messages="${a}`,
      ` messages = ${a} ;`,
      `messages=\x0b\t${a}\x0c`,
      `${';'.repeat(1000)}messages=${a}`,
      `${'messages; '.repeat(500)}messages=${b}`,
      ...randomHeaders(2000, 13),
    ]
    answers = djangoReads(cases)
  })

  it('two pairs of the same name: the last wins, in both', async () => {
    const expected = [
      ['from cookie b'],
      ['from cookie a'],
      null,
      ['from cookie a'],
      null,
      ['from cookie a'],
      ['from cookie a'],
      ['from cookie a'],
      null,
      ['from cookie a'],
      ['from cookie a'],
      ['from cookie a'],
      ['from cookie b'],
    ]
    for (const [i, texts] of expected.entries()) {
      expect(answers[i]!.messages?.map((m) => m.message) ?? null, cases[i]).toEqual(texts)
      expect(await flashReads(cases[i]!), cases[i]).toEqual(answers[i])
    }
  })

  it('2,000 random headers of names, "=", ";", spaces, quotes and escapes read the same value', () => {
    const random = cases.slice(13)
    const differ = random
      .map((header, i) => [header, cookieFromHeader(header, 'messages') ?? null, answers[13 + i]!.value])
      .filter(([, ours, django]) => ours !== django)
    expect(differ).toEqual([])
    // The generator reaches the interesting cases: most headers have a value, many were unquoted.
    const values = answers.slice(13).map((answer) => answer.value)
    expect(values.filter((v) => v !== null).length).toBeGreaterThan(1000)
    const unquoted = random.filter((h, i) => values[i] !== null && rawLastValue(h) !== values[i])
    expect(unquoted.length).toBeGreaterThan(50)
  })
})
