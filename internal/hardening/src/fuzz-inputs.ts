/**
 * @module
 * Hostile message cookies: mutations of genuine ones (fast-check arbitraries), and a fixed corpus
 * of cookies signed with the app's own secret over bad content, or with other salts and secrets.
 * Every input is a whole `Cookie` header in latin1 (one char, one byte), as a server receives it.
 */
import { createHash, createHmac } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { encodePayload, MESSAGES_SALT, TimestampSigner } from '@flash/core'
import { nodeCrypto } from '@flash/core/node'
import fc from 'fast-check'

/** What an input is, and so what the app may do with it. */
export type InputKind =
  /** Not produced by the app with its secret: showing any message is a forgery. */
  | 'forged'
  /** Signed with the app's secret over content that is not a message list: must show nothing. */
  | 'signed-bad'
  /** Signed with the app's secret over a valid list: a control, must show exactly `expect`. */
  | 'signed-good'

export interface FuzzInput {
  readonly label: string
  readonly kind: InputKind
  /** The whole `Cookie` header, latin1. */
  readonly header: string
  /** For `signed-good`: the texts that must be shown. */
  readonly expect?: readonly string[]
}

/** UTF-8 bytes of `text` as a latin1 string: what a server sees for non-ASCII header text. */
export function wire(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1')
}

/**
 * The value of the `messages` cookie in a Cookie header as Django's `parse_cookie` has it (what
 * the app reads, written independently of the core): split at `;`, each at its first `=`, name
 * and value stripped, the last pair of the name wins, then Python's `_unquote`.
 */
export function effectiveValue(header: string): string | undefined {
  let value: string | undefined
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=')
    if (eq !== -1 && pythonStrip(pair.slice(0, eq)) === 'messages') value = pythonStrip(pair.slice(eq + 1))
  }
  if (value === undefined || value.length < 2 || !value.startsWith('"') || !value.endsWith('"')) return value
  return value
    .slice(1, -1)
    .replace(/\\(?:([0-3][0-7][0-7])|([^\n]))/g, (_, octal?: string, char?: string) =>
      octal ? String.fromCharCode(Number.parseInt(octal, 8)) : char!,
    )
}

/** Python's `str.strip()` over ASCII whitespace (a loop: `/\s+$/` is quadratic on a long run). */
function pythonStrip(text: string): string {
  const space = (i: number) => {
    const code = text.charCodeAt(i)
    return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f)
  }
  let start = 0
  let end = text.length
  while (start < end && space(start)) start++
  while (end > start && space(end - 1)) end--
  return text.slice(start, end)
}

const SEPARATORS = [';', '.', '$', ' ', '::', '%3A', '', ',', '=', '\t'] as const

