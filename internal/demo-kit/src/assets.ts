/**
 * @module
 * The shared assets (`styles.css`, `dismiss.js`), served by each app under `/assets/`.
 */
import { fileURLToPath } from 'node:url'

/** The folder of `styles.css` and `dismiss.js`. */
export const ASSETS_DIR: string = fileURLToPath(new URL('../assets/', import.meta.url))

/** Where the apps serve {@link ASSETS_DIR}. */
export const ASSETS_PREFIX = '/assets/'
