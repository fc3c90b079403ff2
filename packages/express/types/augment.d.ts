/**
 * @module
 * Express's request and `res.locals`, augmented with the request's messages. One file for both
 * builds: the ESM and CJS declarations each reference it, so a project with `.ts` and `.cts` files
 * sees one augmentation, not two whose `BaseStorage` classes differ (TS2717). Published as is (see
 * tsup.config.base.ts).
 */
import type { BaseStorage, DEFAULT_LEVELS } from '@flash/core'

declare global {
  namespace Express {
    interface Request {
      /** This request's messages (set by `flash()`); iterating them displays and consumes them. */
      messages: BaseStorage
    }
    interface Locals {
      /** The same storage as `req.messages`, for templates rendered with `res.render()`. */
      messages: BaseStorage
      /** Django's `DEFAULT_MESSAGE_LEVELS`, for templates. */
      DEFAULT_MESSAGE_LEVELS: typeof DEFAULT_LEVELS
    }
  }
}
