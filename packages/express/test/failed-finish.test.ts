/**
 * A finish that fails before the response is sent, on Express 5 and 4 over real HTTP, the cookies
 * carried back. A session store that fails to save: a page that only displayed messages is still
 * sent (they may show again, and that is reported), messages a request added are reported with
 * their texts, or with `strict: true` go to the app's error handler. Messages that do not fit with
 * `strict: true`: the error page that shows them consumes them, and one that does not keeps them.
 */
import { randomTexts } from '@flash/adapter-suite'
import type { ErrorRequestHandler, Express } from 'express'
import type session from 'express-session'
import { describe, expect, it } from 'vitest'
import {
  type ExpressFlashOptions,
  error as flashError,
  getMessages,
  info,
  MessagesNotStoredError,
} from '../src/index.js'
import { testApp } from './app.js'
import { type Client, serve } from './client.js'
import { CountingMemoryStore, EXPRESS_VERSIONS, type ExpressFactory } from './harness.js'

/** The app's session store, whose next `set` fails when asked, as a database that went away. */
class FailingStore extends CountingMemoryStore {
  failNext = false
  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void): void {
    if (!this.failNext) {
      super.set(sid, data, callback)
      return
    }
    this.failNext = false
    this.writes++
    setImmediate(() => callback?.(new Error('store down')))
  }
}

/** Six messages of 600 random characters: more than a 2 KB message cookie holds. */
const SIX_LONG = randomTexts(6, 600, 7)

const cookieNames = (response: Response) => response.headers.getSetCookie().map((c) => c.split('=')[0])

/** A plain 500 page that shows no messages, for the paths under `/plain`. */
const plainErrorPage: ErrorRequestHandler = (_error, _req, res, _next) => {
  res.status(500).type('text').send('Internal Server Error')
}

function routes(store: FailingStore | undefined) {
  return (app: Express) => {
    app.post('/seed', (req, res) => {
      for (const text of String(req.body?.texts ?? 'old').split(',')) info(req, text)
      res.redirect('/show')
    })
    // Displays the waiting messages, with the store failing the save of the session.
    app.get('/show-failing', (req, res) => {
      if (store) store.failNext = true
      res.json([...getMessages(req)].map(String))
    })
    app.post('/add-failing', (req, res) => {
      if (store) store.failNext = true
      info(req, 'Saved while the store was down.')
      res.redirect('/show')
    })
    app.post('/many', (req, res) => {
      for (const text of SIX_LONG) info(req, text)
      res.redirect('/show')
    })
    app.post('/many-failing', (req, res) => {
      if (store) store.failNext = true
      for (const text of SIX_LONG) info(req, text)
      res.redirect('/show')
    })
    app.post('/plain/many', (req, res) => {
      for (const text of SIX_LONG) info(req, text)
      res.redirect('/show')
    })
    app.post('/plain/add-failing', (req, res) => {
      if (store) store.failNext = true
      info(req, 'Saved while the store was down.')
      res.redirect('/show')
    })
    app.post('/redirecting/many', (req, res) => {
      for (const text of SIX_LONG) info(req, text)
      res.redirect('/show')
    })
    app.use('/plain', plainErrorPage)
    // An error handler that tells the visitor and sends them on, as apps do after a failed form.
    app.use('/redirecting', ((_error, req, res, _next) => {
      flashError(req, 'Could not finish.')
      res.redirect('/show')
    }) as ErrorRequestHandler)
  }
}

async function start(express: ExpressFactory, flash: Partial<ExpressFlashOptions>, withSession = true) {
  const store = withSession ? new FailingStore() : undefined
  const { app, warnings, errors } = testApp({
    express,
    flash,
    ...(store ? { store } : {}),
    routes: routes(store),
  })
  const served = await serve(app)
  return { ...served, store, warnings, errors }
}

const shown = async (client: Client, path = '/show') => (await client.get(path)).json() as Promise<string[]>

