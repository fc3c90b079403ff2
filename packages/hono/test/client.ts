/**
 * @module
 * A tiny browser for tests: sends requests through `app.request` (or any fetch) and carries
 * `Set-Cookie` back as `Cookie`, deleting cookies sent with `Max-Age=0`.
 */
export type Fetch = (path: string, init: RequestInit) => Promise<Response> | Response

export interface Reply {
  status: number
  headers: Headers
  setCookies: string[]
  text: string
}

export function browser(fetchLike: Fetch) {
  const jar = new Map<string, string>()
  return {
    jar,
    async request(path: string, init: RequestInit & { json?: unknown } = {}): Promise<Reply> {
      const headers = new Headers(init.headers)
      if (jar.size > 0 && !headers.has('cookie')) {
        headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
      }
      const { json, ...rest } = init
      if (json !== undefined) headers.set('content-type', 'application/json')
      const res = await fetchLike(path, {
        ...rest,
        headers,
        redirect: 'manual',
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      })
      const setCookies = res.headers.getSetCookie()
      for (const line of setCookies) {
        const [pair = ''] = line.split(';')
        const eq = pair.indexOf('=')
        const name = pair.slice(0, eq)
        if (/;\s*Max-Age=0/i.test(line)) jar.delete(name)
        else jar.set(name, pair.slice(eq + 1))
      }
      return { status: res.status, headers: res.headers, setCookies, text: await res.text() }
    },
  }
}
