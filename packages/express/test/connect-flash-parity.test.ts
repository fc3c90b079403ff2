/**
 * The drop-in against the real connect-flash 0.1.1: the same app, the same requests, the same
 * answers. connect-flash's read is a take whatever the response is (a redirect, a 204, a HEAD), it
 * gives back what it was given (objects too), and keeps the type names it was given (`warn`).
 */
import connectFlash from 'connect-flash'
import type { Express, RequestHandler } from 'express'
import session from 'express-session'
import { describe, expect, it } from 'vitest'
import { flash as dropIn } from '../src/connect-flash.js'
import { SECRET } from './app.js'
import { serve } from './client.js'
import { EXPRESS_VERSIONS, SESSION_SECRET } from './harness.js'

type Variant = readonly [name: string, middleware: () => RequestHandler]
const VARIANTS: readonly Variant[] = [
  ['connect-flash', () => connectFlash() as RequestHandler],
  ['drop-in, in the session', () => dropIn()],
  ['drop-in, signed cookie', () => dropIn({ secret: SECRET })],
]

/** The answers of `steps` (method and path) on an app made with each variant's middleware. */
async function answersOf(
  express: () => Express,
  routes: (app: Express) => void,
  steps: readonly (readonly [method: string, path: string])[],
): Promise<Record<string, unknown[]>> {
  const answers: Record<string, unknown[]> = {}
  for (const [name, middleware] of VARIANTS) {
    const app = express()
    app.use(session({ secret: SESSION_SECRET, resave: false, saveUninitialized: false }))
    app.use(middleware())
    routes(app)
    const { client, close } = await serve(app)
    try {
      const seen: unknown[] = []
      for (const [method, path] of steps) {
        const response = await client.send(path, { method, redirect: 'manual' })
        const body = await response.text()
        const json = response.headers.get('content-type')?.startsWith('application/json')
        seen.push([response.status, json ? JSON.parse(body) : response.headers.get('location')])
      }
      answers[name] = seen
    } finally {
      await close()
    }
  }
  return answers
}

function expectParity(answers: Record<string, unknown[]>): void {
  const reference = answers['connect-flash']
  for (const [name, seen] of Object.entries(answers)) expect([name, seen]).toEqual([name, reference])
}

describe.each(EXPRESS_VERSIONS)('the drop-in answers as connect-flash on $name', ({ express }) => {
  it('a type read by a handler that redirects is taken; the others stay, once', async () => {
    const answers = await answersOf(
      express,
      (app) => {
        app.post('/login', (req, res) => {
          req.flash('error', 'Wrong password.')
          req.flash('info', 'Hint: caps lock.')
          res.redirect('/check')
        })
        app.get('/check', (req, res) => {
          req.flash('error')
          res.redirect('/all')
        })
        app.get('/all', (req, res) => res.json(req.flash()))
      },
      [
        ['POST', '/login'],
        ['GET', '/check'],
        ['GET', '/all'],
        ['GET', '/all'],
      ],
    )
    expectParity(answers)
    expect(answers['connect-flash']!.slice(2)).toEqual([
      [200, { info: ['Hint: caps lock.'] }],
      [200, {}],
    ])
  })

  it("the tutorials' middleware that reads every type on every request, through a redirect chain", async () => {
    const answers = await answersOf(
      express,
      (app) => {
        app.use((req, res, next) => {
          res.locals.success_msg = req.flash('success_msg')
          res.locals.error_msg = req.flash('error_msg')
          next()
        })
        app.post('/register', (req, res) => {
          req.flash('error_msg', 'Please verify your email.')
          res.redirect('/dashboard')
        })
        app.post('/bounce', (req, res) => {
          req.flash('success_msg', 'Bounced.')
          res.redirect('/')
        })
        app.get('/', (_req, res) => res.redirect('/dashboard'))
        app.get('/dashboard', (_req, res) => {
          const { success_msg, error_msg } = res.locals
          res.json({ success_msg, error_msg })
        })
      },
      [
        ['POST', '/register'],
        ['GET', '/dashboard'],
        ['GET', '/dashboard'],
        ['POST', '/bounce'],
        ['GET', '/'],
        ['GET', '/dashboard'],
      ],
    )
    expectParity(answers)
    expect(answers['connect-flash']![1]).toEqual([
      200,
      { success_msg: [], error_msg: ['Please verify your email.'] },
    ])
  })

  it('req.flash() answered with a 204 or to a HEAD takes everything', async () => {
    const answers = await answersOf(
      express,
      (app) => {
        app.post('/add', (req, res) => {
          req.flash('info', 'One.')
          req.flash('error', 'Two.')
          res.status(204).end()
        })
        app.get('/poll', (req, res) => {
          req.flash()
          res.status(204).end()
        })
        app.head('/peek', (req, res) => {
          req.flash()
          res.end()
        })
        app.get('/all', (req, res) => res.json(req.flash()))
      },
      [
        ['POST', '/add'],
        ['GET', '/poll'],
        ['GET', '/all'],
        ['POST', '/add'],
        ['HEAD', '/peek'],
        ['GET', '/all'],
      ],
    )
    expectParity(answers)
    expect(answers['connect-flash']![2]).toEqual([200, {}])
  })

  it('an add returns how many messages of its type are pending, across requests and after a take', async () => {
    const answers = await answersOf(
      express,
      (app) => {
        app.post('/add', (req, res) =>
          res.json([
            req.flash('info', 'One.'),
            req.flash('info', ['Two.', 'Three.']),
            req.flash('error', 'Hello %s.', 'Bob'),
            req.flash('notice', 'Custom.'),
          ]),
        )
        app.post('/more', (req, res) => res.json([req.flash('info', 'Four.'), req.flash('error', 'Again.')]))
        app.get('/take', (req, res) => {
          const taken = req.flash('info')
          res.json([taken.length, req.flash('info', 'Five.'), req.flash('error', 'Third.')])
        })
        app.get('/all', (req, res) => res.json(req.flash()))
      },
      [
        ['POST', '/add'],
        ['POST', '/more'],
        ['GET', '/take'],
        ['GET', '/all'],
      ],
    )
    expectParity(answers)
    expect(answers['connect-flash']).toEqual([
      [200, [1, 3, 1, 1]],
      [200, [4, 2]],
      [200, [4, 1, 3]],
      [200, { error: ['Hello Bob.', 'Again.', 'Third.'], notice: ['Custom.'], info: ['Five.'] }],
    ])
  })

  it("objects come back as objects (express-validator's errors.array()), and warn stays warn", async () => {
    const answers = await answersOf(
      express,
      (app) => {
        app.post('/signup', (req, res) => {
          req.flash('errors', [{ msg: 'Please enter a valid email address.', path: 'email' }])
          req.flash('warn', 'Your password is weak.')
          req.flash('warning', 'Caps lock is on.')
          res.redirect('/form')
        })
        app.get('/form', (req, res) => res.json({ warn: req.flash('warn'), all: req.flash() }))
      },
      [
        ['POST', '/signup'],
        ['GET', '/form'],
      ],
    )
    expectParity(answers)
    expect(answers['connect-flash']![1]).toEqual([
      200,
      {
        warn: ['Your password is weak.'],
        all: {
          errors: [{ msg: 'Please enter a valid email address.', path: 'email' }],
          warning: ['Caps lock is on.'],
        },
      },
    ])
  })
})
