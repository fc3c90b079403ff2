/**
 * @module
 * `@flash/adapter-suite`: the scenarios every adapter runs unchanged, so the three cannot drift.
 *
 * @example
 * // packages/fastify/test/suite.test.ts
 * import { runAdapterSuite } from '@flash/adapter-suite'
 * runAdapterSuite(fastifyHarness)
 */
export type {
  AdapterHarness,
  StandardApp,
  StandardAppOptions,
  SuiteRequest,
  SuiteResponse,
} from './harness.js'
