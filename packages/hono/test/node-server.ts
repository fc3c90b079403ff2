/**
 * @module
 * One @hono/node-server for a test file, serving whichever app its tests opened last, reached by a
 * cookie-carrying browser over real HTTP. Hono's `env` is passed on: it holds the raw Node request
 * and response (`c.env.outgoing`). Closed after the file's tests, cutting the connections a hung
 * handler keeps open.
 *
 * @example
 * const open = nodeServer<FlashEnv>()
 * const b = open(app)
 * await b.request('/save', { method: 'POST' })
 */
import type { Server } from 'node:http'
import { type ServerType, serve } from '@hono/node-server'
import type { Env, Hono } from 'hono'
import { afterAll, beforeAll } from 'vitest'
import { browser } from './client.js'

export function nodeServer<E extends Env>(): (app: Hono<E>) => ReturnType<typeof browser> {
  let server: ServerType | undefined
  let port = 0
  let current: Hono<E> | undefined
  beforeAll(
    () =>
      new Promise<void>((resolve) => {
        server = serve(
          { fetch: (req, env) => current!.fetch(req, env), port: 0, hostname: '127.0.0.1' },
          (info) => {
            port = info.port
            resolve()
          },
        )
      }),
  )
  afterAll(() => {
    ;(server as Server).closeAllConnections()
    return new Promise<void>((resolve) => server!.close(() => resolve()))
  })
  return (app) => {
    current = app
    return browser((path, init) => fetch(`http://127.0.0.1:${port}${path}`, init))
  }
}
