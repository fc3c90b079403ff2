/**
 * @module
 * Before anything is measured, one request cycle per server proves it does what its scenario
 * says: a benchmark of a broken server is worse than none. For the cookie scenarios it also
 * returns the cookie the load generator sends: made once, by the server itself, with its secret.
 */
import type { ServerChild } from './child.js'
import { type Scenario, variantKey } from './scenarios.js'
import { CYCLE_PATTERN, OVERFLOW_MESSAGES } from './servers/page.js'

export interface Checked {
  /** The `Cookie` header every measured request carries, if any. */
  readonly cookie: string | undefined
  /** What was verified, in words, for the results. */
  readonly verified: string
}

interface Reply {
  readonly status: number
  readonly body: string
  readonly setCookies: readonly string[]
  readonly texts: readonly string[]
}

const NO_COOKIE_SCENARIOS: readonly Scenario[] = ['s0', 's0-control', 's0-floor', 's1', 's2', 's1-redis']

/** Only the server's address and what it serves are needed: any running server will do. */
export async function checkServer(server: Pick<ServerChild, 'variant' | 'url'>): Promise<Checked> {
  const { scenario } = server.variant
  const fail = (what: string, reply: Reply): never => {
    throw new Error(
      `${variantKey(server.variant)}: ${what} (status ${reply.status}, Set-Cookie ${JSON.stringify(reply.setCookies)}, ` +
        `body ${JSON.stringify(reply.body.slice(0, 200))})`,
    )
  }

  if (NO_COOKIE_SCENARIOS.includes(scenario)) {
    const reply = await get(server.url)
    if (reply.status !== 200 || reply.body !== 'hello') fail('expected 200 "hello"', reply)
    if (reply.setCookies.length > 0) fail('a request without a cookie must get no Set-Cookie', reply)
    return { cookie: undefined, verified: '200 "hello", no Set-Cookie' }
  }

  // S4 shows the 30 texts; S3 shows one numbered text, a different one on every cycle.
  const overflow = scenario === 's4' || scenario === 's4-django'
  const expected = overflow ? OVERFLOW_MESSAGES : [CYCLE_PATTERN]
  // The seed: a first visit shows nothing and adds the messages.
  const seed = await get(server.url)
  if (seed.status !== 200 || seed.texts.length !== 0) fail('the first visit must show no message', seed)
  if (seed.setCookies.length === 0) fail('the first visit must set a cookie', seed)
  // S4 must really overflow into the session: a session cookie comes with the message cookie.
  if (overflow && !seed.setCookies.some((c) => !c.startsWith('messages='))) {
    fail('30 messages of 300 characters must overflow into the session', seed)
  }
  const cookie = cookieHeader(seed.setCookies)

  // The cycle: the seeded cookie shows the messages and the response writes a new cookie...
  const cycle = await get(server.url, cookie)
  if (cycle.status !== 200 || !matches(cycle.texts, expected)) {
    fail(`the seeded cookie must show the ${expected.length} message(s) exactly`, cycle)
  }
  if (cycle.setCookies.length === 0) fail('every cycle must rewrite the cookie', cycle)

  // ...which is valid: sent back, it shows the message added by the cycle.
  const next = await get(server.url, mergeCookies(cookie, cycle.setCookies))
  const isNew = overflow || next.texts[0] !== cycle.texts[0]
  if (next.status !== 200 || !matches(next.texts, expected) || !isNew) {
    fail('the rewritten cookie must be valid and show the message(s) added', next)
  }
  return {
    cookie,
    verified: `shows ${expected.length} message(s) from the seeded cookie, rewrites it, the new cookie is valid`,
  }
}

async function get(url: string, cookie?: string): Promise<Reply> {
  const response = await fetch(url, { headers: cookie ? { cookie } : {} })
  const body = await response.text()
  const texts = [...body.matchAll(/<li class="[^"]*">([^<]*)<\/li>/g)].map((m) => unescapeHtml(m[1]!))
  return { status: response.status, body, setCookies: response.headers.getSetCookie(), texts }
}

function matches(actual: readonly string[], expected: readonly (string | RegExp)[]): boolean {
  return (
    actual.length === expected.length &&
    actual.every((text, i) => {
      const want = expected[i]!
      return typeof want === 'string' ? text === want : want.test(text)
    })
  )
}

/** `name=value` pairs of the `Set-Cookie` headers; the last one of a name wins, deletions drop it. */
function cookieHeader(setCookies: readonly string[]): string {
  return mergeCookies('', setCookies)
}

function mergeCookies(header: string, setCookies: readonly string[]): string {
  const jar = new Map<string, string>()
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim())
  }
  for (const line of setCookies) {
    const first = line.split(';', 1)[0]!
    const eq = first.indexOf('=')
    const name = first.slice(0, eq).trim()
    const value = first.slice(eq + 1).trim()
    if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line) || /max-age=0\b/i.test(line)) jar.delete(name)
    else jar.set(name, value)
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ')
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
}

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity]!)
}
