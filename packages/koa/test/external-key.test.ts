/**
 * koa-session's `externalKey` keeps the session id in a header of the app's choosing, not in a
 * cookie. On an error response Koa's error handler removes every header, so a new session's id
 * was lost with it: messages that overflowed into that session were stored where no request could
 * find them, with no report. Now the header committing the session set rides on the error too.
 */
import { randomBytes } from 'node:crypto'
import Koa from 'koa'
import session from 'koa-session'
import { afterEach, describe, expect, it } from 'vitest'
import { flash, getMessages, info } from '../src/index.js'
import { serve } from './client.js'
import { APP_KEYS, CountingStore } from './harness.js'

const SECRET = 'a-koa-flash-secret-of-32-chars-or-more'
/** Eight messages of 60 random characters: a 300-byte message cookie holds a few, the session the rest. */
const TEXTS = Array.from({ length: 8 }, (_, i) => `${i} ${randomBytes(45).toString('base64')}`)

let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
})

describe("koa-session's externalKey on an error response", () => {
  it("the new session's id rides on the error: every message reaches the next page, once", async () => {
    const warnings: string[] = []
    const app = new Koa()
    app.keys = APP_KEYS
    app.silent = true
    const store = new CountingStore()
    app.use(
      session(
        {
          store,
          externalKey: { get: (ctx) => ctx.get('x-sid'), set: (ctx, value) => void ctx.set('x-sid', value) },
        },
        app,
      ),
    )
    app.use(
      flash({ secret: SECRET, maxCookieSize: 300, logger: { warn: (text) => void warnings.push(text) } }),
    )
    app.use((ctx) => {
      if (ctx.path === '/add-then-fail') {
        for (const text of TEXTS) info(ctx, text)
        ctx.throw(422, 'The form is invalid.')
      }
      if (ctx.path === '/show') ctx.body = [...getMessages(ctx)].map(String)
    })
    const served = await serve(app)
    close = served.close
    const failed = await served.client.post('/add-then-fail')
    expect(failed.status).toBe(422)
    const sid = failed.headers.get('x-sid')
    expect(sid).toBeTruthy()
    const shown = await served.client.send('/show', { method: 'GET', headers: { 'x-sid': sid! } })
    expect(await shown.json()).toEqual(TEXTS)
    expect(warnings).toEqual([])
  })
})
