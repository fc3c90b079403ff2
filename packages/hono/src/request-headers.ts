/**
 * @module
 * Request headers as `c.req.header(name)` answers, without the copy it costs on @hono/node-server:
 * there the first access to `c.req.raw.headers` turns the Node request into a full `Request`, every
 * header converted into a new `Headers` object, which costs more than the rest of a request that
 * displays messages. On @hono/node-server (duck-typed: `c.env.incoming.rawHeaders`, no Node
 * import) the raw header lines are read instead; elsewhere, the standard Request.
 */
import type { Context } from 'hono'

/** What @hono/node-server passes as `c.env`: the Node request, whose headers it copies lazily. */
interface NodeBindings {
  readonly incoming?: { readonly rawHeaders?: unknown }
}

/**
 * The value of request header `name` (lower case), as `Headers.get` gives it: several lines joined
 * with `, ` (`; ` for `Cookie`, as Node's `Headers` joins them), HTTP whitespace stripped around
 * each. Linear in the size of the headers.
 *
 * @example
 * requestHeader(c, 'sec-purpose') // 'prefetch;prerender'
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const raw = (c.env as NodeBindings | undefined)?.incoming?.rawHeaders
  if (!Array.isArray(raw)) return c.req.raw.headers.get(name) ?? undefined
  const separator = name === 'cookie' ? '; ' : ', '
  let header: string | undefined
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]
    if (typeof key === 'string' && key.length === name.length && key.toLowerCase() === name) {
      const value = stripHttpWhitespace(String(raw[i + 1]))
      header = header === undefined ? value : `${header}${separator}${value}`
    }
  }
  return header
}

/**
 * What `Headers` strips around each value: HTTP whitespace (tab, LF, CR, space), not all that
 * `trim()` strips. Two index scans, not a regular expression: `/[\t\n\r ]+$/` backtracks
 * quadratically over a long run of spaces that is not at the end (a 16 KB header cost 215 ms).
 */
function stripHttpWhitespace(value: string): string {
  let start = 0
  let end = value.length
  while (start < end && isHttpWhitespace(value.charCodeAt(start))) start++
  while (end > start && isHttpWhitespace(value.charCodeAt(end - 1))) end--
  return start === 0 && end === value.length ? value : value.slice(start, end)
}

function isHttpWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d
}
