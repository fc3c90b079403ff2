/**
 * Recording for tests: off until `@flash/core/testing` is imported, then one id per response.
 */
import { describe, expect, it } from 'vitest'
import { createStorage, Message, resolveOptions } from '../src/index.js'
import { activeRecorder, installRecorder, RECORD_HEADER, recordForTests } from '../src/recorder.js'

const config = resolveOptions(
  { secret: 'recorder-secret-0123456789-0123456789', storage: 'cookie' },
  { name: 't', sessionFix: '' },
)
const seam = { getCookie: () => undefined, setCookie: () => {}, deleteCookie: () => {} }

describe('test recording', () => {
  it('is off (and costs nothing) until the testing entry is imported', async () => {
    // Another test file of this worker may have imported the testing entry already.
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('@flash/core.recorder')]
    expect(activeRecorder()).toBeUndefined()
    expect(await recordForTests(createStorage(config, seam))).toBeUndefined()
  })

  it('records the messages a request ended with and finds them from any response shape', async () => {
    const testing = await import('../src/testing.js')
    installRecorder() // the import installs it, unless this worker had imported it before the reset above
    expect(activeRecorder()).toBeDefined()
    const storage = createStorage(config, seam)
    storage.add(25, 'Saved.')
    storage.add(10, 'below the level')
    const id = await recordForTests(storage)
    expect(id).toMatch(/^\d+$/)
    expect(storage.used).toBe(false)
    const expected = [new Message(25, 'Saved.')]
    testing.assertResponseMessages({ headers: new Headers({ [RECORD_HEADER]: id! }) }, expected)
    testing.assertResponseMessages({ headers: { [RECORD_HEADER]: id } }, expected)
    testing.assertResponseMessages({ header: { [RECORD_HEADER]: id } }, expected)
    expect(() => testing.assertResponseMessages({ headers: { [RECORD_HEADER]: id } }, [])).toThrow(
      "Messages differ: [Message(level=25, message='Saved.')] != []",
    )
    expect(() => testing.messagesOf({ headers: {} })).toThrow(
      '@flash/core/testing: this response carries no recorded messages (no "x-flash-record" header)',
    )
  })
})

describe('recording never changes behaviour', () => {
  it('a storage that cannot be read is simply not recorded', async () => {
    installRecorder()
    const sessionConfig = resolveOptions(
      { secret: 'recorder-secret-0123456789-0123456789', storage: 'session' },
      { name: 't', sessionFix: 'add a session' },
    )
    const storage = createStorage(sessionConfig, seam)
    storage.add(20, 'x')
    expect(await recordForTests(storage)).toBeUndefined()
    await expect(storage.update()).rejects.toThrow('t: storage "session" needs a session')
  })
})
