/**
 * @module
 * Configurations and cookie codecs for the tests: the vectors' secret and frozen clock, and
 * Django's `_encode`/`_decode` test helpers rebuilt on the core's public pieces.
 */
import {
  type AdapterProfile,
  decodeMessageJson,
  decodePayload,
  encodeMessageJson,
  encodePayload,
  type FlashConfig,
  type FlashOptions,
  type Message,
  NOT_FINISHED,
  resolveOptions,
} from '../../src/index.js'

/** The secret every Django vector was made with. */
export const SECRET = 'test-secret-key-0123456789'
/** The key the vectors rotate away from. */
export const OLD_SECRET = 'old-secret-key-9876543210'
/** The vectors' frozen clock: `1r31eq` in base62. */
export const NOW = 1700000000

export const PROFILE: AdapterProfile = {
  name: '@flash/test',
  sessionFix: 'install a session plugin before @flash/test',
}

/** A configuration with the vectors' secret and clock, plus `options`. */
export function makeConfig(
  options: Partial<FlashOptions> = {},
  profile: AdapterProfile = PROFILE,
): FlashConfig {
  return resolveOptions({ secret: SECRET, clock: () => NOW, ...options }, profile)
}

/**
 * Django's `CookieStorage._encode(items, encode_empty)`: any JSON items (messages, strings, the
 * sentinel), signed with the configuration's signer and clock.
 */
export async function encodeCookie(config: FlashConfig, items: readonly unknown[]): Promise<string> {
  const payload = await encodePayload(encodeMessageJson(items), config.crypto)
  return config.signer.sign(payload)
}

/** Django's `CookieStorage._decode(value)`: the items inside a cookie, or `null` when it is bad. */
export async function decodeCookie(config: FlashConfig, value: string): Promise<unknown[] | null> {
  const payload = await config.signer.unsign(value, config.maxAge)
  if (payload === null) return null
  const json = await decodePayload(payload, config.crypto)
  if (json === null) return null
  const data = decodeMessageJson(json, config.levelTags)
  return Array.isArray(data) ? data : null
}

/** The messages of a decoded cookie, without the trailing sentinel. */
export function withoutSentinel(items: readonly unknown[]): unknown[] {
  return items.at(-1) === NOT_FINISHED ? items.slice(0, -1) : [...items]
}

/** A message as the vectors record it. */
export interface PlainMessage {
  readonly level: number
  readonly message: string
  readonly extra_tags: string | null
  readonly safe: boolean
}

/** A message in the vectors' shape, for exact comparisons. */
export function plain(m: Message): PlainMessage {
  return { level: m.level, message: String(m.message), extra_tags: m.extraTags, safe: m.safe }
}
