/**
 * The public types: the API signatures adapters and apps compile against.
 */
import { describe, expectTypeOf, it } from 'vitest'
import {
  type AddMessageOptions,
  addMessage,
  type BaseStorage,
  type CookieAttributes,
  createStorage,
  DEFAULT_LEVELS,
  type FlashConfig,
  type FlashCrypto,
  type FlashOptions,
  type FlashSeam,
  getLevel,
  getMessages,
  isSafe,
  type Message,
  type MessageList,
  type MessagesNotStoredError,
  markSafe,
  messagesContext,
  persist,
  type Retrieval,
  resolveOptions,
  type SafeString,
  STORAGE,
  type StorageFactory,
  type StorageOption,
  setLevel,
  storageOf,
  success,
} from '../src/index.js'
import { nodeCrypto } from '../src/node.js'

describe('public types', () => {
  it('the API', () => {
    expectTypeOf(addMessage).parameters.toEqualTypeOf<[object, number, unknown, AddMessageOptions?]>()
    expectTypeOf(addMessage).returns.toEqualTypeOf<void>()
    expectTypeOf(success).parameters.toEqualTypeOf<[object, unknown, AddMessageOptions?]>()
    expectTypeOf<AddMessageOptions>().toEqualTypeOf<{
      extraTags?: string | null
      failSilently?: boolean
      now?: boolean
    }>()
    expectTypeOf(getMessages).returns.toEqualTypeOf<MessageList>()
    expectTypeOf<MessageList>().toEqualTypeOf<BaseStorage | (readonly Message[] & { used: boolean })>()
    // The README's "keep them for the next request" line type-checks on the union.
    const list = getMessages({})
    list.used = false
    expectTypeOf(list.used).toEqualTypeOf<boolean>()
    expectTypeOf(getMessages({})).toMatchTypeOf<Iterable<Message>>()
    expectTypeOf(getLevel).returns.toEqualTypeOf<number>()
    expectTypeOf(setLevel).parameters.toEqualTypeOf<[object, number | null]>()
    expectTypeOf(setLevel).returns.toEqualTypeOf<boolean>()
    expectTypeOf(storageOf).returns.toEqualTypeOf<BaseStorage | undefined>()
    expectTypeOf(messagesContext({}).DEFAULT_MESSAGE_LEVELS).toEqualTypeOf(DEFAULT_LEVELS)
    expectTypeOf(DEFAULT_LEVELS.ERROR).toEqualTypeOf<40>()
    expectTypeOf(STORAGE).toBeSymbol()
  })

  it('Message and the safe mark', () => {
    expectTypeOf<Message['level']>().toEqualTypeOf<number>()
    expectTypeOf<Message['message']>().toEqualTypeOf<string | SafeString>()
    expectTypeOf<Message['extraTags']>().toEqualTypeOf<string | null>()
    expectTypeOf<Message['tags']>().toEqualTypeOf<string>()
    expectTypeOf<Message['levelTag']>().toEqualTypeOf<string>()
    expectTypeOf(markSafe).returns.toEqualTypeOf<SafeString>()
    const value: unknown = 'x'
    if (isSafe(value)) expectTypeOf(value).toEqualTypeOf<SafeString>()
  })

  it('storages', () => {
    expectTypeOf<BaseStorage>().toMatchTypeOf<Iterable<Message>>()
    expectTypeOf<BaseStorage['length']>().toEqualTypeOf<number>()
    expectTypeOf<BaseStorage['used']>().toEqualTypeOf<boolean>()
    expectTypeOf<BaseStorage['addedNew']>().toEqualTypeOf<boolean>()
    expectTypeOf<BaseStorage['level']>().toEqualTypeOf<number>()
    expectTypeOf<BaseStorage['preload']>().returns.toEqualTypeOf<Promise<void> | undefined>()
    expectTypeOf<BaseStorage['update']>().returns.toEqualTypeOf<Message[] | Promise<Message[]> | null>()
    expectTypeOf<BaseStorage['get']>().returns.toEqualTypeOf<Retrieval | Promise<Retrieval>>()
    expectTypeOf<BaseStorage['store']>().returns.toEqualTypeOf<Message[] | Promise<Message[]>>()
    expectTypeOf(createStorage).parameters.toEqualTypeOf<[FlashConfig, FlashSeam, carrier?: unknown]>()
    expectTypeOf(createStorage).returns.toEqualTypeOf<BaseStorage>()
    expectTypeOf(persist).returns.toEqualTypeOf<Promise<void> | undefined>()
    expectTypeOf<MessagesNotStoredError['unstored']>().toMatchTypeOf<readonly { level: number }[]>()
  })

  it('options and the seam', () => {
    expectTypeOf(resolveOptions).returns.toEqualTypeOf<FlashConfig>()
    // undefined type-checks so `secret: process.env.FLASH_SECRET` compiles; it is rejected at startup.
    expectTypeOf<FlashOptions['secret']>().toEqualTypeOf<string | readonly string[] | undefined>()
    expectTypeOf<FlashOptions['storage']>().toEqualTypeOf<
      | 'fallback'
      | 'cookie'
      | 'session'
      | ((seam: FlashSeam, config: FlashConfig, carrier: unknown) => BaseStorage)
      | undefined
    >()
    // A factory written before the carrier existed still type-checks.
    expectTypeOf<(seam: FlashSeam, config: FlashConfig) => BaseStorage>().toMatchTypeOf<
      NonNullable<FlashOptions['storage']>
    >()
    expectTypeOf<CookieAttributes['sameSite']>().toEqualTypeOf<'Lax' | 'Strict' | 'None' | false>()
    expectTypeOf<FlashSeam['getCookie']>().returns.toEqualTypeOf<string | undefined>()
    expectTypeOf(nodeCrypto).toEqualTypeOf<FlashCrypto>()
    // @ts-expect-error secret is required
    resolveOptions({}, { name: 'x', sessionFix: 'y' })
  })

  it("an adapter's options name its carrier: the storage factory receives it typed", () => {
    interface Carrier {
      session?: { userId?: string }
    }
    expectTypeOf<StorageOption<Carrier>>().toEqualTypeOf<
      'fallback' | 'cookie' | 'session' | StorageFactory<Carrier>
    >()
    const options: FlashOptions<Carrier> = {
      secret: 's',
      storage: (seam, config, request) => {
        expectTypeOf(request).toEqualTypeOf<Carrier>()
        expectTypeOf(request.session?.userId).toEqualTypeOf<string | undefined>()
        return createStorage(config, seam)
      },
    }
    // resolveOptions takes any adapter's options; the configuration no longer names the carrier.
    expectTypeOf(resolveOptions(options, { name: 'x', sessionFix: 'y' })).toEqualTypeOf<FlashConfig>()
    // A factory for any carrier (redisStorage's) fits every adapter's options.
    const anyCarrier: StorageFactory = (seam, config) => createStorage(config, seam)
    expectTypeOf(anyCarrier).toMatchTypeOf<StorageOption<Carrier>>()
    // @ts-expect-error a factory for one carrier is not one for another
    const wrong: StorageOption<{ ip: string }> = (_seam, _config, carrier: { host: string }) =>
      carrier as never
    expectTypeOf(wrong).not.toBeNever()
  })
})
