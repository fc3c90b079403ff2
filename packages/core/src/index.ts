/**
 * @module
 * `@flash/core`: Django's messages framework in pure TypeScript. No framework and no `node:`
 * imports: it runs on Node, Bun, Deno and edge workers. Adapters: @flash/fastify, @flash/koa,
 * @flash/hono.
 */
export {
  type AddMessageOptions,
  addMessage,
  attachStorage,
  type Carrier,
  debug,
  error,
  getLevel,
  getMessages,
  info,
  type MessageList,
  type MessagesContext,
  messagesContext,
  type NoMessages,
  STORAGE,
  setLevel,
  storageOf,
  success,
  warning,
} from './api.js'
export { bisectKeepLeft, bisectKeepRight } from './bisect.js'
export { withNoStore } from './cache-control.js'
export {
  type CookiePrefixRequirement,
  type CookiePrefixShortfall,
  cookiePrefixRule,
  cookiePrefixShortfall,
} from './cookie-attributes.js'
export { cookieFromHeader } from './cookie-header.js'
export type { FlashCrypto, HmacSha256 } from './crypto/types.js'
export { webCrypto } from './crypto/web.js'
export { endsWithDelivery, settleDisplay } from './delivery.js'
export { isPrefetch, type NodeRequestHeaders, notDisplayed } from './displayed.js'
export { pythonJson, pythonJsonString } from './encoding/python-json.js'
export { awaitErrorPage, canStoreAgain, storeForErrorPage } from './error-page.js'
export { FlashConfigError, FlashError, MessageFailure, MessagesNotStoredError } from './errors.js'
export { escapeHtml, messageRole, renderMessageItems, renderMessages } from './html.js'
export { htmxNavigates, isHtmxRequest } from './htmx.js'
export { differingOptions, InnerFlash, markServedBy, passedOnReport, servingConfig } from './inner-flash.js'
export { DEBUG, DEFAULT_LEVELS, DEFAULT_TAGS, ERROR, INFO, SUCCESS, toLevel, WARNING } from './levels.js'
export { isPromiseLike, type MaybePromise, thenMaybe } from './maybe-promise.js'
export { Message, type MessageText } from './message.js'
export { type MessageJson, messagesJson, toMessageJson } from './message-json.js'
export {
  type AdapterProfile,
  type CookieOptions,
  type FlashConfig,
  type FlashExchange,
  type FlashOptions,
  type HtmxOptions,
  MAKES_STORAGE,
  MESSAGES_SALT,
  type ReservedSessionKeys,
  resolveOptions,
  type StorageFactory,
  type StorageOption,
} from './options.js'
export { describeUnstored, persist, type UnstoredReporter, unstoredDetails } from './persist.js'
export { activeRecorder, type MessageRecorder, RECORD_HEADER, recordForTests } from './recorder.js'
export {
  abandonRequest,
  consoleReporter,
  endRequest,
  endsEveryRequest,
  endsUntouched,
  type FlashReporter,
  type RequestHeaderRecord,
  type UnstoredDetails,
  watchLateDisplay,
} from './request-end.js'
export { needsPreload } from './request-start.js'
export { isSafe, markSafe, SafeString } from './safe.js'
export {
  type AddressBarOptions,
  addressBarCleanup,
  CLEAN_URL_PATH,
  CLEAN_URL_SCRIPT,
  type ServedAsset,
  scopeAsset,
  scopeAssetFor,
} from './scope/address-bar.js'
export { type Binding, MARKER_TAG } from './scope/binding.js'
export { newScopeId, sameOrigin, withScopeId } from './scope/redirect.js'
export { queryParam, RequestScope, SCOPE_PARAM } from './scope/request-scope.js'
export type { CookieAttributes, FlashSeam, SessionAccess } from './seam.js'
export {
  decodeMessageJson,
  encodeMessageJson,
  MESSAGE_KEY,
  NOT_FINISHED,
  parseMessageList,
  serializeMessage,
} from './serializer.js'
export { decodePayload, encodePayload } from './signed-payload.js'
export { TimestampSigner, type TimestampSignerOptions } from './signing.js'
export {
  BaseStorage,
  isEmptyMessage,
  type MessageDelta,
  NOTHING_STORED,
  type Retrieval,
  type StorageSettings,
} from './storage/base.js'
export { CookieStorage, type CookieStorageOptions } from './storage/cookie.js'
export { createStorage } from './storage/create.js'
export { FallbackStorage } from './storage/fallback.js'
export { COOKIE_SESSION_BUDGET, SessionStorage } from './storage/session.js'
export {
  compileSuccessTemplate,
  formatMessage,
  type SuccessMessage,
  successMessageFor,
} from './success-message.js'
export { type LevelTags, levelTags, type TagOverrides } from './tags.js'
export { TURBO_STREAM_TYPE, type TurboStreamOptions, turboStream } from './turbo-stream.js'
export { rejectUncalledFactory } from './uncalled-factory.js'
