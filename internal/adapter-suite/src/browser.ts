/**
 * @module
 * A browser over a {@link StandardApp}: carries cookies between requests, sends JSON bodies,
 * and reads the standard app's rendered message list.
 */
import { expect } from 'vitest'
import { CookieJar, type ParsedSetCookie, parseSetCookie } from './cookie-jar.js'
import type { StandardApp, SuiteResponse } from './harness.js'

/** One message as the standard app renders it. */
export interface ShownMessage {
  level: number
  text: string
  tags: string
  extraTags: string | null
  safe: boolean
}

export interface AddBody {
  messages: string[]
  extraTags?: string
  failSilently?: boolean
  now?: boolean
}

export class Browser {
  readonly jar = new CookieJar()
  constructor(readonly app: StandardApp) {}

  async get(path: string): Promise<SuiteResponse> {
    return this.#send(path, 'GET')
  }

  async post(path: string, body?: AddBody): Promise<SuiteResponse> {
    return this.#send(path, 'POST', body)
  }

  /** POST the texts to `/add/:level` and check the redirect. */
  async add(
    level: string | number,
    messages: string[],
    extra: Omit<AddBody, 'messages'> = {},
  ): Promise<SuiteResponse> {
    const response = await this.post(`/add/${level}`, { messages, ...extra })
    expect(response.status).toBe(302)
    expect(response.header('location')).toBe('/show')
    return response
  }

  /** GET `/show` and return the rendered messages. */
  async show(path = '/show'): Promise<ShownMessage[]> {
    const response = await this.get(path)
    expect(response.status).toBe(200)
    return (JSON.parse(response.body) as { messages: ShownMessage[] }).messages
  }

  /** GET `/show` and return only the texts. */
  async texts(path = '/show'): Promise<string[]> {
    return (await this.show(path)).map((m) => m.text)
  }

  /** Any request, with the jar's cookies and extra `headers`; cookies set by the response are kept. */
  async send(
    path: string,
    init: { method?: string; headers?: Record<string, string>; body?: AddBody } = {},
  ): Promise<SuiteResponse> {
    return this.#send(path, init.method ?? 'GET', init.body, init.headers)
  }

  async #send(
    path: string,
    method: string,
    body?: AddBody,
    extraHeaders: Record<string, string> = {},
  ): Promise<SuiteResponse> {
    const headers: Record<string, string> = { ...extraHeaders }
    const cookie = this.jar.header()
    if (cookie) headers['cookie'] = cookie
    if (body) headers['content-type'] = 'application/json'
    const response = await this.app.request(path, {
      method,
      headers,
      body: body ? JSON.stringify(body) : undefined,
    })
    this.jar.store(response.setCookies)
    return response
  }
}

/** The parsed `Set-Cookie` headers of a response for cookie `name`. */
export function setCookiesNamed(response: SuiteResponse, name: string): ParsedSetCookie[] {
  return response.setCookies.map(parseSetCookie).filter((c) => c.name === name)
}
