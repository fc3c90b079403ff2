/**
 * @module
 * `@flash/adapter-suite`: the scenarios every adapter runs unchanged, so the three cannot drift.
 *
 * @example
 * // packages/fastify/test/suite.test.ts
 * import { runAdapterSuite } from '@flash/adapter-suite'
 * runAdapterSuite(fastifyInjectHarness)
 */
import { describe } from 'vitest'
import { type AppSpec, STORAGES } from './context.js'
import type { AdapterHarness } from './harness.js'
import { attackScenarios } from './scenarios/attacks.js'
import { badCookieScenarios } from './scenarios/bad-cookies.js'
import { cookieHeaderScenarios } from './scenarios/cookie-header.js'
import { costScenarios } from './scenarios/cost.js'
import { cycleScenarios } from './scenarios/cycle.js'
import { displayedScenarios } from './scenarios/displayed.js'
import { hostileHeaderScenarios } from './scenarios/hostile-headers.js'
import { htmxScenarios } from './scenarios/htmx.js'
import { levelScenarios } from './scenarios/levels.js'
import { lifecycleScenarios } from './scenarios/lifecycle.js'
import { limitScenarios } from './scenarios/limits.js'
import { missingMiddlewareScenarios } from './scenarios/missing-middleware.js'
import { nowDedupeScenarios } from './scenarios/now-dedupe.js'
import { overflowScenarios } from './scenarios/overflow.js'
import { readmeStorageScenarios } from './scenarios/readme-storage.js'
import { rotationScenarios } from './scenarios/rotation.js'
import { scopeScenarios } from './scenarios/scope.js'
import { storageContractScenarios } from './scenarios/storage-contract.js'
import { storageMisuseScenarios } from './scenarios/storage-misuse.js'

/**
 * The delivery scenarios of issue 15 (what counts as displayed, Cache-Control, now, dedupe,
 * messagesJson, htmx) for one harness and storage. `runAdapterSuite` runs them for each built-in
 * storage; a server-side storage's tests run them with `spec.flash.storage` set to its factory.
 *
 * @example
 * runDeliveryScenarios(koaHarness, { storage: 'cookie', session: false, flash: { storage: redisStorage({ client }) } })
 */
export function runDeliveryScenarios(harness: AdapterHarness, spec: AppSpec): void {
  describe('what counts as displayed', () => displayedScenarios(harness, spec))
  describe('now, dedupe and messagesJson', () => nowDedupeScenarios(harness, spec))
  describe('htmx', () => htmxScenarios(harness, spec))
}

/**
 * The scenarios of issue 16 (`scope: 'redirect'`: which tab sees the message) for one harness and
 * storage; `runAdapterSuite` runs them for each built-in storage, a server-side storage's tests with
 * `spec.flash.storage` set to its factory.
 *
 * @example
 * runScopeScenarios(koaHarness, { storage: 'cookie', session: false, flash: { storage: redisStorage({ client }) } })
 */
export function runScopeScenarios(harness: AdapterHarness, spec: AppSpec): void {
  describe('which tab sees the message (scope)', () => scopeScenarios(harness, spec))
}

/** Declare the whole scenario suite for one adapter harness, once per storage. */
export function runAdapterSuite(harness: AdapterHarness): void {
  describe(`adapter suite: ${harness.name}`, () => {
    for (const spec of STORAGES) {
      describe(`storage "${spec.storage}"`, () => {
        describe('request/response cycle', () => cycleScenarios(harness, spec))
        describe('levels and tags', () => levelScenarios(harness, spec))
        describe('without the middleware', () => missingMiddlewareScenarios(harness, spec))
        describe('overflow', () => overflowScenarios(harness, spec))
        describe('write and read limits', () => limitScenarios(harness, spec))
        describe('cost of untouched requests', () => costScenarios(harness, spec))
        describe('end of the request', () => lifecycleScenarios(harness, spec))
        runDeliveryScenarios(harness, spec)
        describe('bad cookies', () => badCookieScenarios(harness, spec))
        describe('attacks', () => attackScenarios(harness, spec))
        if (spec.storage !== 'session')
          describe('reading the Cookie header', () => cookieHeaderScenarios(harness, spec))
        describe('hostile Cookie headers', () => hostileHeaderScenarios(harness, spec))
        if (spec.storage !== 'session') describe('secret rotation', () => rotationScenarios(harness, spec))
        runScopeScenarios(harness, spec)
      })
    }
    describe('README storage (a custom storage)', () => readmeStorageScenarios(harness))
    describe('custom storage contract', () => storageContractScenarios(harness))
    describe('custom storage misuse', () => storageMisuseScenarios(harness))
  })
}

export { Browser, type ShownMessage, setCookiesNamed } from './browser.js'
export type { AppSpec } from './context.js'
export { CookieJar, type ParsedSetCookie, parseSetCookie } from './cookie-jar.js'
export { countingCrypto } from './counting-crypto.js'
export { FetchClient } from './fetch-client.js'
export { DJANGO_COOKIES, OLD_SECRET, randomTexts, SECRET } from './fixtures.js'
export type {
  AdapterHarness,
  StandardApp,
  StandardAppOptions,
  SuiteRequest,
  SuiteResponse,
} from './harness.js'
export { type HostileHeader, hostileCookieHeaders, NORMAL_COOKIE_HEADER } from './hostile-headers.js'
export { type RedisServer, startRedis } from './redis-server.js'
