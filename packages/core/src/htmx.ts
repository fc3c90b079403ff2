/**
 * @module
 * htmx delivery. The same headers since htmx 1 and in htmx 2 (current) and 4 (in beta):
 * `HX-Request: true` on its requests, `HX-History-Restore-Request: true` on a history restore,
 * `HX-Trigger` (a JSON object of event -> detail, or comma-separated event names) to fire events,
 * `HX-Redirect`, `HX-Location` and `HX-Refresh` to navigate. htmx hands a detail that is not an
 * object to listeners as `event.detail.value`.
 */

/**
 * Whether the request is an htmx request whose undisplayed messages may go out in `HX-Trigger`
 * (a history restore fetches a whole page: it displays messages the usual way).
 *
 * @example
 * if (isHtmxRequest((name) => c.req.header(name))) return c.html(fragment)
 */
export function isHtmxRequest(header: (name: string) => string | undefined): boolean {
  return header('hx-request') === 'true' && header('hx-history-restore-request') !== 'true'
}

/**
 * Whether the response sends the browser elsewhere: the messages are for the page it goes to.
 *
 * @example
 * htmxNavigates((name) => response.headers.get(name) ?? undefined) // true with `HX-Redirect: /next`
 */
export function htmxNavigates(header: (name: string) => string | undefined): boolean {
  return (
    header('hx-redirect') !== undefined ||
    header('hx-location') !== undefined ||
    (header('hx-refresh') ?? '').trim() === 'true'
  )
}

/**
 * The app's `HX-Trigger` as an event -> detail object: a JSON object as is, plain event names
 * (`a, b`) as `{ a: {}, b: {} }` (htmx fires both forms alike), `{}` when absent. `undefined` when
 * it cannot be merged (not a JSON object, or already carrying `event` with a detail that is not
 * a list): the messages then stay for the next page rather than overwrite the app's header.
 */
export function parseTrigger(
  current: string | undefined,
  event: string,
): Record<string, unknown> | undefined {
  const text = (current ?? '').trim()
  if (text === '') return {}
  if (text.startsWith('{')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      return undefined
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined
    const own = (parsed as Record<string, unknown>)[event]
    return own === undefined || Array.isArray(own) ? (parsed as Record<string, unknown>) : undefined
  }
  const events: Record<string, unknown> = {}
  for (const name of text.split(',')) {
    const trimmed = name.trim()
    if (trimmed === event) return undefined
    if (trimmed !== '') events[trimmed] = {}
  }
  return events
}

/**
 * `HX-Trigger` with `detail` appended to `event` (after a list the app put there). JSON with
 * every character outside printable ASCII escaped as `\uXXXX`, so any message text is a valid
 * header value (Node and fetch refuse other bytes, and browsers read headers as Latin-1).
 *
 * @example
 * triggerValue({ closeModal: {} }, 'messages', [json]) // '{"closeModal":{},"messages":[...]}'
 */
export function triggerValue(
  events: Record<string, unknown>,
  event: string,
  detail: readonly unknown[],
): string {
  const own = events[event]
  return asciiJson({ ...events, [event]: Array.isArray(own) ? [...own, ...detail] : detail })
}

/**
 * JSON with every character outside printable ASCII escaped as `\uXXXX`: a valid header value
 * whatever the text (Node and fetch refuse other bytes, and browsers read headers as Latin-1).
 *
 * @example
 * asciiJson({ path: '/café' }) // '{"path":"/caf\\u00e9"}'
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[^\x20-\x7e]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}
