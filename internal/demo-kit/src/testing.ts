/**
 * @module
 * `@flash/demo-kit/testing`: the demo suites (they import vitest and playwright-core, so they
 * are kept out of what the apps load at runtime).
 */
export { CHROMIUM_PATH, runBrowserSuite } from './browser-suite.js'
export { TEST_SECRET } from './harness.js'
export { cookiesNamed, HttpClient, messagesIn } from './http-client.js'
export { runHttpSuite, textOf } from './http-suite.js'
export { runLiveBrowserSuite } from './live-browser-suite.js'
export { decodePng, distinctColours } from './png.js'
export { runRedisBrowserSuite } from './redis-browser-suite.js'
