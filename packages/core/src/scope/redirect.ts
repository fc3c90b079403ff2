/**
 * @module
 * The end of a request under `scope: 'redirect'`: when the response redirects on the same site,
 * the messages the request added are bound to that redirect, whose `Location` gets `_flash=<id>`.
 * An htmx request's response that navigates with `HX-Redirect` (a page load) or `HX-Location` (an
 * htmx GET) is a redirect too: its URL gets the id the same way.
 */
import { encodeBase64Url } from '../encoding/base64url.js'
import { asciiJson } from '../htmx.js'
import type { FlashSeam } from '../seam.js'
import type { BaseStorage } from '../storage/base.js'
import type { RequestScope } from './request-scope.js'
import { SCOPE_PARAM } from './request-scope.js'

/** The statuses browsers follow with the `Location` header. */
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/**
 * Bind what this request leaves for the next page to its redirect, if the response is one to the
 * same origin (after settleDisplay: a redirect's body is never seen, so what it iterated is kept): the messages it added, or, in a redirect chain (the request carried an id and
 * displayed nothing), the id it carried. A `Location` to another origin is never rewritten: the
 * messages stay unbound, for whichever tab comes next.
 *
 * @example
 * bindToRedirect(storage, seam) // in endRequest, before the storage is persisted
 */
export function bindToRedirect(storage: BaseStorage, scope: RequestScope, seam: FlashSeam): void {
  const status = seam.responseStatus?.()
  if (status === undefined) return
  const carried = scope.id
  const pending = storage.addedNew || (carried !== undefined && !storage.used)
  if (!pending) return
  const target = REDIRECTS.has(status) ? locationTarget(seam) : htmxTarget(seam)
  const requestUrl = seam.requestUrl?.()
  if (!target || !requestUrl || !sameOrigin(target.url, requestUrl)) return
  const id = carried ?? newScopeId()
  scope.binding = { id, at: scope.now() }
  seam.setResponseHeader?.(target.header, target.withId(id))
}

/** Where a response sends the browser: the header, its URL, and the header's value with an id. */
interface RedirectTarget {
  readonly header: string
  readonly url: string
  withId(id: string): string
}

function locationTarget(seam: FlashSeam): RedirectTarget | undefined {
  const location = seam.responseHeader?.('location')
  return location
    ? { header: 'location', url: location, withId: (id) => withScopeId(location, id) }
    : undefined
}

/**
 * An htmx request answered with `HX-Redirect: <url>` or `HX-Location: <path>` (or its JSON form,
 * `{"path": ..., "target": ...}`): the URL the browser goes to next. `HX-Refresh` reloads the
 * page it is on, which has no id to carry, so its messages stay unbound.
 */
function htmxTarget(seam: FlashSeam): RedirectTarget | undefined {
  if (seam.requestHeader?.('hx-request') !== 'true') return undefined
  const redirect = seam.responseHeader?.('hx-redirect')?.trim()
  if (redirect) return { header: 'hx-redirect', url: redirect, withId: (id) => withScopeId(redirect, id) }
  const location = seam.responseHeader?.('hx-location')?.trim()
  if (!location) return undefined
  if (!location.startsWith('{')) {
    return { header: 'hx-location', url: location, withId: (id) => withScopeId(location, id) }
  }
  let spec: unknown
  try {
    spec = JSON.parse(location)
  } catch {
    return undefined
  }
  if (typeof spec !== 'object' || spec === null || typeof (spec as { path?: unknown }).path !== 'string') {
    return undefined
  }
  const path = (spec as { path: string }).path
  return {
    header: 'hx-location',
    url: path,
    withId: (id) => asciiJson({ ...(spec as object), path: withScopeId(path, id) }),
  }
}

/**
 * A new tab id: 16 URL-safe characters from 96 random bits of the Web Crypto generator.
 *
 * @example
 * newScopeId() // 'q3T0b8ZcW1xYk2Lm'
 */
export function newScopeId(): string {
  return encodeBase64Url(globalThis.crypto.getRandomValues(SCOPE_ID_BYTES))
}

/** Reused: the id is encoded at once, so no redirect needs an `ArrayBuffer` of its own. */
const SCOPE_ID_BYTES = new Uint8Array(12)

/**
 * `location` with `_flash=<id>` in its query, replacing one already there, and everything else
 * (path, other parameters in their order and encoding, fragment) as it was.
 *
 * @example
 * withScopeId('/notes?sort=new#n4', 'AbCdEfGhIjKlMnOp') // '/notes?sort=new&_flash=AbCdEfGhIjKlMnOp#n4'
 */
export function withScopeId(location: string, id: string): string {
  const hash = location.indexOf('#')
  const base = hash < 0 ? location : location.slice(0, hash)
  const fragment = hash < 0 ? '' : location.slice(hash)
  const mark = base.indexOf('?')
  const path = mark < 0 ? base : base.slice(0, mark)
  const query = mark < 0 ? '' : base.slice(mark + 1)
  const params =
    query === '' ? [] : query.split('&').filter((p) => p !== SCOPE_PARAM && !p.startsWith(`${SCOPE_PARAM}=`))
  params.push(`${SCOPE_PARAM}=${id}`)
  return `${path}?${params.join('&')}${fragment}`
}

/** Whether `location`, resolved against the request URL, is on the request's origin (http or https). */
export function sameOrigin(location: string, requestUrl: string): boolean {
  try {
    const request = new URL(requestUrl)
    const target = new URL(location, request)
    return (target.protocol === 'http:' || target.protocol === 'https:') && target.origin === request.origin
  } catch {
    return false
  }
}
