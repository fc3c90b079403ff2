/**
 * `@flash/express/connect-flash`: connect-flash's `req.flash()` over @flash's storage, on
 * Express 5 and 4, interoperating with the core API both ways.
 */
import type { Express } from 'express'
import express5 from 'express'
import session from 'express-session'
import { describe, expect, it } from 'vitest'
import connectFlash, { CUSTOM_TYPE_LEVEL, flash } from '../src/connect-flash.js'
import { ERROR, getMessages, INFO, success, WARNING } from '../src/index.js'
import { SECRET } from './app.js'
import { serve } from './client.js'
import { CountingMemoryStore, EXPRESS_VERSIONS, SESSION_SECRET } from './harness.js'

function app(
  express: () => Express,
  routes: (a: Express) => void,
  options: { tags?: Record<number, string> } = {},
) {
  const a = express()
  const store = new CountingMemoryStore()
  a.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, store }))
  a.use(express5.urlencoded({ extended: false }))
  a.use(flash({ secret: SECRET, ...options }))
  routes(a)
  a.get('/messages', (req, res) => {
    res.json([...getMessages(req)].map((m) => ({ level: m.level, text: String(m), tags: m.tags })))
  })
  return { app: a, store }
}

describe('connect-flash entry', () => {
  it('default-exports flash(), a named middleware', () => {
    expect(connectFlash).toBe(flash)
    expect(flash({ secret: SECRET }).name).toBe('connectFlash')
  })
})

