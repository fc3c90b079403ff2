/**
 * @module
 * Request cycles over every storage through the built @flash/hono and `app.request`, with no test
 * runner, so that the same file runs under Bun and Deno (`runtimes.test.ts` starts it there):
 * add, redirect, show once, then nothing; a cookie overflow spilled into hono-sessions and read
 * back whole; a tampered cookie reads as no messages. Exits non-zero on the first difference.
 */
import { runtimeCrypto } from '@flash/core/crypto'
import { type FlashEnv, flash, getMessages, type HonoFlashOptions, success } from '@flash/hono'
import { Hono } from 'hono'
import { MemoryStore, sessionMiddleware } from 'hono-sessions'

const SECRET = 'a-runtime-test-secret-that-is-long-enough-0123456789'
const runtime =
  'Bun' in globalThis ? 'bun' : 'Deno' in globalThis ? 'deno' : `node ${globalThis.process?.version}`

function check(what: string, actual: unknown, expected: unknown): void {
  const [a, e] = [JSON.stringify(actual), JSON.stringify(expected)]
  if (a !== e) throw new Error(`${runtime}: ${what}: got ${a}, expected ${e}`)
}

/** 300 characters of varied words: zlib cannot squeeze 30 of them into one cookie. */
function words(seed: number): string {
  let text = ''
  for (let state = seed; text.length < 300; ) {
    state = (state * 1103515245 + 12345) % 2147483648
    text += ` ${['invoice', 'paid', 'order', 'shipped', 'quota'][state % 5]}${state % 97}`
  }
  return text.slice(0, 300)
}

function app(storage: HonoFlashOptions['storage'], withSession: boolean) {
  const app = new Hono<FlashEnv>()
  if (withSession) {
    app.use(
      sessionMiddleware({ store: new MemoryStore(), sessionCookieName: 'sid', expireAfterSeconds: 600 }),
    )
  }
  app.use(flash({ secret: SECRET, storage }))
  app.post('/add/:count', (c) => {
    for (let i = 1; i <= Number(c.req.param('count')); i++) success(c, `Saved ${i}: ${words(i)}`)
    return c.redirect('/')
  })
  app.get('/', (c) => c.json([...getMessages(c)].map((m) => String(m).slice(0, 8))))
  return app
}

/** A client that keeps cookies as a browser does (a cookie deleted with Max-Age=0 is dropped). */
function client(target: Hono<FlashEnv>) {
  const jar = new Map<string, string>()
  return async (path: string, method = 'GET') => {
    const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await target.request(path, { method, headers: cookie ? { cookie } : {} })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const name = pair!.slice(0, pair!.indexOf('='))
      if (/Max-Age=0/i.test(line)) jar.delete(name)
      else jar.set(name, pair!.slice(name.length + 1))
    }
    return { response, jar }
  }
}

check('crypto chosen by export condition', runtimeCrypto.name, 'node')
const cases: [HonoFlashOptions['storage'], boolean, number][] = [
  ['cookie', false, 2],
  ['session', true, 2],
  ['fallback', true, 2],
  ['fallback', true, 30], // overflows the cookie into the session
]
for (const [storage, withSession, count] of cases) {
  const label = `${storage}, ${count} messages`
  const request = client(app(storage, withSession))
  const added = await request(`/add/${count}`, 'POST')
  check(`${label}: redirect`, added.response.status, 302)
  if (count > 2) {
    // 30 messages of 300 varied characters do not fit in the 2048-character cookie: the rest is in the session.
    check(`${label}: cookie within its limit`, (added.jar.get('messages') ?? '').length <= 2048, true)
    check(`${label}: session cookie`, added.jar.has('sid'), true)
  }
  const shown = await request('/')
  const expected = Array.from({ length: count }, (_, i) => `Saved ${i + 1}:`.slice(0, 8))
  check(`${label}: shown once`, await shown.response.json(), expected)
  check(`${label}: then nothing`, await (await request('/')).response.json(), [])
}
const tampered = await app('cookie', false).request('/', {
  headers: { cookie: 'messages=W10:1rXyZa:forged' },
})
check('a tampered cookie', [tampered.status, await tampered.json()], [200, []])
console.log(`${runtime}: ${cases.length + 1} cycles passed (crypto: ${runtimeCrypto.name})`)
