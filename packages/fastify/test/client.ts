/**
 * Test helpers: a cookie-carrying client over `fastify.inject`, deterministic long texts, and a
 * crypto that counts its calls.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify'

/** node:crypto, counting every signature, hash and (de)compression (shared with the adapter suite). */
export { countingCrypto } from '@flash/adapter-suite'

/** Carries `Set-Cookie` back as `Cookie` (raw, as a browser does). */
export class Client {
  readonly cookies = new Map<string, string>()
  constructor(readonly app: FastifyInstance) {}

  async request(
    method: 'GET' | 'POST',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({
      method,
      url,
      headers: {
        ...headers,
        cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      },
      ...(body === undefined ? {} : { payload: body as object }),
    })
    for (const header of setCookies(response)) {
      const [pair = ''] = header.split(';', 1)
      const eq = pair.indexOf('=')
      const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)]
      if (value === '' || /; Max-Age=0(;|$)/.test(header)) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return response
  }

  get(url: string) {
    return this.request('GET', url)
  }

  post(url: string, body?: unknown) {
    return this.request('POST', url, body)
  }

  /** POST an urlencoded form, as a browser does (`name=John+Doe&slug=john`). */
  form(url: string, body: string) {
    return this.request('POST', url, body, { 'content-type': 'application/x-www-form-urlencoded' })
  }
}

/** What the plugin reports for a message "too late" added after the response went out. */
export const TOO_LATE =
  '@flash/fastify: 1 message could not be stored and will not be shown (it was added after @flash had stored ' +
  'the messages of this request, e.g. in a stream, a timer or a hook that runs after the ' +
  'response, or in a middleware mounted before (outside) @flash once the rest returned; add ' +
  'messages before the response is sent, in code that runs inside @flash): "too late"'

/** Every `Set-Cookie` header of a response. */
export function setCookies(response: LightMyRequestResponse): string[] {
  const header = response.headers['set-cookie']
  return header === undefined ? [] : Array.isArray(header) ? header : [header]
}

/** `count` base62 strings of `length` characters, the same on every run; they do not compress. */
export function randomTexts(count: number, length: number, seed = 7): string[] {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'
  let state = seed
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 2 ** 32
  }
  return Array.from({ length: count }, () =>
    Array.from({ length }, () => alphabet[Math.floor(next() * 62)]).join(''),
  )
}
