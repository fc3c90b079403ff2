/**
 * Real Django, in-process: Django's `CookieStorage` reads the cookies @flash writes, and @flash
 * reads the cookies Django writes on the fly (`test/django/interop.py`). Needs
 * `pip install 'django>=5.2,<5.3'`; skipped with a warning without it, except on CI.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  CookieStorage,
  createStorage,
  endRequest,
  type FlashCrypto,
  markSafe,
  SessionStorage,
  webCrypto,
} from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { makeConfig, NOW, OLD_SECRET, type PlainMessage, plain, SECRET } from './helpers/config.js'
import { seededRandomStrings } from './helpers/random.js'
import { cookieWrites, createSeam } from './helpers/seam.js'

/**
 * The Python with Django: `.ci/run` exports the interpreter it checked, because pnpm puts the
 * directory of `node` (often /usr/bin, a system Python without Django) first on the PATH of scripts.
 */
const PYTHON = process.env['FLASH_PYTHON'] || 'python3'

const SCRIPT = fileURLToPath(new URL('./django/interop.py', import.meta.url))
const probe = spawnSync(PYTHON, ['-c', 'import django; print(django.get_version())'], { encoding: 'utf8' })
const djangoVersion = probe.status === 0 ? probe.stdout.trim() : null
const INSTALL = "pip install 'django>=5.2,<5.3'"

if (djangoVersion === null && process.env['CI'] !== 'true') {
  console.warn(
    `\n!!! django-interop.test.ts SKIPPED: python3 cannot import django (${probe.stderr?.trim() || probe.error?.message || `exit code ${probe.status}`}).\n` +
      `!!! Install it with: ${INSTALL}\n`,
  )
}

interface DjangoAnswer {
  django: string
  decoded: { messages: PlainMessage[] | null; all_retrieved: boolean; used: boolean }[]
  encoded: {
    value: string
    attributes: Record<string, string | boolean | null>
    unstored: PlainMessage[]
    session: string | null
  }[]
}

