/**
 * passport (0.7) with passport-local, as most Express apps that flash messages use it: its
 * `failureFlash` and `successFlash` call `req.flash()`, so they go through the connect-flash
 * drop-in. Since 0.6, `req.logIn()` and `req.logout()` regenerate the session: a message passport
 * adds before it logs in must still show, and the README says what happens to messages that were
 * already waiting in the session.
 */
import type { Express, RequestHandler } from 'express'
import express5 from 'express'
import session from 'express-session'
import { Passport } from 'passport'
import { Strategy as LocalStrategy } from 'passport-local'
import { describe, expect, it } from 'vitest'
import { flash as dropIn } from '../src/connect-flash.js'
import { SECRET } from './app.js'
import { serve } from './client.js'
import { EXPRESS_VERSIONS, SESSION_SECRET } from './harness.js'

interface User {
  id: number
}

/** A passport of its own per app, with one account: bob / right. */
function passportFor() {
  const passport = new Passport()
  passport.use(
    new LocalStrategy((username, password, done) => {
      if (username !== 'bob') return done(null, false, { message: 'Unknown user.' })
      if (password !== 'right') return done(null, false, { message: 'Wrong password.' })
      return done(null, { id: 1 })
    }),
  )
  passport.serializeUser((user, done) => done(null, (user as User).id))
  passport.deserializeUser((id: number, done) => done(null, { id }))
  return passport
}

const STORAGES: readonly (readonly [name: string, middleware: () => RequestHandler])[] = [
  ['the drop-in as connect-flash (session)', () => dropIn()],
  ['the drop-in with a secret (fallback)', () => dropIn({ secret: SECRET })],
  ['the drop-in, cookie storage', () => dropIn({ secret: SECRET, storage: 'cookie' })],
]

function appWith(
  express: () => Express,
  flash: RequestHandler,
  login: { keepSessionInfo?: boolean; successFlash?: string | false } = {},
): Express {
  const app = express()
  const passport = passportFor()
  app.use(express5.urlencoded({ extended: false }))
  app.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false }))
  app.use(flash)
  app.use(passport.initialize())
  app.use(passport.session())
  app.get('/login', (req, res) => res.json({ error: req.flash('error') }))
  app.post(
    '/login',
    passport.authenticate('local', {
      successRedirect: '/',
      failureRedirect: '/login',
      failureFlash: true,
      successFlash: 'Welcome back.',
      ...login,
    }),
  )
  app.post('/logout', (req, res, next) => {
    req.flash('info', 'Before logging out.')
    req.logout((error) => {
      if (error) return next(error)
      req.flash('success', 'Signed out.')
      res.redirect('/')
    })
  })
  // A page that asks the visitor to sign in, and a login page that shows only the errors
  // (passport's examples): the hint waits in the storage until a page shows every type.
  app.get('/account', (req, res) => {
    req.flash('info', 'Sign in to see your account.')
    res.redirect('/login')
  })
  app.get('/', (req, res) => res.json({ user: (req.user as User | undefined)?.id ?? null, ...req.flash() }))
  return app
}

describe.each(EXPRESS_VERSIONS)('passport on $name', ({ express }) => {
  describe.each(STORAGES)('%s', (_name, flash) => {
    it("failureFlash shows passport's message on the login page once", async () => {
      const { client, close } = await serve(appWith(express, flash()))
      try {
        const failed = await client.post('/login', { username: 'bob', password: 'wrong' })
        expect([failed.status, failed.headers.get('location')]).toEqual([302, '/login'])
        expect(await (await client.get('/login')).json()).toEqual({ error: ['Wrong password.'] })
        expect(await (await client.get('/login')).json()).toEqual({ error: [] })
      } finally {
        await close()
      }
    })

    it('successFlash, added before req.logIn() regenerates the session, shows on the next page once', async () => {
      const { client, close } = await serve(appWith(express, flash()))
      try {
        const signedIn = await client.post('/login', { username: 'bob', password: 'right' })
        expect([signedIn.status, signedIn.headers.get('location')]).toEqual([302, '/'])
        expect(await (await client.get('/')).json()).toEqual({ user: 1, success: ['Welcome back.'] })
        expect(await (await client.get('/')).json()).toEqual({ user: 1 })
      } finally {
        await close()
      }
    })

    it('messages added before and after req.logout() show once, signed out', async () => {
      const { client, close } = await serve(appWith(express, flash()))
      try {
        await client.post('/login', { username: 'bob', password: 'right' })
        await client.get('/')
        expect((await client.post('/logout')).status).toBe(302)
        expect(await (await client.get('/')).json()).toEqual({
          user: null,
          info: ['Before logging out.'],
          success: ['Signed out.'],
        })
        expect(await (await client.get('/')).json()).toEqual({ user: null })
      } finally {
        await close()
      }
    })
  })

  // What the README documents: passport empties the session at login unless keepSessionInfo.
  // Without successFlash, so nothing reads the session before it is regenerated.
  it('a message waiting in the session at login goes with the old session, unless keepSessionInfo: true', async () => {
    const waitingAtLogin = async (flash: RequestHandler, login: { keepSessionInfo?: boolean }) => {
      const { client, close } = await serve(appWith(express, flash, { ...login, successFlash: false }))
      try {
        await client.get('/account')
        expect(await (await client.get('/login')).json()).toEqual({ error: [] })
        await client.post('/login', { username: 'bob', password: 'right' })
        return await (await client.get('/')).json()
      } finally {
        await close()
      }
    }
    const withHint = { user: 1, info: ['Sign in to see your account.'] }
    expect(await waitingAtLogin(dropIn(), {})).toEqual({ user: 1 })
    expect(await waitingAtLogin(dropIn(), { keepSessionInfo: true })).toEqual(withHint)
    // In the message cookie (a secret: fallback, or cookie storage) it never was in the session.
    expect(await waitingAtLogin(dropIn({ secret: SECRET }), {})).toEqual(withHint)
    expect(await waitingAtLogin(dropIn({ secret: SECRET, storage: 'cookie' }), {})).toEqual(withHint)
  })
})
