/**
 * @module
 * `@flash/hono`: Django's messages framework for Hono 4, on every runtime Hono runs on.
 * Re-exports the whole `@flash/core` API, so an app installs one package.
 *
 * @example
 * const app = new Hono<FlashEnv>()
 * app.use(flash({ secret: env.FLASH_SECRET }))
 * app.post('/notes', withSuccessMessage('%(title)s was saved', (c) => c.redirect('/')))
 */
import { flash } from './middleware.js'

export * from '@flash/core'
export {
  type HonoSuccessMessage,
  type ParsedBody,
  type SuccessBody,
  withSuccessMessage,
} from './success-message.js'
export type { FlashEnv, FlashLogger, FlashSession, HonoFlashOptions } from './types.js'
export { flash }
export default flash
