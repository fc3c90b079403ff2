/**
 * @module
 * Django's recorded cookies (`test/fixtures/cookie-vectors.json`, a verbatim copy of
 * `shared/reference/django/cookie-vectors.json`, so the tests do not depend on where shared/ is), their settings
 * translated into @flash options, and Django's Set-Cookie text parsed into seam attributes so
 * the two can be compared attribute by attribute.
 */
import { readFileSync } from 'node:fs'
import { type CookieAttributes, type FlashCrypto, type FlashOptions, webCrypto } from '../../src/index.js'
import { nodeCrypto } from '../../src/node.js'
import type { PlainMessage } from './config.js'
import type { SeamCall } from './seam.js'

export interface Vector {
  readonly name: string
  readonly secret: string
  readonly messages: readonly (PlainMessage | (Omit<PlainMessage, 'message'> & { message: number }))[]
  readonly storage_class?: 'CookieStorage' | 'FallbackStorage' | null
  readonly settings_overrides?: Readonly<Record<string, string | boolean | null>> | null
  readonly set_cookie_header: string | null
  readonly cookie_value: string | null
  readonly incoming_cookie_value?: string | null
  readonly stored_messages_after_drop: readonly PlainMessage[]
  readonly unstored_messages?: readonly PlainMessage[] | null
  readonly sentinel_present?: boolean | null
  readonly session_after?: Readonly<Record<string, string>> | null
  readonly decoded_by_django?: {
    readonly messages: readonly PlainMessage[]
    readonly all_retrieved: boolean
    readonly storage_marked_used: boolean
  }
  readonly anatomy?: {
    readonly compressed: boolean
    readonly json_payload: string
    readonly payload_b64: string
  }
  readonly access_before_update?: 'iterate' | 'len' | null
  readonly read_result?: readonly PlainMessage[] | number | null
  readonly storage_used_flag?: boolean | null
  readonly update_return_value?: readonly PlainMessage[] | null
  readonly verify_settings?: {
    readonly SECRET_KEY: string
    readonly SECRET_KEY_FALLBACKS?: readonly string[]
  }
  readonly decode_result?: unknown
  readonly storage_used_flag_after_decode?: boolean
}

export const vectors: readonly Vector[] = JSON.parse(
  readFileSync(new URL('../fixtures/cookie-vectors.json', import.meta.url), 'utf8'),
)

export function vector(name: string): Vector {
  const found = vectors.find((v) => v.name === name)
  if (!found) throw new Error(`no vector named ${name}`)
  return found
}

/** Both crypto providers: every vector runs with each. */
export const providers: readonly FlashCrypto[] = [webCrypto, nodeCrypto]

/** Django's settings of a vector as @flash options. */
export function vectorOptions(v: Vector, crypto: FlashCrypto): Partial<FlashOptions> {
  const s = v.settings_overrides ?? {}
  const cookie: NonNullable<FlashOptions['cookie']> = {}
  if (typeof s['SESSION_COOKIE_DOMAIN'] === 'string') cookie.domain = s['SESSION_COOKIE_DOMAIN']
  if (typeof s['SESSION_COOKIE_SECURE'] === 'boolean') cookie.secure = s['SESSION_COOKIE_SECURE']
  if (typeof s['SESSION_COOKIE_HTTPONLY'] === 'boolean') cookie.httpOnly = s['SESSION_COOKIE_HTTPONLY']
  if ('SESSION_COOKIE_SAMESITE' in s) {
    const sameSite = s['SESSION_COOKIE_SAMESITE']
    cookie.sameSite = sameSite === null ? false : (sameSite as 'Lax' | 'Strict' | 'None')
    // @flash refuses SameSite=None without Secure (browsers drop such cookies).
    if (sameSite === 'None') cookie.secure = true
  }
  return {
    secret: typeof s['SECRET_KEY'] === 'string' ? s['SECRET_KEY'] : v.secret,
    storage: v.storage_class === 'FallbackStorage' ? 'fallback' : 'cookie',
    crypto,
    cookie,
  }
}

/** A Set-Cookie reduced to what a seam call carries. */
export interface CookieSeen {
  readonly name: string
  readonly value: string
  readonly domain: string | undefined
  readonly path: string | undefined
  readonly secure: boolean
  readonly httpOnly: boolean
  readonly sameSite: string | false
  readonly maxAge: number | undefined
  readonly expires: string | undefined
}

/** Parse Python's `Morsel.OutputString()` text. */
export function parseDjangoHeader(header: string): CookieSeen {
  const [pair, ...attributes] = header.split('; ')
  const eq = pair!.indexOf('=')
  const raw = pair!.slice(eq + 1)
  const seen: { -readonly [K in keyof CookieSeen]: CookieSeen[K] } = {
    name: pair!.slice(0, eq),
    value: raw === '""' ? '' : raw,
    domain: undefined,
    path: undefined,
    secure: false,
    httpOnly: false,
    sameSite: false,
    maxAge: undefined,
    expires: undefined,
  }
  for (const attribute of attributes) {
    const [key, value = ''] = attribute.split('=')
    switch (key!.toLowerCase()) {
      case 'domain':
        seen.domain = value
        break
      case 'path':
        seen.path = value
        break
      case 'secure':
        seen.secure = true
        break
      case 'httponly':
        seen.httpOnly = true
        break
      case 'samesite':
        seen.sameSite = value
        break
      case 'max-age':
        seen.maxAge = Number(value)
        break
      case 'expires':
        seen.expires = value
        break
      default:
        throw new Error(`unexpected attribute ${attribute}`)
    }
  }
  return seen
}

/** A recorded seam call in the same shape. */
export function seenCookie(call: SeamCall): CookieSeen {
  if (call.op !== 'setCookie' && call.op !== 'deleteCookie') throw new Error(`not a cookie write: ${call.op}`)
  const a: CookieAttributes = call.attributes
  return {
    name: call.name,
    value: call.op === 'setCookie' ? call.value : '',
    domain: a.domain,
    path: a.path,
    secure: a.secure,
    httpOnly: a.httpOnly,
    sameSite: a.sameSite,
    maxAge: a.maxAge,
    expires: a.expires?.toUTCString(),
  }
}
