/**
 * @module
 * The test seam: a Map of request cookies, a recorded list of every seam call (cookie reads,
 * Set-Cookie and deletions, session access) and a Map-backed session. Storages run against it
 * exactly as they run against an adapter's seam; nothing reaches into private fields.
 */
import type { CookieAttributes, FlashSeam, SessionAccess } from '../../src/index.js'

export type SeamCall =
  | { readonly op: 'getCookie'; readonly name: string }
  | {
      readonly op: 'setCookie'
      readonly name: string
      readonly value: string
      readonly attributes: CookieAttributes
    }
  | { readonly op: 'deleteCookie'; readonly name: string; readonly attributes: CookieAttributes }
  | { readonly op: 'session' }
  | { readonly op: 'session.get' | 'session.delete'; readonly key: string }
  | { readonly op: 'session.set'; readonly key: string; readonly value: unknown }

/** A session as a session plugin would expose it: a Map, with every access recorded. */
export class MapSession implements SessionAccess {
  readonly data: Map<string, unknown>
  readonly #calls: SeamCall[]

  constructor(calls: SeamCall[], data: Map<string, unknown> = new Map()) {
    this.#calls = calls
    this.data = data
  }

  get(key: string): unknown {
    this.#calls.push({ op: 'session.get', key })
    return this.data.get(key)
  }

  set(key: string, value: unknown): void {
    this.#calls.push({ op: 'session.set', key, value })
    this.data.set(key, value)
  }

  delete(key: string): void {
    this.#calls.push({ op: 'session.delete', key })
    this.data.delete(key)
  }
}

export interface TestSeamOptions {
  /** Request cookies, raw values. */
  readonly cookies?: Readonly<Record<string, string>>
  /**
   * `true` (or a Map of session data): a session plugin runs. `false`: the seam has a `session()`
   * that returns `undefined` (no session for this request). Absent: the seam has no `session` at all.
   */
  readonly session?: boolean | Map<string, unknown>
}

/** One request's seam and what the storage did with it. */
export interface TestSeam {
  readonly seam: FlashSeam
  readonly cookies: Map<string, string>
  readonly calls: SeamCall[]
  /** The session, when the request has one. */
  readonly session: MapSession | undefined
}

export function createSeam(options: TestSeamOptions = {}): TestSeam {
  const cookies = new Map(Object.entries(options.cookies ?? {}))
  const calls: SeamCall[] = []
  const session =
    options.session === undefined || options.session === false
      ? undefined
      : new MapSession(calls, options.session === true ? new Map() : options.session)
  const seam: FlashSeam = {
    getCookie(name) {
      calls.push({ op: 'getCookie', name })
      return cookies.get(name)
    },
    setCookie(name, value, attributes) {
      calls.push({ op: 'setCookie', name, value, attributes })
    },
    deleteCookie(name, attributes) {
      calls.push({ op: 'deleteCookie', name, attributes })
    },
  }
  if (options.session !== undefined) {
    seam.session = () => {
      calls.push({ op: 'session' })
      return session
    }
  }
  return { seam, cookies, calls, session }
}

/** A seam whose every method throws: proof that a storage did not touch the request. */
export function throwingSeam(): FlashSeam {
  const fail = (what: string) => (): never => {
    throw new Error(`the seam was touched: ${what}`)
  }
  return {
    getCookie: fail('getCookie'),
    setCookie: fail('setCookie'),
    deleteCookie: fail('deleteCookie'),
    session: fail('session'),
  }
}

/** The Set-Cookie and deletion calls, in order. */
export function cookieWrites(t: TestSeam): SeamCall[] {
  return t.calls.filter((c) => c.op === 'setCookie' || c.op === 'deleteCookie')
}

/** The calls that write the session. */
export function sessionWrites(t: TestSeam): SeamCall[] {
  return t.calls.filter((c) => c.op === 'session.set' || c.op === 'session.delete')
}

/**
 * The next request of the same client: cookies set on this response are sent back, deleted ones
 * are not, and the session is the same.
 */
export function nextRequest(t: TestSeam): TestSeam {
  const cookies: Record<string, string> = Object.fromEntries(t.cookies)
  for (const call of t.calls) {
    if (call.op === 'setCookie') cookies[call.name] = call.value
    if (call.op === 'deleteCookie') delete cookies[call.name]
  }
  return createSeam({ cookies, ...(t.session ? { session: t.session.data } : {}) })
}
