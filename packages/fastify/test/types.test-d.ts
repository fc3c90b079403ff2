/** Types: the request decoration, the plugin's options, the re-exported core API. */
import cookie from '@fastify/cookie'
import Fastify, { type FastifyPluginAsync, type FastifyRequest } from 'fastify'
import { describe, expectTypeOf, it } from 'vitest'
import flash, {
  type BaseStorage,
  type FlashFastifyOptions,
  type FlashOptions,
  getMessages,
  type Message,
  type MessageList,
  flash as namedFlash,
  success,
} from '../src/index.js'

describe('types', () => {
  it('request.messages is the storage, iterable as Messages', () => {
    expectTypeOf<FastifyRequest['messages']>().toEqualTypeOf<BaseStorage>()
    expectTypeOf<FastifyRequest['messages']>().toMatchTypeOf<Iterable<Message>>()
    expectTypeOf(getMessages).parameter(0).toEqualTypeOf<object>()
    expectTypeOf(getMessages).returns.toEqualTypeOf<MessageList>()
    expectTypeOf(success).toBeCallableWith({} as FastifyRequest, 'Saved.')
  })

  it('the options are the core options; the plugin is one value under two names', () => {
    expectTypeOf<FlashFastifyOptions>().toEqualTypeOf<FlashOptions>()
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
})
