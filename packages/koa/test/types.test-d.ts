import Router, { type RouterContext } from '@koa/router'
import Koa, { type Context, type Middleware } from 'koa'
import { describe, expectTypeOf, it } from 'vitest'
import {
  BaseStorage,
  type DEFAULT_LEVELS,
  type FlashConfig,
  type FlashLogger,
  type FlashSeam,
  flash,
  getMessages,
  type KoaFlashOptions,
  type MessageList,
  type StorageFactory,
  type Message as StoredMessage,
  success,
  withSuccessMessage,
} from '../src/index.js'
import { assertMessages, Message, type MessagesAssertionError, messagesOf } from '../src/testing.js'

describe('@flash/koa types', () => {
  it('types ctx.messages and ctx.state through Koa context augmentation', () => {
    const app = new Koa()
    app.use(async (ctx) => {
      expectTypeOf(ctx.messages).toEqualTypeOf<BaseStorage>()
      expectTypeOf(ctx.state.messages).toEqualTypeOf<BaseStorage>()
      expectTypeOf(ctx.state.DEFAULT_MESSAGE_LEVELS).toEqualTypeOf<typeof DEFAULT_LEVELS>()
      expectTypeOf(getMessages(ctx)).toEqualTypeOf<MessageList>()
      expectTypeOf(success).toBeCallableWith(ctx, 'Saved.')
    })
  })

  it('flash() takes the core options plus logger and returns a Koa middleware', () => {
    expectTypeOf(flash).parameter(0).toEqualTypeOf<KoaFlashOptions>()
    expectTypeOf(flash).returns.toEqualTypeOf<Middleware>()
    expectTypeOf<KoaFlashOptions['logger']>().toEqualTypeOf<FlashLogger | undefined>()
    expectTypeOf<KoaFlashOptions['storage']>()
      .extract<string>()
      .toEqualTypeOf<'fallback' | 'cookie' | 'session'>()
    expectTypeOf(flash).toBeCallableWith({ secret: ['new', 'old'], storage: 'session', logger: console })
    expectTypeOf(flash).toBeCallableWith({ secret: process.env.FLASH_SECRET })
    // @ts-expect-error the secret is required
    flash({})
    // @ts-expect-error unknown options are rejected
    flash({ secret: 's', sesionKey: 'typo' })
    // @ts-expect-error sameSite takes Lax, Strict, None (any case) or false
    flash({ secret: 's', cookie: { sameSite: 'relaxed' } })
  })

  it('a storage factory receives the Koa Context: typed without an annotation, accepted with one', () => {
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
      store(_messages: StoredMessage[]) {
        return []
      }
    }
    flash({
      secret: 's',
      storage: (seam, config, ctx) => {
        expectTypeOf(ctx).toEqualTypeOf<Context>()
        return new UserStorage(seam, config, ctx.cookies.get('user'))
      },
    })
    flash({ secret: 's', storage: (seam, config, ctx: Context) => new UserStorage(seam, config, ctx.ip) })
    const typed: StorageFactory<Context> = (seam, config, ctx) => new UserStorage(seam, config, ctx.ip)
    flash({ secret: 's', storage: typed })
    // Factories that ignore the context, or take any carrier (redisStorage's), still fit.
    const anyCarrier: StorageFactory = (seam, config) => new UserStorage(seam, config)
    flash({ secret: 's', storage: anyCarrier })
    flash({ secret: 's', storage: (seam, config) => new UserStorage(seam, config) })
    flash({
      secret: 's',
      // @ts-expect-error the carrier is a Koa context, not a Fastify request
      storage: (seam, config, request: { routeOptions: { url: string } }) =>
        new UserStorage(seam, config, request.routeOptions.url),
    })
  })

  it('withSuccessMessage keeps the route context and types the body and result', () => {
    const router = new Router()
    router.post(
      '/notes/:id',
      // Annotating ctx types @koa/router's params (unannotated, they are Koa's index signature: any).
      withSuccessMessage('%(title)s was saved', async (ctx: RouterContext) => {
        expectTypeOf(ctx.params).toEqualTypeOf<Record<string, string>>()
        expectTypeOf(ctx.messages).toEqualTypeOf<BaseStorage>()
        ctx.redirect('/')
      }),
    )
    interface NoteForm {
      title: string
    }
    interface Note {
      id: number
    }
    router.post(
      '/notes',
      withSuccessMessage(
        (form: NoteForm, note: Note) => `${form.title} is note #${note.id}`,
        async (ctx) => {
          ctx.redirect('/notes/1')
          return { id: 1 }
        },
      ),
    )
    new Koa().use(
      withSuccessMessage('Saved.', (ctx) => {
        ctx.body = 'ok'
      }),
    )
    const wrongResult = async () => ({ id: 'one' })
    // @ts-expect-error the handler must return what the message function takes
    withSuccessMessage((_form: NoteForm, note: Note) => `#${note.id}`, wrongResult)
    // @ts-expect-error a message is a template or a function
    withSuccessMessage(42, async () => undefined)
  })

  it('@flash/koa/testing takes any response with headers', () => {
    const response = new Response(null, { headers: { 'x-flash-record': '1' } })
    expectTypeOf(assertMessages).toBeCallableWith(response, [new Message(20, 'Hi')])
    expectTypeOf(assertMessages).toBeCallableWith(response, [{ level: 20, message: 'Hi' }], {
      ordered: false,
    })
    expectTypeOf(assertMessages).toBeCallableWith({ header: { 'x-flash-record': '1' } }, [])
    expectTypeOf(messagesOf(response)).toEqualTypeOf<readonly Message[]>()
    expectTypeOf<MessagesAssertionError['actual']>().toEqualTypeOf<string[]>()
    // @ts-expect-error ordered is an option, not a positional argument
    assertMessages(response, [], false)
  })
})
