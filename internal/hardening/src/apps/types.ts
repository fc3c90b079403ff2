/**
 * @module
 * The minimal app every adapter builds for the hardening tests and the soak script, and how the
 * tests talk to it. Routes (the same in every adapter):
 *
 * | route | behaviour |
 * |---|---|
 * | `POST /run` | executes the {@link Plan} in the JSON body; 200 `{ shown, count }` |
 * | `GET /show` | iterates the messages; 200 `{ shown }` |
 * | `POST /add` | adds each of `{ messages: string[] }` at INFO; 302 to `/show` |
 * | `GET /untouched` | 200 `ok`; never touches messages |
 */
import type { FlashOptions } from '@flash/core'

export type AdapterName = 'fastify' | 'koa' | 'hono' | 'express'
export const ADAPTERS: readonly AdapterName[] = ['fastify', 'koa', 'hono', 'express']

/** One message as a plan adds it. */
export interface PlanMessage {
  readonly level: number
  readonly text: string
  readonly extraTags: string | null
  readonly safe: boolean
}

/** One message as a page shows it. */
export interface ShownMessage extends PlanMessage {
  readonly tags: string
}

/**
 * What one request does, in this order: `setLevel` (when `level` is not `undefined`), read the
 * length (when `count`), add `add`, display (iterate) in the handler or after it returned
 * (the framework's late-render phase), set `used = false` (when `keep`), add `after`.
 */
export interface Plan {
  readonly level?: number | null
  readonly count: boolean
  readonly add: readonly PlanMessage[]
  readonly display: 'none' | 'handler' | 'late'
  readonly keep: boolean
  readonly after: readonly PlanMessage[]
}

export interface PlanResult {
  readonly shown: readonly ShownMessage[] | null
  readonly count: number | null
}

export interface AppOptions {
  /** Adapter options; `secret` included. */
  readonly flash: FlashOptions & Record<string, unknown>
  /** Mount the framework's usual session plugin with a counting in-memory store. */
  readonly session: boolean
  /** The most bytes of request headers a listening server accepts. @default Node's, 16 KiB */
  readonly maxHeaderSize?: number
}

export interface Exchange {
  readonly status: number
  readonly setCookies: readonly string[]
  readonly body: string
}

export interface RequestInit {
  readonly method?: string
  readonly headers?: Record<string, string>
  readonly body?: string
}

export interface HardeningApp {
  readonly adapter: AdapterName
  /** One request, no redirect followed, no cookie added. */
  request(path: string, init?: RequestInit): Promise<Exchange>
  /** A request whose `Cookie` header is sent as these exact bytes (latin1: one char, one byte). */
  requestWithRawCookie(path: string, cookieHeader: string): Promise<Exchange | 'refused'>
  /** Session store writes (set or destroy) since start. */
  sessionWrites(): number
  /** What @flash reported (unstored messages) since start. */
  warnings(): readonly string[]
  close(): Promise<void>
}
