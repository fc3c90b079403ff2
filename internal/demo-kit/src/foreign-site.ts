/**
 * @module
 * Another site, for the browser suite's CSRF tests: a plain `http.Server` on its own port whose
 * `/forge` page holds a form that posts to a demo, as an attacker's page would. Reachable as
 * `http://localhost:<port>` (another site than the demo on 127.0.0.1) and as
 * `http://127.0.0.1:<port>` (the same site, another origin).
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { escapeHtml } from '@flash/core'

export interface ForeignSite {
  /** The site's two origins: cross-site first, then same-site cross-origin. */
  readonly origins: readonly [string, string]
  close(): Promise<void>
}

/**
 * The URL of a page on `origin` with a form (button `#forge`) that POSTs `fields` to `action`.
 *
 * @example
 * await page.goto(forgeUrl(site.origins[0], `${demo.url}/notes`, { title: 'Planted' }))
 */
export function forgeUrl(origin: string, action: string, fields: Record<string, string>): string {
  return `${origin}/forge?${new URLSearchParams({ action, ...fields })}`
}

/** Start the other site on a free port of 127.0.0.1. */
export async function startForeignSite(): Promise<ForeignSite> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    if (url.pathname !== '/forge') {
      response.writeHead(404).end()
      return
    }
    const inputs = [...url.searchParams]
      .filter(([name]) => name !== 'action')
      .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    const action = escapeHtml(url.searchParams.get('action') ?? '')
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(
      `<!doctype html><title>You won a prize</title><form method="post" action="${action}">` +
        `${inputs.join('')}<button id="forge">Claim it</button></form>`,
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    origins: [`http://localhost:${port}`, `http://127.0.0.1:${port}`],
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        server.closeAllConnections()
      }),
  }
}
