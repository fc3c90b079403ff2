/**
 * `maxAge` is sent as `Max-Age` too (as Fastify, Hono and Express send it), not only as `expires`,
 * which `cookies` alone writes: a browser prefers `Max-Age`, counted on its own clock, where an
 * `expires` computed on the server's clock lives as long as the two clocks disagree. Every cookie
 * written through the seam gets it (a custom storage's too), and a deletion says `max-age=0`.
 * Through a real `http.Server`, with a cookie jar that expires cookies as RFC 6265 says.
 */
import { parseSetCookie, SECRET } from '@flash/adapter-suite'
import Koa from 'koa'
import { afterEach, describe, expect, it } from 'vitest'
import {
  BaseStorage,
  type FlashConfig,
  type FlashSeam,
  flash,
  getMessages,
  type KoaFlashOptions,
  type Message,
  success,
} from '../src/index.js'
import { serve } from './client.js'

const running: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const close of running.splice(0)) await close()
})

/**
 * A browser's cookie jar with its own clock: RFC 6265 section 5.3 step 3, `Max-Age` wins over
 * `Expires`, and is counted from when the response arrived on this clock.
 */
class ClockedJar {
  readonly #cookies = new Map<string, { value: string; expires: number }>()
  constructor(readonly now: () => number) {}

  store(setCookies: readonly string[]): void {
    for (const line of setCookies) {
      const { name, value, attributes } = parseSetCookie(line)
      const maxAge = attributes.get('max-age')
      const expires = attributes.get('expires')
      let until = Number.POSITIVE_INFINITY
      if (maxAge !== undefined) until = this.now() + Number(maxAge) * 1000
      else if (expires !== undefined) until = Date.parse(expires)
      if (until <= this.now()) this.#cookies.delete(name)
      else this.#cookies.set(name, { value, expires: until })
    }
  }

  header(): string | undefined {
    const live = [...this.#cookies].filter(([, cookie]) => cookie.expires > this.now())
    return live.length === 0 ? undefined : live.map(([name, { value }]) => `${name}=${value}`).join('; ')
  }
}

/** A custom storage that keeps its messages in memory under an id cookie of its own, for an hour. */
const PENDING = new Map<string, Message[]>()
class IdCookieStorage extends BaseStorage {
  #id: string | undefined
  constructor(
    private readonly seam: FlashSeam,
    private readonly config: FlashConfig,
  ) {
    super({ level: config.level, levelTags: config.levelTags })
    this.#id = seam.getCookie('flash_id')
  }
  override mayHaveData() {
    return this.#id !== undefined
  }
  get() {
    return { messages: (this.#id && PENDING.get(this.#id)) || null, allRetrieved: true }
  }
  store(messages: Message[]) {
    if (messages.length === 0) {
      if (this.#id === undefined) return []
      PENDING.delete(this.#id)
      this.seam.deleteCookie('flash_id', this.config.deleteCookieAttributes)
      return []
    }
    this.#id ??= crypto.randomUUID()
    PENDING.set(this.#id, messages)
    this.seam.setCookie('flash_id', this.#id, { ...this.config.cookieAttributes, maxAge: 3600 })
    return []
  }
}

/** `POST /add` adds one message; `GET /show` shows them and notes the Cookie header it received. */
async function start(options: Partial<KoaFlashOptions>) {
  const app = new Koa()
  app.silent = true
  const received: (string | undefined)[] = []
  app.use(flash({ secret: SECRET, storage: 'cookie', ...options }))
  app.use((ctx) => {
    if (ctx.method === 'POST') {
      success(ctx, 'Saved')
      ctx.redirect('/show')
      return
    }
    received.push(ctx.get('cookie') || undefined)
    ctx.body = [...getMessages(ctx)].map(String)
  })
  const { client, close } = await serve(app)
  running.push(close)
  const send = async (jar: ClockedJar, method: 'GET' | 'POST', path: string) => {
    const cookie = jar.header()
    const response = await fetch(`${client.base}${path}`, {
      method,
      headers: cookie ? { cookie } : {},
      redirect: 'manual',
    })
    jar.store(response.headers.getSetCookie())
    return response
  }
  return { send, received }
}

/** The line with its value and date replaced, for exact comparison. */
const shape = (line: string) =>
  line
    .replace(/^([^=]+)=[^;]+/, '$1=VALUE')
    .replace(/expires=[^;]+/, (e) => (e.includes('1970') ? e : 'expires=DATE'))

describe('Max-Age', () => {
  it('the message cookie carries max-age beside expires; its deletion carries max-age=0', async () => {
    const { send } = await start({ maxAge: 60 })
    const jar = new ClockedJar(Date.now)
    const before = Date.now()
    const added = await send(jar, 'POST', '/add')
    const [line] = added.headers.getSetCookie()
    expect(shape(line!)).toBe('messages=VALUE; path=/; expires=DATE; max-age=60; samesite=lax; httponly')
    const expires = Date.parse(parseSetCookie(line!).attributes.get('expires')!)
    expect(expires).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 60_000)
    expect(expires).toBeLessThanOrEqual(Date.now() + 60_000)
    const shown = await send(jar, 'GET', '/show')
    expect(await shown.json()).toEqual(['Saved'])
    expect(shown.headers.getSetCookie()).toEqual([
      'messages=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; samesite=lax; httponly',
    ])
    expect(jar.header()).toBeUndefined()
  })

  it('without maxAge the cookie lasts the browser session: no max-age, and its deletion still says 0', async () => {
    const { send } = await start({})
    const jar = new ClockedJar(Date.now)
    const added = await send(jar, 'POST', '/add')
    expect(added.headers.getSetCookie().map(shape)).toEqual([
      'messages=VALUE; path=/; samesite=lax; httponly',
    ])
    const shown = await send(jar, 'GET', '/show')
    expect(shown.headers.getSetCookie()).toEqual([
      'messages=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; samesite=lax; httponly',
    ])
  })

  it('a browser whose clock is an hour behind drops the cookie after maxAge seconds of its own time', async () => {
    const { send, received } = await start({ maxAge: 2 })
    let behind = -3_600_000
    const jar = new ClockedJar(() => Date.now() + behind)
    await send(jar, 'POST', '/add')
    const first = await send(jar, 'GET', '/show')
    expect(await first.json()).toEqual(['Saved'])
    expect(received[0]).toMatch(/^messages=/)
    await send(jar, 'POST', '/add')
    // Three seconds later on the browser's clock: the cookie is gone, it is not sent.
    behind += 3_000
    const second = await send(jar, 'GET', '/show')
    expect(await second.json()).toEqual([])
    expect(received[1]).toBeUndefined()
  })

  it("a custom storage's cookie written through the seam carries its max-age, and its deletion max-age=0", async () => {
    const { send } = await start({ storage: (seam, config) => new IdCookieStorage(seam, config) })
    const jar = new ClockedJar(Date.now)
    const added = await send(jar, 'POST', '/add')
    expect(added.headers.getSetCookie().map(shape)).toEqual([
      'flash_id=VALUE; path=/; expires=DATE; max-age=3600; samesite=lax; httponly',
    ])
    const shown = await send(jar, 'GET', '/show')
    expect(await shown.json()).toEqual(['Saved'])
    expect(shown.headers.getSetCookie()).toEqual([
      'flash_id=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT; max-age=0; samesite=lax; httponly',
    ])
    expect(jar.header()).toBeUndefined()
  })
})
