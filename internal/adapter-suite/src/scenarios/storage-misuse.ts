/**
 * @module
 * A custom storage that breaks its contract, through the real adapter. What `get()` returns in a
 * wrong shape (a plain array, `undefined`, message JSON never made into `Message`s) fails no page:
 * it reads as a failed read, reported through the adapter's logger with the fix, and messages
 * added meanwhile are reported rather than stored over what could not be read. A storage class
 * passed where a factory belongs fails at startup.
 */
import { BaseStorage, type FlashConfig, type Message, type Retrieval } from '@flash/core'
import { expect, it } from 'vitest'
import { Browser } from '../browser.js'
import { SECRET } from '../fixtures.js'
import type { AdapterHarness, StandardApp } from '../harness.js'

/** One client's stored messages, and the shape `get()` hands them back in. */
class Backend {
  stored: Message[] = []
  writes = 0
  shape: (stored: Message[]) => unknown = RIGHT
}

const RIGHT = (stored: Message[]): Retrieval => ({ messages: stored.length > 0 ? stored : null })

class ScriptedStorage extends BaseStorage {
  readonly #backend: Backend

  constructor(backend: Backend, config: FlashConfig) {
    super({ level: config.level, levelTags: config.levelTags })
    this.#backend = backend
  }

  override mayHaveData(): boolean {
    return this.#backend.stored.length > 0
  }

  get(): Retrieval {
    return this.#backend.shape(this.#backend.stored) as Retrieval
  }

  store(messages: Message[]): Message[] {
    this.#backend.writes++
    this.#backend.stored = messages
    return []
  }
}

const FIX =
  'get() must return { messages: Message[] | null } (or a promise of it); ' +
  'build messages with new Message(...) or parseMessageList'

/** Wrong shapes a storage written in JavaScript returns, and how the report names each. */
const WRONG_SHAPES: { name: string; shape: (stored: Message[]) => unknown; returned: string }[] = [
  { name: 'a plain array', shape: (stored) => stored, returned: 'returned an array' },
  { name: 'undefined', shape: () => undefined, returned: 'returned undefined' },
  {
    name: '{ messages: a string }',
    shape: () => ({ messages: 'waiting' }),
    returned: 'returned { messages: a string }',
  },
  {
    name: 'message JSON, not Messages',
    shape: (stored) => ({ messages: stored.map((m) => ({ level: m.level, message: String(m) })) }),
    returned: 'returned a plain object at messages[0], not a Message',
  },
  {
    name: 'message JSON, not Messages, from a promise',
    shape: async (stored) => ({ messages: stored.map((m) => ({ level: m.level, message: String(m) })) }),
    returned: 'returned a plain object at messages[0], not a Message',
  },
]

async function withScriptedApp(
  harness: AdapterHarness,
  use: (browser: Browser, app: StandardApp, backend: Backend) => Promise<void>,
): Promise<void> {
  const backend = new Backend()
  const app = await harness.start({
    flash: { secret: SECRET, storage: (_seam, config) => new ScriptedStorage(backend, config) },
    session: false,
  })
  try {
    await use(new Browser(app), app, backend)
  } finally {
    await app.close()
  }
}

const readReports = (app: StandardApp) => app.warnings().filter((w) => w.includes('could not be'))

export function storageMisuseScenarios(harness: AdapterHarness): void {
  it.each(WRONG_SHAPES)(
    'get() returning $name fails no page: read as none, reported with the fix, nothing overwritten',
    async ({ shape, returned }) => {
      await withScriptedApp(harness, async (browser, app, backend) => {
        await browser.add('info', ['waiting'])
        backend.shape = shape

        const untouched = await browser.get('/untouched')
        expect([untouched.status, untouched.body]).toEqual([200, 'ok'])
        expect(readReports(app)).toEqual([])

        expect(await browser.texts()).toEqual([])
        const [read, ...others] = readReports(app)
        expect(others).toEqual([])
        expect(read).toMatch(
          /^@flash\/\w+: ScriptedStorage could not be read, so the page showed no messages: /,
        )
        expect(read).toContain(`: @flash/core: ScriptedStorage.get() ${returned}; ${FIX}`)

        await browser.add('info', ['added while broken'])
        expect(readReports(app).slice(1)).toEqual([
          expect.stringContaining(
            '1 message could not be stored and will not be shown (ScriptedStorage could not be read, ' +
              'and storing would replace the messages it could not read): "added while broken"',
          ),
        ])

        // Fixed: what was stored before is still there, neither consumed nor overwritten.
        backend.shape = RIGHT
        expect(await browser.texts()).toEqual(['waiting'])
        expect(backend.writes).toBe(2)
      })
    },
  )

  it('a storage class passed itself fails at startup, with the factory as the fix', async () => {
    await expect(
      harness.start({ flash: { secret: SECRET, storage: ScriptedStorage as never }, session: false }),
    ).rejects.toThrow(
      'option "storage" is the class ScriptedStorage itself, which cannot be called without new; ' +
        'pass a factory: storage: (seam, config) => new ScriptedStorage(seam, config)',
    )
  })
}
