/**
 * An app installs only the adapter: `nodeCrypto` must come from it (`@flash/koa`), since under
 * pnpm `@flash/core/node` is not resolvable from the app when @flash/core is not its own dependency.
 */
import { nodeCrypto as fromCore } from '@flash/core/node'
import { expect, it } from 'vitest'
import { nodeCrypto } from '../src/index.js'

it('@flash/koa re-exports the node:crypto signer of @flash/core/node', () => {
  expect(nodeCrypto).toBe(fromCore)
  expect(nodeCrypto.name).toBe('node')
  expect(nodeCrypto.synchronous).toBe(true)
})