describe.each(EXPRESS_VERSIONS)('$name', ({ express }) => {
  describe('a session store that fails to save', () => {
    it.each([
      ['session', false],
      ['session', true],
    ] as const)(
      'storage %s (strict: %s): a page that only displayed messages is sent, and the failure reported',
      async (storage, strict) => {
        const { client, close, store, warnings, errors } = await start(express, { storage, strict })
        try {
          await client.post('/seed', { texts: 'Waiting.' })
          const page = await client.get('/show-failing')
          expect(page.status).toBe(200)
          expect(await page.json()).toEqual(['Waiting.'])
          expect(store!.failNext).toBe(false)
          expect(errors).toEqual([])
          expect(warnings).toEqual([
            '@flash/express: the session store could not save the session (Error: store down), so the messages ' +
              'this request displayed are still stored and may show again on a later page',
          ])
          // As reported: the store still holds it.
          expect(await shown(client)).toEqual(['Waiting.'])
          expect(await shown(client)).toEqual([])
        } finally {
          await close()
        }
      },
    )

    it("storage fallback: a page that displayed the session's overflow is sent, and the failure reported", async () => {
      const { client, close, warnings, errors } = await start(express, { storage: 'fallback' })
      try {
        await client.post('/seed', { texts: SIX_LONG.join(',') })
        const page = await client.get('/show-failing')
        expect(page.status).toBe(200)
        expect(await page.json()).toEqual(SIX_LONG)
        expect(errors).toEqual([])
        expect(warnings).toEqual([
          '@flash/express: the session store could not save the session (Error: store down), so the messages ' +
            'this request displayed are still stored and may show again on a later page',
        ])
      } finally {
        await close()
      }
    })

    it('a message added is reported with its text, and the redirect sent', async () => {
      const { client, close, warnings, errors } = await start(express, { storage: 'session' })
      try {
        const response = await client.post('/add-failing')
        expect(response.status).toBe(302)
        expect(errors).toEqual([])
        expect(warnings).toEqual([
          '@flash/express: 1 message could not be stored and will not be shown (the session store could not ' +
            'save the session: Error: store down): "Saved while the store was down."',
        ])
        expect(await shown(client)).toEqual([])
      } finally {
        await close()
      }
    })

    it("storage fallback: only the messages that went to the session are reported, the cookie's are shown", async () => {
      const { client, close, warnings, errors } = await start(express, { storage: 'fallback' })
      try {
        expect((await client.post('/many-failing')).status).toBe(302)
        expect(errors).toEqual([])
        expect(await shown(client)).toEqual(SIX_LONG.slice(0, 3))
        expect(warnings).toEqual([
          '@flash/express: 3 messages could not be stored and will not be shown (the session store could not ' +
            `save the session: Error: store down): ${SIX_LONG.slice(3)
              .map((t) => JSON.stringify(t.slice(0, 80)))
              .join(', ')}`,
        ])
      } finally {
        await close()
      }
    })

    it('with strict: true, a message added is a MessagesNotStoredError; the error page that shows it consumes it', async () => {
      const { client, close, warnings, errors } = await start(express, { storage: 'session', strict: true })
      try {
        const response = await client.post('/add-failing')
        expect(response.status).toBe(500)
        expect(await response.text()).toContain('<li class="info">Saved while the store was down.</li>')
        expect(errors).toHaveLength(1)
        const error = errors[0] as MessagesNotStoredError
        expect(error).toBeInstanceOf(MessagesNotStoredError)
        expect(error.unstored.map(String)).toEqual(['Saved while the store was down.'])
        expect((error.cause as Error).message).toBe('store down')
        expect(warnings).toEqual([])
        expect(await shown(client)).toEqual([])
      } finally {
        await close()
      }
    })

    it('with strict: true, the error page that shows the message is sent with Cache-Control: no-store', async () => {
      const { client, close } = await start(express, { storage: 'session', strict: true })
      try {
        const response = await client.post('/add-failing')
        expect(response.status).toBe(500)
        expect(await response.text()).toContain('<li class="info">Saved while the store was down.</li>')
        // The back button or a cache would show the consumed message again.
        expect(response.headers.get('cache-control')).toContain('no-store')
      } finally {
        await close()
      }
    })

    it('with strict: true, an error page that does not show the message keeps it for the next page', async () => {
      const { client, close, warnings, errors } = await start(express, { storage: 'session', strict: true })
      try {
        const response = await client.post('/plain/add-failing')
        expect(response.status).toBe(500)
        expect(await response.text()).toBe('Internal Server Error')
        expect(errors).toEqual([])
        expect(warnings).toEqual([])
        expect(await shown(client)).toEqual(['Saved while the store was down.'])
        expect(await shown(client)).toEqual([])
      } finally {
        await close()
      }
    })
  })

  describe('strict: true, messages that do not fit', () => {
    it.each([
      ['cookie', true],
      ['fallback', false],
    ] as const)(
      'storage %s: the error page that shows them sends no message cookie, and they do not show again',
      async (storage, withSession) => {
        const { client, close, warnings, errors } = await start(
          express,
          { storage, strict: true },
          withSession,
        )
        try {
          const response = await client.post('/many')
          expect(response.status).toBe(500)
          const page = await response.text()
          for (const text of SIX_LONG) expect(page).toContain(`<li class="info">${text}</li>`)
          expect(cookieNames(response)).not.toContain('messages')
          // Shown and consumed: the back button or a cache must not show them again.
          expect(response.headers.get('cache-control')).toContain('no-store')
          expect(errors).toHaveLength(1)
          expect(errors[0]).toBeInstanceOf(MessagesNotStoredError)
          expect(await shown(client)).toEqual([])
          expect(warnings).toEqual([])
        } finally {
          await close()
        }
      },
    )

    it('storage cookie: an error page that does not show them keeps those that fit, and reports the rest', async () => {
      const { client, close, warnings } = await start(express, { storage: 'cookie', strict: true })
      try {
        const response = await client.post('/plain/many')
        expect(response.status).toBe(500)
        expect(cookieNames(response)).toEqual(['messages'])
        // Nothing was displayed: a cache may keep this page.
        expect(response.headers.get('cache-control')).toBeNull()
        expect(await shown(client)).toEqual(SIX_LONG.slice(3))
        expect(warnings).toEqual([
          `@flash/express: 3 messages could not be stored and will not be shown (the message cookie is limited to 2048 characters and cookie storage drops the oldest): ${SIX_LONG.slice(
            0,
            3,
          )
            .map((t) => JSON.stringify(t.slice(0, 80)))
            .join(', ')}`,
        ])
      } finally {
        await close()
      }
    })

    it('storage cookie: a message the error handler adds before its redirect is stored with the newest that fit', async () => {
      const { client, close, warnings, errors } = await start(express, { storage: 'cookie', strict: true })
      try {
        const response = await client.post('/redirecting/many')
        expect(response.status).toBe(302)
        expect(errors).toEqual([])
        const next = await shown(client)
        expect(next.at(-1)).toBe('Could not finish.')
        expect(next.slice(0, -1)).toEqual(SIX_LONG.slice(SIX_LONG.length - (next.length - 1)))
        // The oldest that did not fit beside it are reported: the error handler already had the error.
        expect(warnings).toHaveLength(1)
        expect(warnings[0]).toMatch(/^@flash\/express: \d messages could not be stored and will not be shown/)
        expect(await shown(client)).toEqual([])
      } finally {
        await close()
      }
    })

    it('storage session: a message the error handler adds before its redirect is kept with the newest', async () => {
      const { client, close, warnings, errors } = await start(express, {
        storage: 'session',
        strict: true,
        maxSessionMessages: 4,
      })
      try {
        const response = await client.post('/redirecting/many')
        expect(response.status).toBe(302)
        expect(errors).toEqual([])
        expect(await shown(client)).toEqual([...SIX_LONG.slice(3), 'Could not finish.'])
        expect(warnings).toHaveLength(1)
        expect(warnings[0]).toMatch(/^@flash\/express: 3 messages could not be stored and will not be shown/)
      } finally {
        await close()
      }
    })

    it('storage session: the error page that shows them leaves none in the session', async () => {
      const { client, close, warnings, errors } = await start(express, {
        storage: 'session',
        strict: true,
        maxSessionMessages: 4,
      })
      try {
        const response = await client.post('/many')
        expect(response.status).toBe(500)
        const page = await response.text()
        for (const text of SIX_LONG) expect(page).toContain(`<li class="info">${text}</li>`)
        expect(response.headers.get('cache-control')).toContain('no-store')
        expect(errors).toHaveLength(1)
        expect(await shown(client)).toEqual([])
        expect(warnings).toEqual([])
      } finally {
        await close()
      }
    })
  })
})
