/**
 * Django's `TimestampSigner` for message cookies: the vectors' signature, `maxAge`, secret
 * fallbacks, malformed input, and keys derived once.
 */
import { createHash, createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { MESSAGES_SALT, TimestampSigner, webCrypto } from '../src/index.js'
import { nodeCrypto } from '../src/node.js'
import { NOW, OLD_SECRET, SECRET } from './helpers/config.js'
import { countingCrypto, total } from './helpers/counting-crypto.js'

const PAYLOAD = 'W1siX19qc29uX21lc3NhZ2UiLDAsMjAsIkhlbGxvIHdvcmxkLiIsIiJdXQ'
const SIGNED = `${PAYLOAD}:1r31eq:oCXf6CCdOXW9RRkBdvwsS7_fQGaFt_Oqwyd-nEdBC-I`

/** Django's signature of `body`, computed independently with node:crypto. */
function djangoSignature(body: string, secret = SECRET): string {
  const key = createHash('sha256')
    .update(`${MESSAGES_SALT}signer` + 'django.http.cookies' + secret)
    .digest()
  return createHmac('sha256', key).update(body).digest('base64url')
}

describe.each([webCrypto, nodeCrypto])('TimestampSigner ($name crypto)', (crypto) => {
  let now = NOW
  const signer = (secrets = [SECRET], c = crypto) =>
    new TimestampSigner({ secrets, salt: MESSAGES_SALT, crypto: c, clock: () => now })

  it('signs as Django does (plain_ascii_single)', async () => {
    now = NOW
    const s = signer()
    expect(s.timestamp()).toBe('1r31eq')
    expect(await s.sign(PAYLOAD)).toBe(SIGNED)
    expect(djangoSignature(`${PAYLOAD}:1r31eq`)).toBe(SIGNED.split(':')[2])
  })

  it('is deterministic, and signedLength predicts the length', async () => {
    now = NOW
    const s = signer()
    const a = await s.sign('value', 'ts')
    expect(await s.sign('value', 'ts')).toBe(a)
    expect(a.length).toBe(s.signedLength('value'.length, 'ts'))
    expect(a).toBe(`value:ts:${djangoSignature('value:ts')}`)
  })

  it('unsigns, with and without maxAge', async () => {
    now = NOW
    const s = signer()
    expect(await s.unsign(SIGNED)).toBe(PAYLOAD)
    now = NOW + 10
    expect(await s.unsign(SIGNED, null)).toBe(PAYLOAD)
    expect(await s.unsign(SIGNED, 10)).toBe(PAYLOAD)
    expect(await s.unsign(SIGNED, 9)).toBeNull()
    now = NOW
  })

  it('secret fallbacks: the first signs, every one verifies', async () => {
    const oldValue = await signer([OLD_SECRET]).sign('rotated')
    expect(await signer([SECRET]).unsign(oldValue)).toBeNull()
    expect(await signer([SECRET, OLD_SECRET]).unsign(oldValue)).toBe('rotated')
    expect(await signer([SECRET, OLD_SECRET]).sign(PAYLOAD)).toBe(SIGNED)
  })

  it('rejects a wrong-length signature or no separator without any crypto', async () => {
    const { crypto: counted, counts } = countingCrypto(crypto)
    const s = signer([SECRET], counted)
    expect(await s.unsign(SIGNED.slice(0, -1))).toBeNull()
    expect(await s.unsign(`${SIGNED}A`)).toBeNull()
    expect(await s.unsign('no separator at all')).toBeNull()
    expect(total(counts)).toBe(0)
  })

  it('rejects tampered values and signatures', async () => {
    const s = signer()
    expect(await s.unsign(`X${SIGNED}`)).toBeNull()
    expect(await s.unsign(SIGNED.replace(':1r31eq:', ':1r31er:'))).toBeNull()
    expect(await s.unsign(`${SIGNED.slice(0, -1)}A`)).toBeNull()
  })

  it('rejects a correctly signed value whose timestamp is malformed or missing', async () => {
    const s = signer()
    expect(await s.unsign(`value:no_b62!:${djangoSignature('value:no_b62!')}`)).toBeNull()
    expect(await s.unsign(`novalue:${djangoSignature('novalue')}`)).toBeNull()
  })

  it('derives its keys once', async () => {
    const { crypto: counted, counts } = countingCrypto(crypto)
    const s = signer([SECRET, OLD_SECRET], counted)
    const old = await signer([OLD_SECRET]).sign('x')
    for (let i = 0; i < 3; i++) expect(await s.unsign(old)).toBe('x')
    expect(counts.sha256).toBe(2)
    expect(counts.hmacSha256).toBe(2)
    // Each unsign tries the first secret, then the second.
    expect(counts.hmac).toBe(6)
  })
})

describe('TimestampSigner clock', () => {
  it('defaults to the wall clock in seconds', () => {
    const s = new TimestampSigner({ secrets: [SECRET], salt: MESSAGES_SALT, crypto: nodeCrypto })
    const before = Math.floor(Date.now() / 1000)
    const ts = s.timestamp()
    const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
    const seconds = [...ts].reduce((n, c) => n * 62 + ALPHABET.indexOf(c), 0)
    expect(seconds - before).toBeGreaterThanOrEqual(0)
    expect(seconds - before).toBeLessThanOrEqual(1)
  })
})

describe('TimestampSigner comparison', () => {
  /** Characters read by `charCodeAt` while `run` runs: the signature comparison is the only reader. */
  async function charReads(run: () => unknown): Promise<number> {
    const original = String.prototype.charCodeAt
    let reads = 0
    String.prototype.charCodeAt = function (this: string, index: number) {
      reads++
      return original.call(this, index)
    }
    try {
      await run()
    } finally {
      String.prototype.charCodeAt = original
    }
    return reads
  }

  it('is timing-safe: it reads all 43 characters of both signatures wherever they differ', async () => {
    const s = new TimestampSigner({
      secrets: [SECRET],
      salt: MESSAGES_SALT,
      crypto: nodeCrypto,
      clock: () => NOW,
    })
    const [body, signature] = [SIGNED.slice(0, SIGNED.lastIndexOf(':')), SIGNED.slice(-43)]
    const flip = (at: number) =>
      signature.slice(0, at) + (signature[at] === 'A' ? 'B' : 'A') + signature.slice(at + 1)
    const reads = []
    for (const candidate of [flip(0), flip(21), flip(42), signature]) {
      reads.push(await charReads(() => s.unsign(`${body}:${candidate}`)))
    }
    // No early exit at the first difference: a mismatch at the first character costs what a match costs.
    expect(reads).toEqual([86, 86, 86, 86])
  })
})
