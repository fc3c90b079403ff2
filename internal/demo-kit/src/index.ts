/**
 * @module
 * `@flash/demo-kit`: what the demo apps share: levels, the notes model, the playground's
 * form, the storage switcher, the development secret, the assets, and the test suites.
 */
export { ASSETS_DIR, ASSETS_PREFIX } from './assets.js'
export { CSRF_FIELD, changesState } from './csrf.js'
export type { DemoHarness, DemoStartOptions, RunningDemo } from './harness.js'
export { CRITICAL, DEMO_LEVELS, DEMO_TAGS, type DemoLevel, levelName } from './levels.js'
export {
  csrfInput,
  htmxFragment,
  htmxPage,
  LIVE_TEXTS,
  type LivePageInput,
  turboElsewherePage,
  turboPage,
} from './live-pages.js'
export { LIVE_ROUTES, type LiveExchange, type LiveReply, type LiveRoute } from './live-routes.js'
export {
  field,
  MAX_TITLE,
  NOTE_MISSING,
  type Note,
  type NoteForm,
  NoteStore,
  noteCreated,
  noteCreatedMessage,
  noteDeleted,
  parseNoteForm,
} from './notes.js'
export {
  addPlaygroundMessages,
  MAX_COUNT,
  MAX_LENGTH,
  NOTES_LINK,
  PLAYGROUND_DEFAULTS,
  type PlaygroundForm,
  type PlaygroundRequest,
  type PlaygroundValues,
  parsePlaygroundForm,
  playgroundTexts,
  withLink,
} from './playground.js'
export {
  BACKGROUND_MESSAGE,
  DEMO_USER_COOKIE,
  demoUserId,
  JOB_DELAY_MS,
  queueBackgroundMessage,
  redisOffered,
  redisReady,
} from './redis-demo.js'
export { demoSecret, sessionSecret } from './secret.js'
export {
  describeStorage,
  offeredStorages,
  SCOPE_COOKIE,
  SCOPE_DESCRIPTIONS,
  SCOPE_NAMES,
  type ScopeName,
  STORAGE_COOKIE,
  STORAGE_COOKIE_OPTIONS,
  STORAGE_DESCRIPTIONS,
  STORAGE_NAMES,
  type StorageName,
  type StorageReport,
  scopeName,
  storageName,
  switchableStorage,
  whereText,
} from './storage-switch.js'
export { HTMX_MAJORS, type HtmxMajor, htmxMajor, VENDOR_FILES, VENDOR_PREFIX } from './vendor.js'
export {
  type NotesView,
  notesView,
  type PlaygroundView,
  playgroundView,
  UNKNOWN_SCOPE,
  UNKNOWN_STORAGE,
} from './views.js'
