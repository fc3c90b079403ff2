/**
 * @module
 * `@flash/express`: Django-style flash messages for Express 5 and 4. Re-exports the whole
 * `@flash/core` API, so an app installs one package.
 *
 * @example
 * import { flash, success, getMessages } from '@flash/express'
 * app.use(flash({ secret: process.env.FLASH_SECRET }))
 */
export * from '@flash/core'
export { nodeCrypto } from '@flash/core/node'
export { flash as default, flash } from './middleware.js'
export type { ExpressFlashOptions, FlashLogger } from './options.js'
export { type ExpressSuccessMessage, withSuccessMessage } from './success-message.js'
