import Koa, { type Middleware } from 'koa'
import { describe, expectTypeOf, it } from 'vitest'
import {
  type BaseStorage,
  type DEFAULT_LEVELS,
  type FlashLogger,
  flash,
  getMessages,
  type KoaFlashOptions,
  type MessageList,
  success,
} from '../src/index.js'

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
})