function django(request: object): DjangoAnswer {
  const run = spawnSync(PYTHON, [SCRIPT], { input: JSON.stringify(request), encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`interop.py failed (${run.status}): ${run.stderr}`)
  return JSON.parse(run.stdout) as DjangoAnswer
}

const m = (level: number, message: string, extra_tags: string | null = '', safe = false): PlainMessage => ({
  level,
  message,
  extra_tags,
  safe,
})
const random = seededRandomStrings(2024)
const lorem = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '

/** Message sets written by one side and read by the other. */
const SETS: { name: string; storage: 'cookie' | 'fallback'; overflow?: true; messages: PlainMessage[] }[] = [
  {
    name: 'every level, custom ones included',
    storage: 'cookie',
    messages: [
      m(10, 'debug'),
      m(20, 'info'),
      m(25, 'success'),
      m(29, 'custom'),
      m(30, 'warning'),
      m(40, 'error'),
      m(50, 'critical', 'critical'),
    ],
  },
  {
    name: 'unicode and escapes',
    storage: 'cookie',
    messages: [
      m(20, 'Café naïve – ☕ 日本語'),
      m(25, 'Party 🎉😀 done', 'ünï'),
      m(30, 'quote " backslash \\ slash / <>& tab\tnl\ncr\rbell\u0007del\u007f'),
    ],
  },
  {
    name: "extra tags '' and null",
    storage: 'cookie',
    messages: [m(20, 'empty tags', ''), m(20, 'null tags', null), m(40, 'two tags', 'tag1 tag2')],
  },
  {
    name: 'a safe message',
    storage: 'cookie',
    messages: [m(25, '<b>Bold</b> & <i>italic</i>', '', true), m(30, '<script>alert(1)</script>')],
  },
  {
    name: 'a compressed multi-message payload',
    storage: 'cookie',
    messages: Array.from({ length: 8 }, (_, i) => m(20, `${i}: ${lorem.repeat(3)}`)),
  },
  {
    name: 'an overflow with the sentinel',
    storage: 'cookie',
    overflow: true,
    messages: Array.from({ length: 12 }, (_, i) => m(20, `${String(i).padStart(2, '0')}:${random(200)}`)),
  },
  {
    name: 'a fallback overflow into the session',
    storage: 'fallback',
    overflow: true,
    messages: Array.from({ length: 12 }, (_, i) => m(20, `${String(i).padStart(2, '0')}:${random(200)}`)),
  },
]

/** What @flash wrote for one set: the cookie value and what it could not store. */
async function flashWrites(set: (typeof SETS)[number], crypto: FlashCrypto) {
  const config = makeConfig({ storage: set.storage, crypto })
  const t = createSeam({ session: true })
  const storage = createStorage(config, t.seam)
  storage.level = 0
  for (const x of set.messages) storage.add(x.level, x.safe ? markSafe(x.message) : x.message, x.extra_tags)
  const unstored = (await storage.update())!.map(plain)
  const write = cookieWrites(t)[0]!
  if (write.op !== 'setCookie') throw new Error('expected a Set-Cookie')
  return {
    value: write.value,
    attributes: write.attributes,
    unstored,
    session: t.session!.data.get('_messages'),
  }
}

describe.skipIf(djangoVersion === null && process.env['CI'] !== 'true')('Django interop', () => {
  it('Django is installed', () => {
    expect(djangoVersion, `python3 cannot import django; ${INSTALL}`).toMatch(/^5\.2\./)
  })

  describe.each([webCrypto, nodeCrypto])('($name crypto)', (crypto) => {
    let written: Awaited<ReturnType<typeof flashWrites>>[]
    let answer: DjangoAnswer

    beforeAll(async () => {
      if (djangoVersion === null) return
      written = []
      for (const set of SETS) written.push(await flashWrites(set, crypto))
      const rotated = makeConfig({ secret: OLD_SECRET, storage: 'cookie', crypto })
      const t = createSeam()
      const oldStorage = createStorage(rotated, t.seam)
      oldStorage.add(20, 'signed with the old key')
      await oldStorage.update()
      const oldValue = (cookieWrites(t)[0] as { value: string }).value
      answer = django({
        secret: SECRET,
        fallbacks: [OLD_SECRET],
        now: NOW,
        decode: [...written.map((w) => w.value), oldValue, `${written[0]!.value.slice(0, -1)}A`],
        encode: SETS.map((s) => ({ storage: s.storage, messages: s.messages })),
      })
    })

    it.each(SETS.map((set, i) => [set.name, i] as const).filter(([, i]) => !SETS[i]!.overflow))(
      'Django reads what @flash wrote: %s',
      (name, i) => {
        expect(written[i]!.unstored).toEqual([])
        if (name.includes('compressed')) expect(written[i]!.value.startsWith('.')).toBe(true)
        expect(answer.decoded[i]).toEqual({ messages: SETS[i]!.messages, all_retrieved: true, used: false })
      },
    )

    it('Django reads the exact overflow split @flash chose', () => {
      const cookieOverflow = SETS.findIndex((s) => s.overflow && s.storage === 'cookie')
      const w = written[cookieOverflow]!
      const kept = SETS[cookieOverflow]!.messages.slice(w.unstored.length)
      expect(w.unstored.length).toBeGreaterThan(0)
      expect(answer.decoded[cookieOverflow]).toEqual({ messages: kept, all_retrieved: false, used: false })

      const fallback = SETS.findIndex((s) => s.storage === 'fallback')
      const f = written[fallback]!
      expect(f.unstored).toEqual([])
      const session = JSON.parse(f.session as string) as unknown[]
      expect(session.length).toBeGreaterThan(0)
      const all = SETS[fallback]!.messages
      expect(answer.decoded[fallback]).toEqual({
        messages: all.slice(0, all.length - session.length),
        all_retrieved: false,
        used: false,
      })
    })

    it('Django verifies a cookie @flash signed with a rotated-out secret, and rejects a tampered one', () => {
      expect(answer.decoded[SETS.length]).toEqual({
        messages: [m(20, 'signed with the old key')],
        all_retrieved: true,
        used: false,
      })
      expect(answer.decoded[SETS.length + 1]).toEqual({ messages: null, all_retrieved: true, used: true })
    })

    it.each(SETS.map((set, i) => [set.name, i] as const))(
      '@flash reads what Django wrote: %s',
      async (_, i) => {
        const set = SETS[i]!
        const d = answer.encoded[i]!
        const config = makeConfig({ storage: set.storage, crypto })
        expect(d.attributes).toEqual({
          domain: null,
          path: '/',
          secure: false,
          httponly: true,
          samesite: 'Lax',
          'max-age': null,
          expires: null,
        })
        expect(config.cookieAttributes).toEqual({
          path: '/',
          domain: undefined,
          secure: false,
          httpOnly: true,
          sameSite: 'Lax',
          maxAge: undefined,
        })
        const t = createSeam({ cookies: { messages: d.value }, session: new Map([['_messages', d.session]]) })
        const storage = createStorage(config, t.seam)
        await storage.preload()
        const read = [...storage].map(plain)
        if (set.storage === 'fallback') {
          // Django's fallback: cookie first, the rest in the session; @flash reads both, in order.
          expect(read).toEqual(set.messages)
        } else {
          expect([...d.unstored, ...read]).toEqual(set.messages)
          const cookie = await new CookieStorage(
            createSeam({ cookies: { messages: d.value } }).seam,
            config,
          ).get()
          expect(cookie.allRetrieved).toBe(d.unstored.length === 0)
        }
        // @flash writes the same split as Django, and byte for byte the same cookie when uncompressed.
        const mine = written[i]!
        expect(mine.unstored).toEqual(d.unstored)
        expect(mine.session ?? null).toBe(d.session)
        if (!d.value.startsWith('.') && !mine.value.startsWith('.')) expect(mine.value).toBe(d.value)
      },
    )

    it("@flash's session storage reads Django's session JSON", async () => {
      const fallback = SETS.findIndex((s) => s.storage === 'fallback')
      const session = answer.encoded[fallback]!.session!
      const config = makeConfig({ storage: 'session', crypto })
      const storage = new SessionStorage(
        createSeam({ session: new Map([['_messages', session]]) }).seam,
        config,
      )
      const all = SETS[fallback]!.messages
      expect([...storage].map(plain)).toEqual(all.slice(all.length - JSON.parse(session).length))
    })
  })

  it('a cookie with messages bound to a tab: Django reads it without error, every unbound message intact, the bound ones as ordinary messages after an empty flash-bound marker; a Django page that adds a message keeps the binding for @flash', async () => {
    const config = makeConfig({ storage: 'cookie', scope: 'redirect' })
    const id = 'AbCdEfGhIjKlMnOp'
    // A cookie @flash wrote: one unbound message, then tab `id`'s two.
    const post = createSeam()
    post.seam.requestUrl = () => 'http://a.test/notes'
    post.seam.responseStatus = () => 200 // a page, not a redirect: unbound
    let location = '/notes?sort=new'
    post.seam.responseHeader = (name) => (name === 'location' ? location : undefined)
    post.seam.setResponseHeader = (_name, value) => {
      location = value
    }
    const posting = createStorage(config, post.seam)
    posting.add(20, 'unbound, from before')
    await endRequest(posting, config, post.seam, () => {})
    const unboundValue = (cookieWrites(post)[0] as { value: string }).value
    const second = createSeam({ cookies: { messages: unboundValue } })
    second.seam.requestUrl = () => `http://a.test/notes?_flash=${id}`
    second.seam.responseStatus = () => 303
    second.seam.responseHeader = (name) => (name === 'location' ? '/notes' : undefined)
    second.seam.setResponseHeader = () => {}
    const adding = createStorage(config, second.seam)
    await adding.preload()
    adding.add(25, 'Comment saved.')
    adding.add(30, 'Check the preview.', 'preview')
    await endRequest(adding, config, second.seam, () => {})
    const value = (cookieWrites(second)[0] as { value: string }).value

    const answer = django({
      secret: SECRET,
      now: NOW,
      decode: [value],
      encode: [],
      add_to: [value],
    }) as DjangoAnswer & {
      added: { value: string }[]
    }
    expect(answer.decoded[0]).toEqual({
      messages: [
        m(20, 'unbound, from before'),
        m(0, '', `flash-bound ${id} ${NOW} 2`),
        m(25, 'Comment saved.'),
        m(30, 'Check the preview.', 'preview'),
      ],
      all_retrieved: true,
      used: false,
    })

    // Django added one without reading: another tab of @flash still sees only the unbound ones.
    const other = createStorage(config, createSeam({ cookies: { messages: answer.added[0]!.value } }).seam)
    await other.preload()
    expect([...other].map(String)).toEqual(['unbound, from before', 'added by Django'])
    const own = createSeam({ cookies: { messages: answer.added[0]!.value } })
    own.seam.requestUrl = () => `http://a.test/notes?_flash=${id}`
    const ownStorage = createStorage(config, own.seam)
    await ownStorage.preload()
    expect([...ownStorage].map(String)).toEqual([
      'unbound, from before',
      'Comment saved.',
      'Check the preview.',
      'added by Django',
    ])
  })
})
