/**
 * @module
 * `@flash/fastify`: Django's messages framework as a Fastify 5 plugin. Re-exports the whole
 * `@flash/core` API, so an app installs one package.
 *
 * @example
 * import flash, { success, getMessages } from '@flash/fastify'
 * await app.register(flash, { secret: process.env.FLASH_SECRET })
 */
export * from '@flash/core'
export { nodeCrypto } from '@flash/core/node'
export type { FlashFastifyOptions } from './options.js'
export { flash, flash as default } from './plugin.js'
export type { FastifySuccessMessage } from './success-message.js'
