import { type Context, Hono, type Env as HonoEnv, type MiddlewareHandler } from 'hono'
import type { BlankInput } from 'hono/types'
import { validator } from 'hono/validator'
import { describe, expectTypeOf, test } from 'vitest'
import {
  BaseStorage,
  type FlashConfig,
  type FlashEnv,
  type FlashSeam,
  type FlashSession,
  flash,
  getMessages,
  type HonoFlashOptions,
  type Message,
  type MessageList,
  type ParsedBody,
  type StorageFactory,
  type SuccessBody,
  withSuccessMessage,
} from '../src/index.js'
import { Messages, type MessagesProps } from '../src/jsx.js'

describe('types', () => {
  test('with FlashEnv, c.get and c.var give the storage', () => {
    const app = new Hono<FlashEnv>()
    app.use(flash({ secret: 's' }))
    app.get('/', (c) => {
      expectTypeOf(c.get('messages')).toEqualTypeOf<BaseStorage>()
      expectTypeOf(c.var.messages).toEqualTypeOf<BaseStorage>()
      expectTypeOf(getMessages(c)).toEqualTypeOf<MessageList>()
      return c.text('ok')
    })
  })

  test('without FlashEnv, through the ContextVariableMap augmentation', () => {
    const app = new Hono()
    app.get('/', (c) => {
      expectTypeOf(c.get('messages')).toEqualTypeOf<BaseStorage>()
      expectTypeOf(c.var.messages).toEqualTypeOf<BaseStorage>()
      return c.text('ok')
    })
  })

  test('flash() is a middleware; options are checked', () => {
    expectTypeOf(flash).returns.toEqualTypeOf<MiddlewareHandler<FlashEnv>>()
    expectTypeOf<HonoFlashOptions['session']>().toEqualTypeOf<
      ((c: import('hono').Context) => FlashSession | undefined) | undefined
    >()
    // @ts-expect-error secret is required
    flash({})
    // @ts-expect-error storage is one of the known names or a factory
    flash({ secret: 's', storage: 'redis' })
  })

  test('a storage factory receives the Context: typed without an annotation, accepted with one', () => {
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
      storage: (seam, config, c) => {
        expectTypeOf(c).toEqualTypeOf<Context<FlashEnv>>()
        expectTypeOf(c.var.messages).toEqualTypeOf<BaseStorage>()
        return new UserStorage(seam, config, c.req.header('x-user'))
      },
    })
    flash({ secret: 's', storage: (seam, config, c: Context) => new UserStorage(seam, config, c.req.path) })
    // The options of an app with an env of its own give the factory that env's Context.
    type AppEnv = FlashEnv & { Variables: { user: string } }
    expectTypeOf<NonNullable<HonoFlashOptions<AppEnv>['storage']>>()
      .extract<StorageFactory<Context<AppEnv>>>()
      .parameter(2)
      .toEqualTypeOf<Context<AppEnv>>()
    const options: HonoFlashOptions<AppEnv> = {
      secret: 's',
      storage: (seam, config, c) => new UserStorage(seam, config, c.get('user')),
    }
    expectTypeOf(options.secret).not.toBeNever()
    flash<AppEnv>({ secret: 's', storage: (seam, config, c) => new UserStorage(seam, config, c.get('user')) })
    // Factories that ignore the context, or take any carrier (redisStorage's), still fit.
    const anyCarrier: StorageFactory = (seam, config) => new UserStorage(seam, config)
    flash({ secret: 's', storage: anyCarrier })
    flash({
      secret: 's',
      // @ts-expect-error the carrier is a Hono context, not a Fastify request
      storage: (seam, config, request: { routeOptions: { url: string } }) =>
        new UserStorage(seam, config, request.routeOptions.url),
    })
  })

  test('<Messages /> takes messages or c', () => {
    expectTypeOf(Messages).parameter(0).toEqualTypeOf<MessagesProps>()
    // @ts-expect-error both at once
    Messages({ messages: [], c: {} as import('hono').Context })
  })

  test('withSuccessMessage: the context as annotated, the validated body, the Response, RPC output kept', () => {
    type Env = FlashEnv & { Variables: { note: { title: string } } }
    type Note = { title: string; words: number }
    type Ctx = Context<Env, '/notes/:id', { out: { form: Note } }>
    const app = new Hono<Env>()
    const route = app.post(
      '/notes/:id',
      validator('form', (form): Note => ({ title: String(form.title), words: Number(form.words) })),
      withSuccessMessage(
        (body, response, c) => {
          expectTypeOf(body).toEqualTypeOf<Note>()
          expectTypeOf(response).toEqualTypeOf<Response>()
          expectTypeOf(c.var.note).toEqualTypeOf<{ title: string }>()
          return `${body.title} (${c.req.param('id')}) saved`
        },
        (c: Ctx) => {
          expectTypeOf(c.req.valid('form')).toEqualTypeOf<Note>()
          expectTypeOf(c.req.param('id')).toEqualTypeOf<string>()
          return c.json({ saved: true }, 201)
        },
      ),
    )
    const plain = app.post('/plain', (c) => c.json({ saved: true }, 201))
    type Schema<T> = T extends Hono<Env, infer S> ? S : never
    expectTypeOf<Schema<typeof route>['/notes/:id']['$post']['output']>().toEqualTypeOf<
      Schema<typeof plain>['/plain']['$post']['output']
    >()
    // Unannotated, the context is a plain one (TypeScript cannot see the route through a call).
    app.post(
      '/',
      withSuccessMessage('%(title)s saved', (c) => {
        expectTypeOf(c).toEqualTypeOf<Context<HonoEnv, string, BlankInput>>()
        return c.redirect('/')
      }),
    )
    expectTypeOf<SuccessBody<BlankInput>>().toEqualTypeOf<ParsedBody>()
    // @ts-expect-error a template or a function
    withSuccessMessage(42, (c) => c.redirect('/'))
    const redirect = (c: Context) => c.redirect('/')
    // @ts-expect-error the function returns text
    withSuccessMessage(() => 42, redirect)
  })
})

describe('flash() in an app with an env of its own', () => {
  test("takes the app's env, so a Workers secret from c.env types, and is made once", () => {
    type AppEnv = FlashEnv & { Bindings: { FLASH_SECRET: string } }
    const app = new Hono<AppEnv>()
    let messages: MiddlewareHandler<AppEnv> | undefined
    app.use((c, next) => {
      messages ??= flash<AppEnv>({ secret: c.env.FLASH_SECRET })
      return messages(c, next)
    })
    app.get('/', (c) => c.json([...c.var.messages].map(String)))
    // The plain form still types for FlashEnv apps.
    expectTypeOf(flash({ secret: 's' })).toEqualTypeOf<MiddlewareHandler<FlashEnv>>()
  })
})
