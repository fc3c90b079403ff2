/**
 * @module
 * A `fetch` client for an app listening on a real server: it carries cookies between requests in
 * a {@link CookieJar}, follows no redirect, and returns the raw `Response`, as a user's own test
 * would. For adapter tests outside the scenario suite.
 */
import { CookieJar } from './cookie-jar.js'

export class FetchClient {
  readonly jar = new CookieJar()
  /** `base`: e.g. `http://127.0.0.1:41234`. */
  constructor(readonly base: string) {}

  get(path: string): Promise<Response> {
    return this.send(path, { method: 'GET' })
  }

  /** POST `form` urlencoded, or as JSON when `json` is true. */
  post(path: string, form: Record<string, unknown> = {}, { json = false } = {}): Promise<Response> {
    return this.send(path, {
      method: 'POST',
      headers: { 'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
      body: json ? JSON.stringify(form) : new URLSearchParams(form as Record<string, string>).toString(),
    })
  }

  async send(path: string, init: RequestInit): Promise<Response> {
    const headers = new Headers(init.headers)
    const cookie = this.jar.header()
    if (cookie) headers.set('cookie', cookie)
    const response = await fetch(`${this.base}${path}`, { ...init, headers, redirect: 'manual' })
    this.jar.store(response.headers.getSetCookie())
    return response
  }
}
