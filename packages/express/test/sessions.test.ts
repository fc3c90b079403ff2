/**
 * express-session: the message is in the store before the redirect reaches the browser, a
 * visitor who never gets a message never gets a session, and the wrong mount order fails fast.
 */
import { Readable } from 'node:stream'
import { parseSetCookie } from '@flash/adapter-suite'
import express5, { type Express } from 'express'
import session from 'express-session'
import { describe, expect, it } from 'vitest'
import { FlashConfigError, success } from '../src/index.js'
import { testApp } from './app.js'
import { serve } from './client.js'
import { CountingMemoryStore, EXPRESS_VERSIONS, SESSION_SECRET, SlowStore } from './harness.js'
import { CountingRedisStore, startRedis } from './redis.js'

/** The session ids in the store whose data holds `text`. */
function sessionsHolding(store: SlowStore, text: string): string[] {
  return [...store.data].filter(([, json]) => json.includes(text)).map(([sid]) => sid)
}

/** Routes with express-session on an `/admin` router, mounted after flash(): the wrong order. */
function adminAfterFlash(store: CountingMemoryStore): (app: Express) => void {
  return (app) => {
    const admin = express5.Router()
    admin.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, store }))
    admin.post('/add', (req, res) => {
      success(req, 'Admin saved.')
      res.redirect('/show')
    })
    app.use('/admin', admin)
  }
}

