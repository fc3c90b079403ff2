/**
 * @module
 * Taking `_flash` out of the address bar once the page that carried it loaded, so the URL a
 * person copies or bookmarks has no tab id (reloading it shows nothing in any case: the messages
 * were consumed). A script does it with `history.replaceState`, without reloading. CSP-friendly:
 * inline only with a nonce (`<script nonce>`); otherwise an external script that every adapter
 * serves at {@link CLEAN_URL_PATH} when `scope: 'redirect'` is on (allowed by `script-src 'self'`).
 */
import { escapeHtml } from '../html.js'
import type { FlashConfig } from '../options.js'

/** Where the adapters serve {@link CLEAN_URL_SCRIPT}. */
export const CLEAN_URL_PATH = '/_flash/clean-url.js'

/**
 * Removes the first `_flash` parameter from the address bar, keeping the rest of the URL, its
 * fragment and the history entry's state.
 */
export const CLEAN_URL_SCRIPT =
  '(function(){var l=window.location,s=l.search.replace(/([?&])_flash=[^&]*(&?)/,function(m,a,b){return b?a:""});' +
  'if(s!==l.search)window.history.replaceState(window.history.state,"",l.pathname+s+l.hash)})();'

/** How a renderer emits the script: inline with `nonce`, else from `src`. */
export interface AddressBarOptions {
  /**
   * The nonce of the page's Content-Security-Policy (`script-src 'nonce-…'`): the script is then
   * inline. Without it, an external script is emitted. @default undefined
   */
  readonly nonce?: string | undefined
  /** Where the external script is served (a mount prefix, a CDN). @default CLEAN_URL_PATH */
  readonly src?: string | undefined
}

/**
 * The markup that removes `_flash` from the address bar, for a page whose request carried it;
 * `''` for any other page (or when `messages` is not a storage of `scope: 'redirect'`). The
 * provided renderers call it; a hand-written template adds it next to its message list.
 *
 * @example
 * `${renderMessages(getMessages(request))}${addressBarCleanup(getMessages(request), { nonce })}`
 */
export function addressBarCleanup(messages: unknown, options: AddressBarOptions = {}): string {
  const scope = (messages as { scope?: { readonly param: string | null } | null } | null)?.scope
  if (!scope || scope.param === null) return ''
  if (options.nonce !== undefined && options.nonce !== '') {
    return `<script nonce="${escapeHtml(options.nonce)}">${CLEAN_URL_SCRIPT}</script>`
  }
  return `<script src="${escapeHtml(options.src ?? CLEAN_URL_PATH)}" async></script>`
}

/** A file an adapter serves as is. */
export interface ServedAsset {
  readonly body: string
  readonly headers: Readonly<Record<string, string>>
}

/**
 * The script at {@link CLEAN_URL_PATH}, when `method` and `path` ask for it and the configuration
 * has `scope: 'redirect'`; `undefined` otherwise (the adapter carries on with the request).
 *
 * @example
 * const asset = scopeAsset(config, ctx.method, ctx.path)
 * if (asset) { ctx.set(asset.headers); ctx.body = asset.body; return }
 */
export function scopeAsset(config: FlashConfig, method: string, path: string): ServedAsset | undefined {
  if (config.scope !== 'redirect' || path !== CLEAN_URL_PATH || (method !== 'GET' && method !== 'HEAD')) {
    return undefined
  }
  return ASSET
}

/**
 * {@link scopeAsset} for one configuration, decided once when the adapter is set up: `undefined`
 * unless it has `scope: 'redirect'`. Called with `?.`, a request without scope does not even read
 * its path (on some frameworks a URL parse).
 *
 * @example
 * const assetAt = scopeAssetFor(config) // at setup
 * const asset = assetAt?.(ctx.method, ctx.path) // per request
 */
export function scopeAssetFor(
  config: FlashConfig,
): ((method: string, path: string) => ServedAsset | undefined) | undefined {
  return config.scope === 'redirect' ? (method, path) => scopeAsset(config, method, path) : undefined
}

const ASSET: ServedAsset = Object.freeze({
  body: CLEAN_URL_SCRIPT,
  headers: Object.freeze({
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'public, max-age=86400',
    'x-content-type-options': 'nosniff',
  }),
})
