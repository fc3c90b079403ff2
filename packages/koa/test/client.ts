/**
 * A Koa app on a real `http.Server` (127.0.0.1, random port) and a `fetch` client that carries
 * cookies between requests and returns the raw `Response`, as a user's own test would.
 */
import type { AddressInfo } from 'node:net'
import { CookieJar } from '@flash/adapter-suite'
import type Koa from 'koa'

export interface Served {
  readonly client: Client
  close(): Promise<void>
}

export async function serve(app: Koa): Promise<Served> {
  const server = app.listen(0, '127.0.0.1')
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve)
    server.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  return {
    client: new Client(`http://127.0.0.1:${port}`),
    async close() {
      server.closeAllConnections()
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      )
    },
  }
}

export class Client {
  readonly jar = new CookieJar()
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
