/**
 * @module
 * The contract between the scenario suite and an adapter: each adapter builds the same small
 * "standard app" with its framework, and the suite drives it with real HTTP requests.
 *
 * ## The standard app (every route is required)
 *
 * Request bodies are JSON: `{ "messages": string[], "extraTags"?: string, "failSilently"?: boolean, "now"?: boolean }`
 * (each option passed to `addMessage` when given).
 * `:level` is a level name (`debug`, `info`, `success`, `warning`, `error`) or an integer.
 * "Render the messages" means respond 200 with `application/json` body
 * `{ "messages": [{ "level", "text", "tags", "extraTags", "safe" }], "levels": DEFAULT_MESSAGE_LEVELS }`
 * built by iterating `getMessages(carrier)` (that iteration consumes them), where
 * `text = String(m)`, `safe = isSafe(m.message)`, `levels` comes from `messagesContext(carrier)`.
 *
 * | route | behaviour |
 * |---|---|
 * | `POST /add/:level` | add each text at that level (with `extraTags`, `failSilently` if given), then 302 to `/show` |
 * | `POST /late/add/:level` | same, then 302 to `/late/show` |
 * | `POST /add-redirect/:level?to=<url>` | add each text at that level, then 303 to the query's `to`, verbatim |
 * | `GET /redirect?to=<url>` | 302 to the query's `to`, verbatim; never touches messages |
 * | `GET /show` | render the messages inside the handler |
 * | `GET /late/show` | the handler does not touch messages; they are rendered *after* it returned, in the framework's late-render phase (Fastify: a template rendered by `@fastify/view` or a serializer/`onSend`-time render; Koa: rendering by an upstream middleware after `await next()` or koa-views; Hono: `c.render`/JSX or a middleware after `await next()`). Same JSON body. |
 * | `GET /count` | 200 `{ "count": getMessages(c).length }`: reads without consuming |
 * | `GET /keep` | render the messages, then set `storage.used = false` so they stay |
 * | `POST /read-then-add` | iterate the messages, then add INFO `"added after read"`; 200 JSON `{ "read": texts[] }` |
 * | `POST /level/:min/add/:level` | `setLevel(carrier, Number(min))`, then add the texts; 302 to `/show` |
 * | `POST /level/reset/add/:level` | `setLevel(carrier, 5)` then `setLevel(carrier, null)` then add; 302 to `/show` |
 * | `GET /level` | 200 `{ "level": getLevel(carrier) }` |
 * | `POST /add-safe` | add SUCCESS `markSafe('<a href="/x">link</a>')` and INFO `'<b>plain</b>'`; 302 to `/show` |
 * | `GET /untouched` | 200 text `ok`; never touches messages |
 * | `POST /error-after-add` | add ERROR `"before the crash"`, then throw; the framework answers 500 |
 * | `GET /show-then-throw` | iterate `getMessages(carrier)` (displaying them), then throw; the framework answers 500 |
 * | `POST /throw-non-error-after-add` | add ERROR `"before the crash"`, then throw the string `'not an Error'`; the framework answers 500 |
 * | `POST /add-later` | respond 200 text `ok`; 20 ms later (after the response went out) add INFO `"added too late"` to the same carrier, and record what that add throws in `thrown()` |
 * | `GET /read-later` | respond 200 text `ok` without touching messages; 20 ms later (after the response went out) iterate `getMessages(carrier)`, and record what that throws in `thrown()` |
 * | `GET /unrouted/<anything>` | answered outside the framework's router where it has one (Koa: a middleware after the router; Express: `app.use('/unrouted', ...)`; Fastify: the not-found handler; Hono: `app.get('/unrouted/*')`, a pattern): render the messages as `/show` does, with `Cache-Control: public, max-age=600` |
 * | `POST /bare/add/:level` | a route the flash middleware/plugin does NOT run on: adds with the core API (so `MessageFailure` gives 500 unless `failSilently`), then 302 to `/bare/show` |
 * | `GET`, `HEAD`, `POST /respond` | POST first adds the body's texts at INFO. Then render the messages (unless the query has `read=none`), set the response headers of the query's `headers` (a JSON object), and answer with the query's `status` (default 200): for 3xx with `Location: /show` and no body, for 204, 205 and 304 with no body, otherwise with the rendered JSON (`{ "messages": [] , ... }` when not read) |
 * | `GET /conditional` | render the messages and set `ETag: "v1"`; answer 304 without a body when `If-None-Match` is `"v1"` (a conditional GET), else 200 with the rendered JSON |
 * | `GET /json` | 200 with `messagesJson(carrier)` as the JSON body |
 * | `GET /bare/show` | a route without flash: 200 `{ "messages": [...getMessages(carrier)] , "level": getLevel(carrier), "setLevel": setLevel(carrier, 10) }` |
 *
 * ## Sessions
 * When `session: true`, the app mounts the framework's usual session plugin with an in-memory
 * store that counts writes (`sessionWrites()`), configured so that an unmodified session is not
 * saved (e.g. `saveUninitialized: false`). Session cookies travel in the same cookie jar.
 *
 * ## Servers
 * A harness over a real server must let request headers reach 128 KiB (Node's default limit is
 * 16 KiB: `http.createServer({ maxHeaderSize: 128 * 1024 })`, Fastify's `http` option,
 * @hono/node-server's `serverOptions`): the hostile-header scenario sends a 64 KB `Cookie` header.
 *
 * ## Logs
 * `warnings()` returns the texts @flash logged through the framework's logger (or the adapter's
 * reporting hook) since the app started, e.g. "2 messages could not be stored". `thrown()` returns
 * `${error.name}: ${error.message}` of each error the delayed add of `/add-later` (or read of
 * `/read-later`) threw.
 */
import type { FlashOptions } from '@flash/core'

export interface StandardAppOptions {
  /** Options for the adapter, passed through verbatim (the suite always sets `secret`). */
  readonly flash: FlashOptions
  /** Mount a session plugin with a counting in-memory store. */
  readonly session: boolean
}

export interface SuiteRequest {
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string
}

export interface SuiteResponse {
  readonly status: number
  /** Header lookup, case-insensitive, first value. */
  header(name: string): string | undefined
  /** Every `Set-Cookie` header, raw. */
  readonly setCookies: readonly string[]
  readonly body: string
}

export interface StandardApp {
  /** Send one request; no redirects are followed, no cookies are added. */
  request(path: string, init?: SuiteRequest): Promise<SuiteResponse>
  /** How many times the session store was written (set or destroy) since start. */
  sessionWrites(): number
  /** What @flash logged as warnings since start. */
  warnings(): readonly string[]
  /** What the delayed add of `POST /add-later` threw, as `${name}: ${message}`. */
  thrown(): readonly string[]
  close(): Promise<void>
}

export interface AdapterHarness {
  /** e.g. `'fastify'`, `'fastify over HTTP'`, `'hono (edge-runtime)'` */
  readonly name: string
  start(options: StandardAppOptions): Promise<StandardApp>
}