describe.each(EXPRESS_VERSIONS)('req.flash on $name', ({ express }) => {
  it('a Promise passed as the message is a TypeError, not a stored "{}" (an asynchronous translation without await)', async () => {
    const { app: a } = app(express, (routes) => {
      routes.post('/add', (req, res) => {
        try {
          req.flash('info', Promise.resolve('Saved.') as unknown as string)
          res.send('stored')
        } catch (error) {
          res.status(500).send(String(error))
        }
      })
    })
    const { client, close } = await serve(a)
    try {
      const added = await client.post('/add')
      expect(added.status).toBe(500)
      expect(await added.text()).toBe(
        'TypeError: @flash/express/connect-flash: req.flash() was given a Promise, whose text would read ' +
          `"[object Promise]": await it first, e.g. req.flash('info', await t('saved'))`,
      )
      expect(await (await client.get('/messages')).json()).toEqual([])
    } finally {
      await close()
    }
  })

  it('a Promise as a format argument or in a list is refused before anything is added', async () => {
    const { app: a } = app(express, (routes) => {
      routes.post('/add', (req, res) => {
        const refused: string[] = []
        for (const call of [
          () => req.flash('info', 'Hi %s', Promise.resolve('Ann') as unknown as string),
          () => req.flash('info', ['ok', Promise.resolve('Saved.') as unknown as string]),
        ]) {
          try {
            call()
          } catch (error) {
            refused.push((error as Error).name)
          }
        }
        res.json(refused)
      })
    })
    const { client, close } = await serve(a)
    try {
      expect(await (await client.post('/add')).json()).toEqual(['TypeError', 'TypeError'])
      expect(await (await client.get('/messages')).json()).toEqual([])
    } finally {
      await close()
    }
  })

  it('flash() without options keeps messages in express-session, as connect-flash does', async () => {
    const a = express()
    const store = new CountingMemoryStore()
    a.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false, store }))
    a.use(flash())
    a.post('/add', (req, res) => {
      req.flash('info', 'In the session.')
      res.redirect('/read')
    })
    a.get('/read', (req, res) => {
      res.json(req.flash('info'))
    })
    const { client, close } = await serve(a)
    try {
      const redirect = await client.post('/add')
      expect(redirect.headers.getSetCookie().map((l) => l.slice(0, l.indexOf('=')))).toEqual(['connect.sid'])
      expect(store.writes).toBe(1)
      expect(await (await client.get('/read')).json()).toEqual(['In the session.'])
      expect(await (await client.get('/read')).json()).toEqual([])
    } finally {
      await close()
    }
  })

  it('flash() without options and without express-session fails on use with an error naming the fix', async () => {
    const a = express()
    const errors: unknown[] = []
    a.use(flash())
    a.post('/add', (req, res) => {
      req.flash('info', 'Nowhere to go.')
      res.redirect('/')
    })
    a.use(((error, _req, res, _next) => {
      errors.push(error)
      res.status(500).send('error')
    }) as import('express').ErrorRequestHandler)
    const { client, close } = await serve(a)
    try {
      expect((await client.post('/add')).status).toBe(500)
      expect((errors[0] as Error).message).toMatch(
        /^@flash\/express: storage "session" needs a session, but this request has none; mount express-session before @flash\/express/,
      )
    } finally {
      await close()
    }
  })

  it('req.flash(type, message) adds at the mapped level; getMessages(req) shows them next request', async () => {
    const { app: a } = app(express, (r) =>
      r.post('/add', (req, res) => {
        req.flash('info', 'Info.')
        req.flash('success', 'Saved.')
        req.flash('warn', 'Careful.')
        req.flash('warning', 'Very careful.')
        req.flash('error', ['Bad 1', 'Bad 2'])
        req.flash('debug', 'Hidden below INFO.')
        req.flash('notice', 'Hello %s, you have %d messages', 'Ada', 3)
        res.redirect('/messages')
      }),
    )
    const { client, close } = await serve(a)
    try {
      await client.post('/add')
      expect(await (await client.get('/messages')).json()).toEqual([
        { level: INFO, text: 'Info.', tags: 'info' },
        { level: 25, text: 'Saved.', tags: 'success' },
        // Added as `warn`: the type stays with it (req.flash('warn') reads it back), and is a CSS tag too.
        { level: WARNING, text: 'Careful.', tags: 'warn warning' },
        { level: WARNING, text: 'Very careful.', tags: 'warning' },
        { level: ERROR, text: 'Bad 1', tags: 'error' },
        { level: ERROR, text: 'Bad 2', tags: 'error' },
        { level: CUSTOM_TYPE_LEVEL, text: 'Hello Ada, you have 3 messages', tags: 'notice' },
      ])
    } finally {
      await close()
    }
  })

  it('req.flash(type) returns the texts of that type and consumes only them; req.flash() returns all by type', async () => {
    const taken: unknown[] = []
    const { app: a } = app(express, (r) => {
      r.post('/add', (req, res) => {
        req.flash('error', 'Wrong password.')
        success(req, 'Added with the core API.')
        req.flash('warn', 'Caps lock is on.')
        req.flash('notice', 'A custom type.')
        res.redirect('/login')
      })
      r.get('/login', (req, res) => {
        taken.push(req.flash('error'), req.flash('warn'), req.flash('error'))
        res.send('login page')
      })
      r.get('/all', (req, res) => {
        res.json(req.flash())
      })
    })
    const { client, close } = await serve(a)
    try {
      await client.post('/add')
      await client.get('/login')
      expect(taken).toEqual([['Wrong password.'], ['Caps lock is on.'], []])
      expect(await (await client.get('/all')).json()).toEqual({
        success: ['Added with the core API.'],
        notice: ['A custom type.'],
      })
      expect(await (await client.get('/all')).json()).toEqual({})
    } finally {
      await close()
    }
  })

  it('a type named by the tags option uses that level', async () => {
    const { app: a } = app(
      express,
      (r) =>
        r.post('/add', (req, res) => {
          req.flash('critical', 'Disk full.')
          res.redirect('/messages')
        }),
      { tags: { 50: 'critical' } },
    )
    const { client, close } = await serve(a)
    try {
      await client.post('/add')
      expect(await (await client.get('/messages')).json()).toEqual([
        { level: 50, text: 'Disk full.', tags: 'critical' },
      ])
    } finally {
      await close()
    }
  })

  it('on a prefetch an add counts what the request added (the stored messages read as none there)', async () => {
    const { app: a } = app(express, (r) =>
      r.get('/prefetched', (req, res) => res.json([req.flash('info', 'One.'), req.flash('info', 'Two.')])),
    )
    const { client, close } = await serve(a)
    try {
      const prefetch = { headers: { 'sec-purpose': 'prefetch' } }
      expect(await (await client.send('/prefetched', prefetch)).json()).toEqual([1, 2])
      expect(await (await client.send('/prefetched', prefetch)).json()).toEqual([1, 2])
      expect((await (await client.get('/messages')).json()).map((m: { text: string }) => m.text)).toEqual([
        'One.',
        'Two.',
        'One.',
        'Two.',
      ])
    } finally {
      await close()
    }
  })

  it('reading with req.flash() when nothing was flashed creates no session (connect-flash#33)', async () => {
    const { app: a, store } = app(express, (r) =>
      r.get('/read', (req, res) => {
        res.json({ errors: req.flash('error'), all: req.flash() })
      }),
    )
    const { client, close } = await serve(a)
    try {
      const response = await client.get('/read')
      expect(await response.json()).toEqual({ errors: [], all: {} })
      expect(response.headers.getSetCookie()).toEqual([])
      expect(store.writes).toBe(0)
    } finally {
      await close()
    }
  })
})
