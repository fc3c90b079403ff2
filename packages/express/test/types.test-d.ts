import {
  BaseStorage,
  type DEFAULT_LEVELS,
  type FlashConfig,
  type FlashSeam,
  type Message,
  type StorageFactory,
} from '@flash/core'
import express, { type Request, type RequestHandler } from 'express'
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

  it('a storage factory receives the Request: typed without an annotation, accepted with one', () => {
    class UserStorage extends BaseStorage {
      constructor(
        _seam: FlashSeam,
        _config: FlashConfig,
        readonly user?: string,
      ) {
        super()
      }
      get() {
        return { messages: null }
      }
      store(_messages: Message[]) {
        return []
      }
    }
    flash({
      secret: 's',
      storage: (seam, config, req) => {
        expectTypeOf(req).toEqualTypeOf<Request>()
        return new UserStorage(seam, config, req.ip)
      },
    })
    flash({ secret: 's', storage: (seam, config, req: Request) => new UserStorage(seam, config, req.ip) })
    const typed: StorageFactory<Request> = (seam, config, req) =>
      new UserStorage(seam, config, req.get('x-user'))
    flash({ secret: 's', storage: typed })
    // Factories that ignore the request, or take any carrier (redisStorage's), still fit.
    const anyCarrier: StorageFactory = (seam, config) => new UserStorage(seam, config)
    flash({ secret: 's', storage: anyCarrier })
    flash({ secret: 's', storage: (seam, config) => new UserStorage(seam, config) })
    flash({
      secret: 's',
      // @ts-expect-error the carrier is an Express request, not a Fastify request
      storage: (seam, config, request: { routeOptions: { url: string } }) =>
        new UserStorage(seam, config, request.routeOptions.url),
    })
  })

  it('withSuccessMessage keeps the handler type and types the function form', () => {
    const handler: RequestHandler = (_req, res) => res.redirect('/')
    expectTypeOf(withSuccessMessage('%(title)s saved', handler)).toEqualTypeOf<RequestHandler>()
    withSuccessMessage(
      (form: { title: string }, locals: { note: { id: number } }) => `${form.title} ${locals.note.id}`,
      handler,
    )
    // An interface is accepted as the form's type, as Koa's withSuccessMessage takes it.
    interface NoteForm {
      title: string
    }
    withSuccessMessage((form: NoteForm, _locals, req) => {
      expectTypeOf(req).toEqualTypeOf<Request>()
      return form.title
    }, handler)
    // Unannotated, a field of the form or of res.locals is unknown until checked, not any.
    withSuccessMessage((form, locals) => {
      expectTypeOf(form).toEqualTypeOf<Record<string, unknown>>()
      expectTypeOf(form.title).toEqualTypeOf<unknown>()
      expectTypeOf(locals.note).toEqualTypeOf<unknown>()
      // What the app declared of res.locals (Express.Locals) keeps its type.
      expectTypeOf(locals.messages).toEqualTypeOf<BaseStorage>()
      return typeof form.title === 'string' ? form.title : null
    }, handler)
    // @ts-expect-error a field is unknown until checked
    withSuccessMessage((form) => form.title.toUpperCase(), handler)
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
      // connect-flash's count of pending messages of the type, as @types/connect-flash types it.
      expectTypeOf(req.flash('info', 'Saved.')).toEqualTypeOf<number>()
      expectTypeOf(req.flash('info', 'Hi %s', 'Bob')).toEqualTypeOf<number>()
    })
  })

  it('@flash/express/testing takes any response with headers', () => {
    expectTypeOf(assertMessages).parameter(0).toEqualTypeOf<TestResponse>()
  })
})