/** Mutations of genuine cookies: truncations, bit flips, splices, separators, padding to 8-16 KB. */
export function mutations(genuine: readonly string[]): fc.Arbitrary<FuzzInput> {
  const cookie = fc.constantFrom(...genuine)
  const byte = fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b))
  const forged = (label: string, value: string): FuzzInput => ({
    label,
    kind: 'forged',
    header: `messages=${value}`,
  })
  return fc.oneof(
    fc.tuple(cookie, fc.nat()).map(([c, i]) => forged('truncated', c.slice(0, i % c.length))),
    fc.tuple(cookie, fc.nat(), fc.integer({ min: 0, max: 7 })).map(([c, i, bit]) => {
      const at = i % c.length
      return forged(
        'bit flip',
        c.slice(0, at) + String.fromCharCode(c.charCodeAt(at) ^ (1 << bit)) + c.slice(at + 1),
      )
    }),
    fc.tuple(cookie, fc.nat(), fc.array(byte, { minLength: 1, maxLength: 8 })).map(([c, i, bytes]) => {
      const at = i % (c.length + 1)
      return forged('inserted bytes', c.slice(0, at) + bytes.join('') + c.slice(at))
    }),
    fc.tuple(cookie, fc.constantFrom(...SEPARATORS), fc.nat()).map(([c, sep, n]) => {
      const parts = c.split(':')
      const at = n % (parts.length - 1)
      return forged(
        'wrong separator',
        parts.map((p, i) => (i === at ? `${p}${sep}` : i === parts.length - 1 ? p : `${p}:`)).join(''),
      )
    }),
    fc.tuple(cookie, cookie).map(([a, b]) => {
      const [payloadA = ''] = a.split(':')
      return forged('payload of one, signature of another', [payloadA, ...b.split(':').slice(1)].join(':'))
    }),
    cookie.map((c) => forged('reordered parts', c.split(':').reverse().join(':'))),
    cookie.map((c) => forged('percent-encoded', encodeURIComponent(c))),
    fc.tuple(cookie, fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }), fc.nat()).map(([c, u, i]) => {
      const at = i % c.length
      return forged('unicode inside', wire(c.slice(0, at) + u + c.slice(at)))
    }),
    fc
      .tuple(cookie, fc.integer({ min: 8 * 1024, max: 16 * 1024 }))
      .map(([c, size]) => forged(`padded to ${size >> 10} KB`, c + 'A'.repeat(Math.max(0, size - c.length)))),
    fc
      .tuple(fc.string({ unit: 'binary-ascii', minLength: 8 * 1024, maxLength: 8 * 1024 }), fc.nat(8 * 1024))
      .map(([s, extra]) => forged('random 8-16 KB', s + 'x'.repeat(extra))),
    fc
      .tuple(fc.stringMatching(/^[A-Za-z0-9_\-!@#*+/=.]{1,200}$/), cookie)
      .map(([payload, c]) => forged('invalid base64 payload', [payload, ...c.split(':').slice(1)].join(':'))),
    fc.string({ unit: 'binary', maxLength: 300 }).map((s) => forged('random unicode', wire(s))),
    fc
      .tuple(cookie, fc.constantFrom('quoted', 'second of two', 'first of two'))
      .map(([c, how]): FuzzInput => {
        if (how === 'quoted') return forged('quoted genuine', `"${c}"`)
        if (how === 'second of two')
          return { label: 'junk then genuine', kind: 'forged', header: `messages=junk; messages=${c}` }
        return { label: 'genuine then junk', kind: 'forged', header: `messages=${c}; messages=junk` }
      }),
  )
}

const MESSAGE = '["__json_message",0,20,"signed text"]'
const HUGE_ARRAY = `[${'0,'.repeat(200_000)}0]`
const MANY_MESSAGES = `[${Array.from({ length: 5000 }, () => MESSAGE).join(',')}]`

/** JSON signed with the app's own secret that is not a message list. */
const BAD_CONTENT: readonly [string, string][] = [
  ['junk JSON', 'not json at all'],
  ['unterminated JSON', '[["__json_message",0,20,"x"'],
  ['JSON null', 'null'],
  ['JSON number', '12345'],
  ['JSON string', '"__json_message"'],
  ['JSON object', '{"messages":[["__json_message",0,20,"x"]]}'],
  ['the sentinel alone, not in a list', '"__messagesnotfinished__"'],
  ['__proto__ object', '{"__proto__":{"polluted":"yes"}}'],
  ['__proto__ in a list', '[{"__proto__":{"polluted":"yes"}}]'],
  ['constructor.prototype', '{"constructor":{"prototype":{"polluted":"yes"}}}'],
  ['__proto__ as extra tags', '[["__json_message",0,20,"x",{"__proto__":{"polluted":"yes"}}]]'],
  ['constructor as level', '[["__json_message",0,{"constructor":{"prototype":{"polluted":1}}},"x"]]'],
  ['level as a string', '[["__json_message",0,"20","x"]]'],
  ['fractional level', '[["__json_message",0,20.5,"x"]]'],
  ['text as a number', '[["__json_message",0,20,42]]'],
  ['six elements', '[["__json_message",0,20,"x","",""]]'],
  ['three elements', '[["__json_message",0,20]]'],
  ['other marker', '[["__json_messag",0,20,"x"]]'],
  ['a good message then junk', `[${MESSAGE},{"a":1}]`],
  ['nested list', `[[${MESSAGE}]]`],
  ['huge array of numbers (200k)', HUGE_ARRAY],
  ['deep nesting', `${'['.repeat(5000)}${']'.repeat(5000)}`],
]

function djangoKey(secret: string, salt: string): Buffer {
  return createHash('sha256')
    .update(`${salt}signer` + 'django.http.cookies' + secret)
    .digest()
}

function hmac(key: Buffer, value: string): string {
  return createHmac('sha256', key).update(value).digest('base64url')
}

/**
 * The fixed corpus, signed with the app's secret (bad content, and controls that must show) or
 * with something else (other secrets, salts, formats): each input once.
 */
export async function signedCorpus(secret: string): Promise<FuzzInput[]> {
  const signer = new TimestampSigner({ secrets: [secret], salt: MESSAGES_SALT, crypto: nodeCrypto })
  const sign = async (json: string) => signer.sign(await encodePayload(json, nodeCrypto))
  const header = (value: string) => `messages=${value}`
  const inputs: FuzzInput[] = []

  for (const [label, json] of BAD_CONTENT) {
    inputs.push({ label: `signed: ${label}`, kind: 'signed-bad', header: header(await sign(json)) })
  }
  const bomb = `.${Buffer.from(deflateSync(Buffer.from(`[${' '.repeat(2 * 1024 * 1024)}]`))).toString('base64url')}`
  inputs.push({
    label: 'signed: zlib bomb (2 MB of spaces)',
    kind: 'signed-bad',
    header: header(await signer.sign(bomb)),
  })
  inputs.push({
    label: 'signed: invalid base64 payload',
    kind: 'signed-bad',
    header: header(await signer.sign('*not@base64!')),
  })
  inputs.push({
    label: 'signed: invalid zlib',
    kind: 'signed-bad',
    header: header(await signer.sign('.AAAAAAAA')),
  })
  inputs.push({
    label: 'signed: latin1 bytes',
    kind: 'signed-bad',
    header: header(await signer.sign(Buffer.from([0x5b, 0xff, 0xfe, 0x5d]).toString('base64url'))),
  })
  inputs.push({
    label: 'signed: bad base62 timestamp',
    kind: 'signed-bad',
    header: (() => {
      const value = `${Buffer.from(`[${MESSAGE}]`).toString('base64url')}:!!!`
      return header(`${value}:${hmac(djangoKey(secret, MESSAGES_SALT), value)}`)
    })(),
  })
  inputs.push({
    label: 'signed: Signer without timestamp',
    kind: 'signed-bad',
    header: (() => {
      const value = Buffer.from(`[${MESSAGE}]`).toString('base64url')
      return header(`${value}:${hmac(djangoKey(secret, MESSAGES_SALT), value)}`)
    })(),
  })

  // Controls: with the app's secret and valid content, messages must show (the pipeline is live).
  inputs.push({
    label: 'control: one message',
    kind: 'signed-good',
    header: header(await sign(`[${MESSAGE}]`)),
    expect: ['signed text'],
  })
  inputs.push({
    label: 'control: __proto__ and constructor as text and tags',
    kind: 'signed-good',
    header: header(
      await sign('[["__json_message",0,20,"__proto__","constructor"],["__json_message",1,40,"constructor"]]'),
    ),
    expect: ['__proto__', 'constructor'],
  })
  inputs.push({
    label: 'control: 5,000 messages, compressed',
    kind: 'signed-good',
    header: header(await sign(MANY_MESSAGES)),
    expect: Array.from({ length: 5000 }, () => 'signed text'),
  })

  // Forgeries: valid lists signed by anything but the app's secret and salt.
  const json = `[${MESSAGE}]`
  const others: [string, TimestampSigner][] = [
    [
      'other secret',
      new TimestampSigner({
        secrets: ['another-secret-0123456789abcdef-xyz'],
        salt: MESSAGES_SALT,
        crypto: nodeCrypto,
      }),
    ],
    ['empty-ish secret', new TimestampSigner({ secrets: ['x'], salt: MESSAGES_SALT, crypto: nodeCrypto })],
    [
      'sessions salt',
      new TimestampSigner({ secrets: [secret], salt: 'django.contrib.sessions', crypto: nodeCrypto }),
    ],
    ['empty salt', new TimestampSigner({ secrets: [secret], salt: '', crypto: nodeCrypto })],
    [
      'salt with a suffix',
      new TimestampSigner({ secrets: [secret], salt: `${MESSAGES_SALT}x`, crypto: nodeCrypto }),
    ],
  ]
  for (const [label, other] of others) {
    inputs.push({
      label: `forged: ${label}`,
      kind: 'forged',
      header: header(await other.sign(await encodePayload(json, nodeCrypto))),
    })
  }
  const payload = Buffer.from(json).toString('base64url')
  inputs.push({ label: 'forged: unsigned payload', kind: 'forged', header: header(payload) })
  inputs.push({
    label: 'forged: payload with empty signature',
    kind: 'forged',
    header: header(`${payload}:1:`),
  })
  inputs.push({
    label: 'forged: Django 1.x hash$json format',
    kind: 'forged',
    header: header(`${'0'.repeat(40)}$${json}`),
  })
  inputs.push({
    label: 'forged: HMAC with the secret itself as key',
    kind: 'forged',
    header: (() => {
      const value = `${payload}:1oRyBe`
      return header(`${value}:${createHmac('sha256', secret).update(value).digest('base64url')}`)
    })(),
  })
  return inputs
}
