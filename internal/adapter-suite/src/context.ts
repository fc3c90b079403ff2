/**
 * @module
 * Starting standard apps for one scenario, and the storages every scenario runs against.
 */
import type { FlashOptions } from '@flash/core'
import { Browser } from './browser.js'
import { SECRET } from './fixtures.js'
import type { AdapterHarness, StandardApp } from './harness.js'

export type StorageName = 'cookie' | 'session' | 'fallback'

/** Each storage with the session it needs: cookie alone, session and fallback with a session plugin. */
export const STORAGES: readonly { storage: StorageName; session: boolean }[] = [
  { storage: 'cookie', session: false },
  { storage: 'session', session: true },
  { storage: 'fallback', session: true },
]

export interface AppSpec {
  storage: StorageName
  session: boolean
  flash?: Partial<FlashOptions>
}

/** Start an app, hand a fresh browser to `use`, and always close the app. */
export async function withApp<T>(
  harness: AdapterHarness,
  spec: AppSpec,
  use: (browser: Browser, app: StandardApp) => Promise<T>,
): Promise<T> {
  const app = await harness.start({
    flash: { secret: SECRET, storage: spec.storage, ...spec.flash },
    session: spec.session,
  })
  try {
    return await use(new Browser(app), app)
  } finally {
    await app.close()
  }
}
