/**
 * @module
 * CSRF protection for the demo's forms, by the browser's own word on where a request comes
 * from (the OWASP "verifying origin with standard headers" defence, as `hono/csrf` does): a form
 * post is served only when `Sec-Fetch-Site` says same-origin, or, from a browser that does not
 * send it, `Origin` names this host. A post with neither header is refused too: every browser
 * sends `Origin` on a POST, so such a request proves nothing about where it comes from. No token,
 * no cookie, no session for visitors who only read.
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
  if (typeof origin !== 'string') return false
  try {
    return new URL(origin).host === headers.host
  } catch {
    return false
  }
}
