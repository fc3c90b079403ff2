import { Hono, type MiddlewareHandler } from 'hono'
import { describe, expectTypeOf, test } from 'vitest'
import {
  type BaseStorage,
  type FlashEnv,
  type FlashSession,
  flash,
  getMessages,
  type HonoFlashOptions,
  type MessageList,
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

  test('<Messages /> takes messages or c', () => {
    expectTypeOf(Messages).parameter(0).toEqualTypeOf<MessagesProps>()
    // @ts-expect-error both at once
    Messages({ messages: [], c: {} as import('hono').Context })
  })
})
