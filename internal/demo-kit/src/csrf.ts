/**
 * @module
 * Cross-site request forgery, one rule for every demo: a request that changes something (any
 * method but GET, HEAD and OPTIONS) is served only when it comes from the demo's own pages.
 * Each demo enforces it the way its ecosystem does:
 *
 * - Fastify: `@fastify/csrf-protection` (secret in an HttpOnly SameSite=Strict cookie, token in
 *   the forms' hidden {@link CSRF_FIELD} field), checked in a `preHandler` hook;
 * - Koa: `koa-csrf` (secret in the koa-session, token in the same hidden field);
 * - Hono: `csrf()` from `hono/csrf` (the browser's `Origin` / `Sec-Fetch-Site` headers must name
 *   the demo itself; no token);
 * - Express: the same check as a small middleware (apps/demo-express/src/cross-origin.ts): a post
 *   whose `Sec-Fetch-Site` or `Origin` does not name the demo, or that carries neither, is refused.
 *
 * A refused request is answered 403 before its handler runs, so it adds no message and stores
 * nothing.
 */

/** The hidden form field that carries the CSRF token (what @fastify/csrf-protection and koa-csrf read by default). */
export const CSRF_FIELD = '_csrf'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * Whether a request with this method may change state, and so must pass the CSRF check.
 *
 * @example
 * app.addHook('preHandler', (request, reply, done) =>
 *   changesState(request.method) ? app.csrfProtection(request, reply, done) : done(),
 * )
 */
export function changesState(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase())
}
