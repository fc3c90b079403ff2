/**
 * @module
 * A small cookie-carrying HTTP client for the plain HTTP suite, and a reader of the message list
 * in the demos' HTML.
 */

export interface ShownMessage {
  /** The `class` attribute: the extra tags then the level tag. */
  readonly tags: string
  readonly role: string | null
  /** The inner HTML of the `<li>`. */
  readonly html: string
}

export interface HttpResponse {
  readonly status: number
  readonly location: string | null
  readonly setCookies: readonly string[]
  readonly body: string
}

/** Requests to one app with a cookie jar, never following redirects. */
export class HttpClient {
  readonly cookies = new Map<string, string>()
  /** The hidden fields (the CSRF token, if any) of the forms on the last page that had forms. */
  #hidden: URLSearchParams | undefined
  constructor(readonly url: string) {}

  get(path: string): Promise<HttpResponse> {
    return this.send(path, { method: 'GET' })
  }

  /**
   * Submit a form of the demo's own pages, as the browser does: with the page's hidden fields
   * (the CSRF token) and the demo's `Origin`. Loads `/` first when no page was loaded yet.
   */
  async submit(path: string, form: Record<string, string> | string): Promise<HttpResponse> {
    if (!this.#hidden) await this.get('/')
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString()
    const hidden = this.#hidden?.toString() ?? ''
    return this.postForm(path, body && hidden ? `${body}&${hidden}` : body || hidden, { origin: this.url })
  }

  /**
   * POST an urlencoded form (a record, or a raw body string) with only the headers given: what a
   * script, or another site's form (`origin`), sends. To submit the demo's own form, {@link submit}.
   */
  postForm(
    path: string,
    form: Record<string, string> | string,
    headers: Record<string, string> = {},
  ): Promise<HttpResponse> {
    const body = typeof form === 'string' ? form : new URLSearchParams(form).toString()
    return this.send(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    })
  }

  async send(path: string, init: { method: string; body?: string; headers?: Record<string, string> }) {
    const headers: Record<string, string> = { ...init.headers }
    if (this.cookies.size > 0) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const response = await fetch(`${this.url}${path}`, {
      method: init.method,
      headers,
      body: init.body,
      redirect: 'manual',
    })
    const setCookies = response.headers.getSetCookie()
    for (const header of setCookies) {
      const [pair = ''] = header.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = /max-age=0\b/i.test(header) || /expires=thu, 01 jan 1970/i.test(header)
      if (value === '' || expired) this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    const body = await response.text()
    if (body.includes('<form')) this.#hidden = hiddenFields(body)
    return { status: response.status, location: response.headers.get('location'), setCookies, body }
  }
}

/** The `<input type="hidden">` fields of a page (attributes in the demos' order: type, name, value). */
function hiddenFields(html: string): URLSearchParams {
  const fields = new URLSearchParams()
  for (const [, name = '', value = ''] of html.matchAll(
    /<input type="hidden" name="([^"]*)" value="([^"]*)"/g,
  )) {
    fields.set(name, value)
  }
  return fields
}

/** The messages of `<ul class="messages">` in a page, in order; `[]` when there is no list. */
export function messagesIn(html: string): ShownMessage[] {
  const list = /<ul class="messages"[^>]*>([\s\S]*?)<\/ul>/.exec(html)
  if (!list) return []
  return [...list[1]!.matchAll(/<li([^>]*)>([\s\S]*?)<\/li>/g)].map(([, attributes = '', inner = '']) => ({
    tags: /\bclass="([^"]*)"/.exec(attributes)?.[1] ?? '',
    role: /\brole="([^"]*)"/.exec(attributes)?.[1] ?? null,
    html: inner.trim(),
  }))
}

/** The `Set-Cookie` headers for cookie `name`. */
export function cookiesNamed(response: HttpResponse, name: string): string[] {
  return response.setCookies.filter((c) => c.startsWith(`${name}=`))
}
