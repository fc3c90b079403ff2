/**
 * Misconfiguration fails when flash() is called, with an error naming the option.
 */
import { Hono } from 'hono'
import { describe, expect, test } from 'vitest'
import flashDefault, {
  FlashConfigError,
  type FlashEnv,
  flash,
  type HonoFlashOptions,
  success,
} from '../src/index.js'
import { SECRET } from './cycle.js'

const build = (options: unknown) => () => flash(options as HonoFlashOptions)

describe('flash() options', () => {
  test('the default export is flash', () => {
    expect(flashDefault).toBe(flash)
  })

  test.each([
    [
      undefined,
      '@flash/hono: option "secret" is required: pass { secret: process.env.FLASH_SECRET } (a long random string)',
    ],
    [
      {},
      '@flash/hono: option "secret" is required: a non-empty string, or a non-empty list of them (the first signs, all verify)',
    ],
    [
      { secret: SECRET, session: 'yes' },
      '@flash/hono: option "session" must be a function (c) => session | undefined',
    ],
    [
      { secret: SECRET, logger: true },
      '@flash/hono: option "logger" must be a function (text, details) => void',
    ],
    [
      { secret: SECRET, trustProxy: 'yes' },
      '@flash/hono: option "trustProxy" must be a boolean: true behind a proxy that sets X-Forwarded-Proto and X-Forwarded-Host on every request, else false',
    ],
    [
      { secret: SECRET, storage: 'redis' },
      '@flash/hono: option "storage" must be "fallback", "cookie", "session" or a function, got "redis"',
    ],
    [
      { secret: SECRET, maxAge: 400 * 86400 + 1 },
      '@flash/hono: option "maxAge" is 34560001 seconds, but browsers keep a cookie at most 400 days (34560000 seconds); use at most 34560000, or null for a cookie that lasts the browser session',
    ],
    [
      { secret: SECRET, cookie: { name: '__Host-messages' } },
      '@flash/hono: option "cookie.secure" must be true: browsers keep a cookie named "__Host-messages" only when it is Secure, with Path=/ and no Domain',
    ],
  ])('%j fails with the option named', (options, message) => {
    expect(build(options)).toThrow(new FlashConfigError(message))
    expect(build(options)).toThrow(FlashConfigError)
  })

  test('unknown options are rejected, adapter options are not', () => {
    expect(build({ secret: SECRET, sesion: () => undefined })).toThrow(
      /^@flash\/hono: option "sesion" is not an option/,
    )
    expect(build({ secret: SECRET, session: () => undefined, logger: () => {} })).not.toThrow()
  })

  test('configuration warnings go to the logger once, at startup', async () => {
    const logged: string[] = []
    const app = new Hono<FlashEnv>()
    app.use(flash({ secret: 'short', logger: (text) => logged.push(text) }))
    app.get('/', (c) => {
      success(c, 'x')
      return c.text('ok')
    })
    await app.request('/')
    await app.request('/')
    expect(logged).toEqual([
      '@flash/hono: option "secret" is shorter than 32 characters; use a long random secret in production',
    ])
  })

  test('the logger defaults to console.warn, with the unstored messages as details', async () => {
    const calls: unknown[][] = []
    // 200 random characters: one fits in 400 compressed, two never do (150 each sat on the edge).
    const [a, b] = [noise(200), noise(200)]
    const original = console.warn
    console.warn = (...args: unknown[]) => calls.push(args)
    try {
      const app = new Hono<FlashEnv>()
      app.use(flash({ secret: SECRET, storage: 'cookie', maxCookieSize: 400 }))
      app.post('/', (c) => {
        success(c, a)
        success(c, b)
        return c.text('ok')
      })
      await app.request('/', { method: 'POST' })
    } finally {
      console.warn = original
    }
    expect(calls).toEqual([
      [
        `@flash/hono: 1 message could not be stored and will not be shown (the message cookie is limited to 400 characters and cookie storage drops the oldest): "${a.slice(0, 80)}"`,
        { unstored: [{ level: 25, message: a }] },
      ],
    ])
  })
})

/** Text that does not compress, so it really takes room in the cookie. */
function noise(length: number): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(length)), (n) => (n % 36).toString(36)).join('')
}
