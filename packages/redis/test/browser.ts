/** A client with a cookie jar, over real HTTP (fetch), as a browser of one visitor would be. */
import { CookieJar } from '@flash/adapter-suite'

export class Visitor {
  readonly jar = new CookieJar()
  constructor(
    readonly baseUrl: string,
    /** Sent as `x-user`: the app takes it as logged in (changed to log in elsewhere, outside @flash). */
    public user?: string,
  ) {}

  async request(
    path: string,
    method = 'GET',
    extraHeaders: Record<string, string> = {},
  ): Promise<{ status: number; body: string; setCookies: string[] }> {
    const headers: Record<string, string> = { ...extraHeaders }
    const cookie = this.jar.header()
    if (cookie) headers['cookie'] = cookie
    if (this.user) headers['x-user'] = this.user
    const response = await fetch(this.baseUrl + path, { method, headers, redirect: 'manual' })
    const setCookies = response.headers.getSetCookie()
    this.jar.store(setCookies)
    return { status: response.status, body: await response.text(), setCookies }
  }

  async add(text: string, level = 20): Promise<void> {
    const response = await this.request(`/add?text=${encodeURIComponent(text)}&level=${level}`, 'POST')
    if (response.status !== 302) throw new Error(`add answered ${response.status}: ${response.body}`)
  }

  async show(path = '/show'): Promise<string[]> {
    const response = await this.request(path)
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${response.body}`)
    return JSON.parse(response.body) as string[]
  }
}
