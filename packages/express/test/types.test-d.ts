import type { BaseStorage, DEFAULT_LEVELS } from '@flash/core'
import express, { type RequestHandler } from 'express'
import { describe, expectTypeOf, it } from 'vitest'
import { type ConnectFlash, flash as connectFlash } from '../src/connect-flash.js'
import { type ExpressFlashOptions, flash, withSuccessMessage } from '../src/index.js'
import { assertMessages, type TestResponse } from '../src/testing.js'

describe('@flash/express types', () => {
  it('types req.messages and res.locals through Express augmentation', () => {
    const app = express()
    app.get('/', (req, res) => {
      expectTypeOf(req.messages).toEqualTypeOf<BaseStorage>()
      expectTypeOf(res.locals.messages).toEqualTypeOf<BaseStorage>()
      expectTypeOf(res.locals.DEFAULT_MESSAGE_LEVELS).toEqualTypeOf<typeof DEFAULT_LEVELS>()
    })
  })

  it('flash() takes the core options plus logger and returns an Express middleware', () => {
    expectTypeOf(flash).parameter(0).toEqualTypeOf<ExpressFlashOptions>()
    expectTypeOf(flash({ secret: process.env.FLASH_SECRET })).toEqualTypeOf<RequestHandler>()
    expectTypeOf(flash).toBeCallableWith({ secret: 's', storage: 'session', logger: console })
    // @ts-expect-error: an unknown option
    flash({ secret: 's', secrets: [] })
  })

  it('withSuccessMessage keeps the handler type and types the function form', () => {
    const handler: RequestHandler = (_req, res) => res.redirect('/')
    expectTypeOf(withSuccessMessage('%(title)s saved', handler)).toEqualTypeOf<RequestHandler>()
    withSuccessMessage(
      (form: { title: string }, locals: { note: { id: number } }) => `${form.title} ${locals.note.id}`,
      handler,
    )
    // @ts-expect-error: a message is a string or a function
    withSuccessMessage(42, handler)
  })

  it('connect-flash: req.flash is typed per use', () => {
    expectTypeOf(connectFlash({ secret: 's' })).toEqualTypeOf<RequestHandler>()
    expectTypeOf(connectFlash()).toEqualTypeOf<RequestHandler>()
    const app = express()
    app.get('/', (req) => {
      expectTypeOf(req.flash).toEqualTypeOf<ConnectFlash>()
      expectTypeOf(req.flash('error')).toEqualTypeOf<string[]>()
      expectTypeOf(req.flash()).toEqualTypeOf<Record<string, string[]>>()
      expectTypeOf(req.flash('info', 'Saved.')).toEqualTypeOf<void>()
    })
  })

  it('@flash/express/testing takes any response with headers', () => {
    expectTypeOf(assertMessages).parameter(0).toEqualTypeOf<TestResponse>()
  })
})
