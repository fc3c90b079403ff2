/** Types: the request decoration, the plugin's options, the re-exported core API. */
import cookie from '@fastify/cookie'
import Fastify, { type FastifyContextConfig, type FastifyPluginAsync, type FastifyRequest } from 'fastify'
import { describe, expectTypeOf, it } from 'vitest'
import flash, {
  BaseStorage,
  type FastifySuccessMessage,
  type FlashConfig,
  type FlashFastifyOptions,
  type FlashOptions,
  type FlashSeam,
  getMessages,
  type Message,
  type MessageList,
  flash as namedFlash,
  type StorageFactory,
  success,
} from '../src/index.js'
import { assertMessages, type Message as TestingMessage, type TestResponse } from '../src/testing.js'

describe('types', () => {
  it('request.messages is the storage, iterable as Messages', () => {
    expectTypeOf<FastifyRequest['messages']>().toEqualTypeOf<BaseStorage>()
    expectTypeOf<FastifyRequest['messages']>().toMatchTypeOf<Iterable<Message>>()
    expectTypeOf(getMessages).parameter(0).toEqualTypeOf<object>()
    expectTypeOf(getMessages).returns.toEqualTypeOf<MessageList>()
    expectTypeOf(success).toBeCallableWith({} as FastifyRequest, 'Saved.')
  })

  it('the options are the core options; the plugin is one value under two names', () => {
    expectTypeOf<FlashFastifyOptions>().toEqualTypeOf<FlashOptions<FastifyRequest>>()
    expectTypeOf(flash).toEqualTypeOf(namedFlash)
    expectTypeOf(flash).toMatchTypeOf<FastifyPluginAsync<FlashFastifyOptions>>()
  })

  it('register checks the options', async () => {
    const app = Fastify()
    await app.register(cookie)
    app.register(flash, { secret: 's', storage: 'cookie', cookie: { sameSite: 'Strict' } })
    // @ts-expect-error unknown option
    app.register(flash, { secret: 's', cookieName: 'flash' })
    // @ts-expect-error unknown storage
    app.register(flash, { secret: 's', storage: 'redis' })
    // @ts-expect-error the secret is required
    app.register(flash, { storage: 'cookie' })
    // @ts-expect-error unknown cookie option
    app.register(flash, { secret: 's', cookie: { maxAge: 5 } })
  })

  it('a storage factory receives the FastifyRequest: typed without an annotation, accepted with one', async () => {
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
    const app = Fastify()
    await app.register(flash, {
      secret: 's',
      storage: (seam, config, request) => {
        expectTypeOf(request).toEqualTypeOf<FastifyRequest>()
        return new UserStorage(seam, config, request.ip)
      },
    })
    app.register(flash, {
      secret: 's',
      storage: (seam, config, request: FastifyRequest) => new UserStorage(seam, config, request.ip),
    })
    const typed: StorageFactory<FastifyRequest> = (seam, config, request) =>
      new UserStorage(seam, config, request.hostname)
    app.register(flash, { secret: 's', storage: typed })
    // Factories that ignore the request, or take any carrier (redisStorage's), still fit.
    const anyCarrier: StorageFactory = (seam, config) => new UserStorage(seam, config)
    app.register(flash, { secret: 's', storage: anyCarrier })
    app.register(flash, { secret: 's', storage: (seam, config) => new UserStorage(seam, config) })
    app.register(flash, {
      secret: 's',
      // @ts-expect-error the carrier is a FastifyRequest, not a Koa context
      storage: (seam, config, ctx: { cookies: { get(name: string): string } }) =>
        new UserStorage(seam, config, ctx.cookies.get('user')),
    })
  })

  it('config.successMessage: a template or a function; annotated parameters accepted, interfaces too', () => {
    interface Note {
      id: number
    }
    type NoteForm = { title: string }
    interface NoteFormInterface {
      title: string
    }
    const app = Fastify()
    expectTypeOf<FastifyContextConfig['successMessage']>().toEqualTypeOf<FastifySuccessMessage | undefined>()
    app.post('/a', { config: { successMessage: '%(name)s was created successfully' } }, async () => 'ok')
    app.post(
      '/b',
      {
        config: {
          successMessage: (body, result, request) => {
            // biome-ignore lint/suspicious/noExplicitAny: the form is untyped (see success-message.ts)
            expectTypeOf(body).toEqualTypeOf<Record<string, any>>()
            expectTypeOf(result).toEqualTypeOf<unknown>()
            expectTypeOf(request).toEqualTypeOf<FastifyRequest>()
            return null
          },
        },
      },
      async () => 'ok',
    )
    app.post(
      '/c',
      { config: { successMessage: (body: { title: string }, note: Note) => `${body.title} #${note.id}` } },
      async () => ({ id: 1 }),
    )
    app.post('/e', { config: { successMessage: (body: NoteForm) => body.title } }, async () => 'ok')
    app.post('/g', { config: { successMessage: (body: NoteFormInterface) => body.title } }, async () => 'ok')
    // @ts-expect-error a number is not a success message
    app.post('/d', { config: { successMessage: 42 } }, async () => 'ok')
  })

  it('@flash/fastify/testing: assertMessages takes inject and fetch responses', async () => {
    const app = Fastify()
    expectTypeOf(assertMessages).toBeCallableWith(await app.inject('/'), [], { ordered: false })
    expectTypeOf(assertMessages).toBeCallableWith(new Response(), [{ level: 20, message: 'x' }])
    expectTypeOf(assertMessages)
      .parameter(1)
      .toEqualTypeOf<readonly (TestingMessage | { level: number; message: string })[]>()
    expectTypeOf<Response>().toMatchTypeOf<TestResponse>()
  })
})
