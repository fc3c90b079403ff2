/**
 * @module
 * Hono's `ContextVariableMap`, augmented with the request's messages. One file for both builds: the ESM and CJS
 * declarations each reference it, so a project with `.ts` and `.cts` files sees one augmentation,
 * not two whose `BaseStorage` classes differ (TS2717). Published as is (see tsup.config.base.ts).
 */
import type { BaseStorage } from '@flash/core'

declare module 'hono' {
  interface ContextVariableMap {
    /** The request's message storage, set by the `flash()` middleware. */
    messages: BaseStorage
  }
}