describe.each(EXPRESS_VERSIONS)('$name with express-session', ({ express }) => {
  for (const storage of ['session', 'fallback'] as const) {
    it(`a message added before a streamed body is in the session for the next page (${storage})`, async () => {
      const store = new CountingMemoryStore()
      const { app, warnings } = testApp({
        express,
        store,
        flash: { storage, maxCookieSize: storage === 'fallback' ? 1 : 2048 },
        routes: (a) => {
          // The headers leave with the first chunk (writeHead), before the handler returns.
          a.get('/pipe', (req, res) => {
            success(req, 'Export started.')
            res.type('text')
            Readable.from(['a', 'b']).pipe(res)
          })
          a.get('/write', (req, res) => {
            success(req, 'Written.')
            res.write('a')
            res.end('b')
          })
        },
      })
      const { client, close } = await serve(app)
      try {
        // A new visitor: the message starts its session.
        expect(await (await client.get('/pipe')).text()).toBe('ab')
        expect(await (await client.get('/show')).json()).toEqual(['Export started.'])
        // A visitor with a session already.
        expect(await (await client.get('/write')).text()).toBe('ab')
        expect(await (await client.get('/show')).json()).toEqual(['Written.'])
        expect(warnings).toEqual([])
      } finally {
        await close()
      }
    })

    it(`a redirect never races the save: the message is in a slow store before the 302 arrives (${storage})`, async () => {
      const store = new SlowStore(120)
      const { app } = testApp({
        express,
        store,
        flash: { storage, maxCookieSize: storage === 'fallback' ? 1 : 2048 },
      })
      const { client, close } = await serve(app)
      try {
        const redirect = await client.post('/add', { text: 'Saved before the redirect.' })
        // The status line and headers just arrived: the store must already hold the message.
        expect(redirect.status).toBe(302)
        expect(sessionsHolding(store, 'Saved before the redirect.')).toHaveLength(1)
        expect(client.jar.get('connect.sid')).toBeDefined()
        expect(await (await client.get('/show')).json()).toEqual(['Saved before the redirect.'])
        expect(await (await client.get('/show')).json()).toEqual([])
      } finally {
        await close()
      }
    })
  }

  it('with connect-redis on a real redis-server: the message is in Redis when the 302 arrives', async () => {
    const redis = await startRedis()
    const store = await CountingRedisStore.connect(redis.url)
    const { app } = testApp({ express, store, flash: { storage: 'session' } })
    const { client, close } = await serve(app)
    try {
      const redirect = await client.post('/add', { text: 'In Redis first.' })
      expect(redirect.status).toBe(302)
      expect((await store.values()).filter((json) => json.includes('In Redis first.'))).toHaveLength(1)
      expect(await (await client.get('/show')).json()).toEqual(['In Redis first.'])
      expect((await store.values()).filter((json) => json.includes('In Redis first.'))).toEqual([])
    } finally {
      await close()
      await store.close()
      await redis.stop()
    }
  })

  it('the message is also gone from the store before the page that displayed it arrives', async () => {
    const store = new SlowStore(120)
    const { app } = testApp({ express, store, flash: { storage: 'session' } })
    const { client, close } = await serve(app)
    try {
      await client.post('/add', { text: 'Shown once.' })
      const page = await client.get('/show')
      expect(page.status).toBe(200)
      expect(sessionsHolding(store, 'Shown once.')).toEqual([])
      expect(await page.json()).toEqual(['Shown once.'])
    } finally {
      await close()
    }
  })

  for (const storage of ['session', 'fallback'] as const) {
    it(`visitors who never get a message never get a session (saveUninitialized: false, ${storage})`, async () => {
      const store = new CountingMemoryStore()
      const { app } = testApp({ express, store, flash: { storage } })
      const { client, close } = await serve(app)
      try {
        for (const path of ['/untouched', '/show', '/untouched']) {
          const response = await client.get(path)
          expect(response.status).toBe(200)
          expect(response.headers.getSetCookie()).toEqual([])
        }
        expect(store.writes).toBe(0)
        store.length((_error, count) => expect(count).toBe(0))
      } finally {
        await close()
      }
    })
  }

  it('a handler that changes the session and adds a message: both stored in one save', async () => {
    const store = new SlowStore(30)
    const { app } = testApp({
      express,
      store,
      flash: { storage: 'session' },
      routes: (a) =>
        a.post('/login', (req, res) => {
          ;(req.session as unknown as Record<string, unknown>)['user'] = 'ada'
          success(req, 'Welcome, Ada.')
          res.redirect('/show')
        }),
    })
    const { client, close } = await serve(app)
    try {
      await client.post('/login')
      expect(store.writes).toBe(1)
      const [json] = [...store.data.values()]
      expect(JSON.parse(json!)).toMatchObject({
        user: 'ada',
        _messages: expect.stringContaining('Welcome, Ada.'),
      })
      expect(await (await client.get('/show')).json()).toEqual(['Welcome, Ada.'])
    } finally {
      await close()
    }
  })

  it('fallback keeps to the cookie when it fits: the session is neither created nor written', async () => {
    const store = new CountingMemoryStore()
    const { app } = testApp({ express, store })
    const { client, close } = await serve(app)
    try {
      const redirect = await client.post('/add')
      expect(redirect.headers.getSetCookie().map((l) => parseSetCookie(l).name)).toEqual(['messages'])
      expect(await (await client.get('/show')).json()).toEqual(['Note saved.'])
      expect(store.writes).toBe(0)
    } finally {
      await close()
    }
  })

  it('express-session mounted after flash() fails on the first request with an error naming the fix', async () => {
    const { app, errors } = testApp({ express, store: new CountingMemoryStore(), sessionAfterFlash: true })
    const { client, close } = await serve(app)
    try {
      const response = await client.get('/untouched')
      expect(response.status).toBe(500)
      expect(response.headers.getSetCookie()).toEqual([])
      // Every request from then on, before express-session runs.
      expect((await client.post('/add')).status).toBe(500)
      expect(errors).toHaveLength(2)
      expect(errors[1]).toEqual(errors[0])
      expect(errors.slice(0, 1)).toEqual([
        new FlashConfigError(
          '@flash/express: express-session is mounted after flash(), so it would save the session before the ' +
            'messages are stored in it; mount express-session before @flash/express (app.use(session({...})), ' +
            'then app.use(flash({...}))), or use storage: "cookie"',
        ),
      ])
    } finally {
      await close()
    }
  })

  it('express-session on a router mounted after flash(): that request is stored and warned about, later ones fail', async () => {
    const store = new CountingMemoryStore()
    const { app, warnings, errors } = testApp({
      express,
      routes: adminAfterFlash(store),
      flash: { maxCookieSize: 1 },
    })
    const { client, close } = await serve(app)
    try {
      // The first request that uses messages finds no session anywhere: the order is taken as right.
      expect((await client.get('/show')).status).toBe(200)
      const redirect = await client.post('/admin/add')
      expect(redirect.status).toBe(302)
      expect(warnings).toEqual([
        '@flash/express: express-session is mounted after flash(), so it would save the session before the ' +
          'messages are stored in it; mount express-session before @flash/express (app.use(session({...})), ' +
          'then app.use(flash({...}))), or use storage: "cookie"',
      ])
      expect(store.writes).toBe(1)
      expect((await client.get('/untouched')).status).toBe(500)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toBeInstanceOf(FlashConfigError)
    } finally {
      await close()
    }
  })

  it('express-session on a router mounted after flash(), before any request used messages: its first request fails with the fix', async () => {
    const store = new CountingMemoryStore()
    const { app, errors } = testApp({
      express,
      routes: adminAfterFlash(store),
    })
    const { client, close } = await serve(app)
    try {
      // Untouched requests decide nothing (flash() did not make their storage): still watched.
      expect((await client.get('/untouched')).status).toBe(200)
      expect((await client.post('/admin/add')).status).toBe(500)
      expect(errors).toHaveLength(1)
      expect(errors[0]).toBeInstanceOf(FlashConfigError)
      expect(store.writes).toBe(0)
    } finally {
      await close()
    }
  })

  it('storage "cookie" does not care where express-session is mounted', async () => {
    const store = new CountingMemoryStore()
    const { app } = testApp({ express, store, sessionAfterFlash: true, flash: { storage: 'cookie' } })
    const { client, close } = await serve(app)
    try {
      await client.post('/add')
      expect(await (await client.get('/show')).json()).toEqual(['Note saved.'])
      expect(store.writes).toBe(0)
    } finally {
      await close()
    }
  })

  it('storage "session" without express-session fails on first use with an error naming the fix', async () => {
    const { app, errors } = testApp({ express, flash: { storage: 'session' } })
    const { client, close } = await serve(app)
    try {
      expect((await client.post('/add')).status).toBe(500)
      expect((errors[0] as Error).message).toBe(
        '@flash/express: storage "session" needs a session, but this request has none; mount express-session ' +
          'before @flash/express (app.use(session({...})), then app.use(flash({...}))), or use storage: "cookie"',
      )
      expect(errors[0]).toBeInstanceOf(FlashConfigError)
    } finally {
      await close()
    }
  })

  it.each([
    {
      change: 'destroy',
      event: 'a logout',
      route: '/logout',
      text: 'Logged out.',
      lands: 'starts a new session',
    },
    {
      change: 'regenerate',
      event: 'a login',
      route: '/login',
      text: 'Welcome back.',
      lands: 'lands in the new session',
    },
  ] as const)(
    'a message added after req.session.$change() ($event) $lands (storage "session")',
    async ({ change, route, text }) => {
      const store = new CountingMemoryStore()
      const { app } = testApp({
        express,
        store,
        flash: { storage: 'session' },
        routes: (a) =>
          a.post(route, (req, res, next) => {
            req.session[change]((error) => {
              if (error) return next(error)
              success(req, text)
              res.redirect('/show')
            })
          }),
      })
      const { client, close } = await serve(app)
      try {
        await client.post('/add', { text: 'Before.' })
        const before = client.jar.get('connect.sid')
        expect(before).toBeDefined()
        const redirect = await client.post(route)
        expect(redirect.status).toBe(302)
        expect(client.jar.get('connect.sid')).not.toBe(before)
        expect(await (await client.get('/show')).json()).toEqual([text])
      } finally {
        await close()
      }
    },
  )
})
