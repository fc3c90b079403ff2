/**
 * @module
 * CSRF protection for the demo's forms, by the browser's own word on where a request comes
 * from (the algorithm of Go's `http.CrossOriginProtection`, and of the OWASP "verifying origin
 * with standard headers" defence): a form post is refused unless `Sec-Fetch-Site` says
 * same-origin, or, from a browser that does not send it, `Origin` names this host. A request
 * with neither header is not from a browser (curl, the HTTP tests), so it cannot carry a
 * victim's cookies against their will. No token, no cookie, no state.
 */
import type { RequestHandler } from 'express'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Refuse cross-origin unsafe requests with 403.
 *
 * @example
 * app.use(crossOriginProtection())
 */
export function crossOriginProtection(): RequestHandler {
  return function crossOriginProtection(req, res, next) {
    if (SAFE_METHODS.has(req.method) || isSameOrigin(req.headers)) {
      next()
      return
    }
    res.status(403).type('text').send('Cross-origin form posts are refused (CSRF protection).')
  }
}

function isSameOrigin(headers: Record<string, string | string[] | undefined>): boolean {
  const site = headers['sec-fetch-site']
  if (site !== undefined) return site === 'same-origin' || site === 'none'
  const origin = headers.origin
  if (origin === undefined) return true
  try {
    return typeof origin === 'string' && new URL(origin).host === headers.host
  } catch {
    return false
  }
}
