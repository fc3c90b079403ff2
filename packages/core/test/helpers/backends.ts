/**
 * @module
 * Django's `BaseTests` fixtures for the three storages: a request whose backend already holds
 * messages (`get_existing_storage`, written through the real backend format), and
 * `stored_messages_count` read back from what the storage wrote through the seam.
 */
import {
  type BaseStorage,
  createStorage,
  encodeMessageJson,
  type FlashConfig,
  type FlashOptions,
  INFO,
  Message,
} from '../../src/index.js'
import { decodeCookie, encodeCookie, makeConfig, withoutSentinel } from './config.js'
import { createSeam, type TestSeam } from './seam.js'

export interface Backend {
  /** Django's class name, for test titles. */
  readonly name: 'CookieStorage' | 'SessionStorage' | 'FallbackStorage'
  readonly storage: 'cookie' | 'session' | 'fallback'
}

export const backends: readonly Backend[] = [
  { name: 'CookieStorage', storage: 'cookie' },
  { name: 'SessionStorage', storage: 'session' },
  { name: 'FallbackStorage', storage: 'fallback' },
]

/** Django's `CookieTests` run with these cookie settings. */
const COOKIE_SETTINGS: FlashOptions['cookie'] = { domain: '.example.com', secure: true, httpOnly: true }

export function backendConfig(backend: Backend, options: Partial<FlashOptions> = {}): FlashConfig {
  return makeConfig({
    storage: backend.storage,
    ...(backend.storage === 'cookie' ? { cookie: COOKIE_SETTINGS } : {}),
    ...options,
  })
}

/** Put `items` (messages, or any JSON items as Django's tests do) in the backend of a new request. */
export async function seed(
  backend: Backend,
  config: FlashConfig,
  items: readonly unknown[],
): Promise<TestSeam> {
  if (backend.storage === 'session') {
    const data = new Map<string, unknown>([['_messages', encodeMessageJson(items, 'default')]])
    return createSeam({ session: data })
  }
  return createSeam({ cookies: { messages: await encodeCookie(config, items) }, session: true })
}

/** A storage for a new request, loaded as an adapter loads it. */
export async function open(config: FlashConfig, t: TestSeam): Promise<BaseStorage> {
  const storage = createStorage(config, t.seam)
  await storage.preload()
  return storage
}

/** `get_storage()`: an empty backend. */
export async function getStorage(config: FlashConfig) {
  const t = createSeam({ session: true })
  return { t, storage: await open(config, t) }
}

/** `get_existing_storage()`: two messages already stored. */
export async function getExistingStorage(backend: Backend, config: FlashConfig) {
  const t = await seed(backend, config, [
    new Message(INFO, 'Test message 1'),
    new Message(INFO, 'Test message 2', 'tag'),
  ])
  return { t, storage: await open(config, t) }
}

/** How many messages the cookie written on this response holds (0 when none or deleted). */
export async function cookieCount(config: FlashConfig, t: TestSeam): Promise<number> {
  const last = t.calls.filter((c) => c.op === 'setCookie' || c.op === 'deleteCookie').at(-1)
  if (last?.op !== 'setCookie') return 0
  const items = await decodeCookie(config, last.value)
  return items ? withoutSentinel(items).length : 0
}

/** How many messages the session holds. */
export function sessionCount(config: FlashConfig, t: TestSeam): number {
  const value = t.session?.data.get(config.sessionKey)
  if (value === undefined) return 0
  return (JSON.parse(value as string) as unknown[]).length
}

/** Django's `stored_messages_count(storage, response)`. */
export async function storedCount(backend: Backend, config: FlashConfig, t: TestSeam): Promise<number> {
  if (backend.storage === 'cookie') return cookieCount(config, t)
  if (backend.storage === 'session') return sessionCount(config, t)
  return (await cookieCount(config, t)) + sessionCount(config, t)
}

/** Django's `add_level_messages(storage)`. */
export function addLevelMessages(storage: BaseStorage): void {
  storage.add(INFO, 'A generic info message')
  storage.add(29, 'Some custom level')
  storage.add(10, 'A debugging message', 'extra-tag')
  storage.add(30, 'A warning')
  storage.add(40, 'An error')
  storage.add(25, 'This was a triumph.')
}
