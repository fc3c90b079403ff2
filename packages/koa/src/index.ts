/**
 * @module
 * `@flash/koa`: Django-style flash messages for Koa 3. Re-exports the whole `@flash/core` API,
 * so an app installs one package.
 *
 * @example
 * import { flash, success, getMessages } from '@flash/koa'
 * app.use(flash({ secret: process.env.FLASH_SECRET }))
 */
export * from '@flash/core'
export { nodeCrypto } from '@flash/core/node'
export { flash as default, flash } from './middleware.js'
export type { FlashLogger, KoaFlashOptions } from './options.js'
export { withSuccessMessage } from './success-message.js'
