/**
 * @module
 * Fastify's request, augmented with the request's messages. One file for both builds: the ESM and CJS
 * declarations each reference it, so a project with `.ts` and `.cts` files sees one augmentation,
 * not two whose `BaseStorage` classes differ (TS2717). Published as is (see tsup.config.base.ts).
 */
import type { BaseStorage } from '@flash/core'

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * This request's messages (Django's `request._messages`): iterate to display them. Made on
     * first use, so a request that never touches messages costs nothing.
     */
    readonly messages: BaseStorage
  }
}
