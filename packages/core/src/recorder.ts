/**
 * @module
 * Test recording. When a test imports an adapter's `testing` entry, a recorder is installed on
 * `globalThis`; adapters then keep, for each response, the messages its request ended with
 * (what Django's `assertMessages` reads from `response.wsgi_request`) and name them in a
 * response header, so any kind of test response (inject, fetch, supertest, a Hono `Response`)
 * leads back to them. Without a recorder this costs one global lookup per request.
 */
import type { Message } from './message.js'
import type { BaseStorage } from './storage/base.js'

/** The response header that carries the recording id. Only sent while a test records. */
export const RECORD_HEADER = 'x-flash-record'

const RECORDER = Symbol.for('@flash/core.recorder')

export interface MessageRecorder {
  /** Keep `messages` and return the id to send in {@link RECORD_HEADER}. */
  record(messages: readonly Message[]): string
  /** The messages kept under `id`, or `undefined`. */
  get(id: string): readonly Message[] | undefined
}

/** The installed recorder, or `undefined` outside tests. */
export function activeRecorder(): MessageRecorder | undefined {
  return (globalThis as { [RECORDER]?: MessageRecorder })[RECORDER]
}

/** Install a recorder (idempotent); `@flash/core/testing` does this on import. */
export function installRecorder(): MessageRecorder {
  const existing = activeRecorder()
  if (existing) return existing
  const recorded = new Map<string, readonly Message[]>()
  let next = 0
  const recorder: MessageRecorder = {
    record(messages) {
      const id = String(++next)
      recorded.set(id, messages)
      // Bounded, so a long test run does not keep every response's messages alive.
      if (recorded.size > 10_000) recorded.delete(recorded.keys().next().value!)
      return id
    },
    get: (id) => recorded.get(id),
  }
  ;(globalThis as { [RECORDER]?: MessageRecorder })[RECORDER] = recorder
  return recorder
}

/**
 * For adapters, at persist time: when a test records, keep the request's messages and return
 * the id to put in the {@link RECORD_HEADER} response header; otherwise `undefined`, at no cost.
 *
 * @example
 * const id = await recordForTests(storage)
 * if (id) reply.header(RECORD_HEADER, id)
 */
export async function recordForTests(storage: BaseStorage): Promise<string | undefined> {
  const recorder = activeRecorder()
  if (!recorder) return undefined
  try {
    return recorder.record(await storage.snapshot())
  } catch {
    // Recording must never change what the app does: a storage that cannot be read here (e.g.
    // session storage without a session) fails in persist() exactly as it would in production.
    return undefined
  }
}
