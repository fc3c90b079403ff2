/**
 * @module
 * The URL the browser asked for behind a proxy (the `trustProxy` option). Hono has no `trust proxy`
 * setting of its own: behind a TLS-terminating proxy `c.req.url` is `http://` and, with nginx's
 * default `proxy_set_header Host $proxy_host`, names the upstream's host, so a redirect to the
 * site's own `https://` address would not read as same-origin under `scope: 'redirect'`.
 */

/**
 * `url` with the scheme of `X-Forwarded-Proto` and the host of `X-Forwarded-Host` (their first
 * values, as a chain of proxies lists them), each only when present. Linear in the headers.
 *
 * @example
 * forwardedUrl('http://10.0.0.5:3000/a?b', header) // 'https://app.example.com/a?b' behind nginx
 */
export function forwardedUrl(url: string, header: (name: string) => string | undefined): string {
  const proto = firstValue(header('x-forwarded-proto'))?.toLowerCase()
  const host = firstValue(header('x-forwarded-host'))
  if (proto === undefined && host === undefined) return url
  const afterScheme = url.indexOf('://') + 3
  let pathStart = url.indexOf('/', afterScheme)
  if (pathStart === -1) pathStart = url.length
  const scheme = proto === 'https' || proto === 'http' ? proto : url.slice(0, afterScheme - 3)
  return `${scheme}://${host ?? url.slice(afterScheme, pathStart)}${url.slice(pathStart)}`
}

/** The first of a comma-separated header's values, trimmed; `undefined` when empty. */
function firstValue(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const comma = value.indexOf(',')
  const first = (comma === -1 ? value : value.slice(0, comma)).trim()
  // A host with characters no host has (a path, a space) is ignored rather than trusted into a URL.
  return first === '' || /[/\\\s@?#]/.test(first) ? undefined : first
}
