/**
 * koa-session with `secure: true` on a plain-HTTP request: Koa refuses to send a secure cookie
 * there, so koa-session's commit throws and Koa answers 500. Before, a message @flash wrote to the
 * session turned the response into that 500 and every message of the request was lost, with no
 * report from @flash. Now such a session is one that will not be saved: what it would have held is
 * reported with the fix, the response goes out, and what fits in the message cookie is kept.
 */
import { randomBytes } from 'node:crypto'
import Koa from 'koa'
import session from 'koa-session'
import { afterEach, describe, expect, it } from 'vitest'
import { flash, getMessages, type KoaFlashOptions, success } from '../src/index.js'
import { serve } from './client.js'
import { APP_KEYS, CountingStore } from './harness.js'

const SECRET = 'a-koa-flash-secret-of-32-chars-or-more'
const INSECURE =
  "koa-session's secure option is true, and Koa refuses to send a secure cookie over plain HTTP " +
  '(koa-session would fail the request with a 500); behind a TLS-terminating proxy set app.proxy = true, ' +
  'or pass secure: false to koa-session in development'

/** Three messages of 1,500 random characters: they do not compress, and one fills the message cookie. */
const LONG = [1, 2, 3].map((n) => `${n} ${randomBytes(1125).toString('base64')}`)

/** `text` as a literal in a regular expression. */
const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

async function start(storage: KoaFlashOptions['storage'], proxy = false) {
  const warnings: string[] = []
  const errors: unknown[] = []
  const app = new Koa()
  app.keys = APP_KEYS
  app.proxy = proxy
  app.on('error', (error) => void errors.push(error))
  const store = new CountingStore()
  app.use(session({ store, secure: true }, app))
  app.use(flash({ secret: SECRET, storage, logger: { warn: (text) => void warnings.push(text) } }))
  app.use((ctx) => {
    if (ctx.path === '/add') {
      for (const text of ['one', 'two', 'three']) success(ctx, text)
      ctx.redirect('/show')
    } else if (ctx.path === '/add-long') {
      for (const text of LONG) success(ctx, text)
      ctx.redirect('/show')
    } else if (ctx.path === '/show') ctx.body = [...getMessages(ctx)].map(String)
  })
  const served = await serve(app)
  close = served.close
  return { client: served.client, warnings, errors, store }
}

describe('koa-session secure: true on plain HTTP', () => {
  it("storage 'session': the redirect goes out and the messages are reported with the fix", async () => {
    const { client, warnings, errors, store } = await start('session')
    const response = await client.post('/add')
    expect(response.status).toBe(302)
    expect(errors).toEqual([])
    expect(store.writes).toBe(0)
    expect(warnings).toEqual([
      `@flash/koa: 3 messages could not be stored and will not be shown (${INSECURE}): "one", "two", "three"`,
    ])
  })

  it("storage 'fallback' overflowing: what fits in the message cookie is kept, the rest reported", async () => {
    const { client, warnings, errors } = await start('fallback')
    // The message cookie (2,048 bytes) keeps the first of the three.
    expect((await client.post('/add-long')).status).toBe(302)
    expect(errors).toEqual([])
    expect(warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^@flash/koa: 2 messages could not be stored and will not be shown \\(${literal(INSECURE)}\\): "2 [^"]+", "3 [^"]+"$`,
        ),
      ),
    ])
    expect(await (await client.get('/show')).json()).toEqual([LONG[0]])
  })

  it('behind a TLS proxy (app.proxy and X-Forwarded-Proto: https) the session is written as usual', async () => {
    const { client, warnings, errors, store } = await start('session', true)
    const response = await client.send('/add', { method: 'POST', headers: { 'x-forwarded-proto': 'https' } })
    expect(response.status).toBe(302)
    expect(errors).toEqual([])
    expect(warnings).toEqual([])
    expect(store.writes).toBe(1)
  })
})
