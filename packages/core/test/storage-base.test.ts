/**
 * Django's `BaseTests`, run for each of the three storages (CookieStorage, SessionStorage,
 * FallbackStorage) against real backends through the test seam. The request/response-cycle tests
 * (full cycle, template response, multiple posts, middleware disabled) run in the adapter suite.
 */
import { describe, expect, it } from 'vitest'
import {
  attachStorage,
  DEBUG,
  ERROR,
  getLevel,
  INFO,
  Message,
  markSafe,
  setLevel,
  WARNING,
} from '../src/index.js'
import {
  addLevelMessages,
  backendConfig,
  backends,
  getExistingStorage,
  getStorage,
  storedCount,
} from './helpers/backends.js'
import { cookieWrites, sessionWrites } from './helpers/seam.js'

describe.each(backends)('$name (BaseTests)', (backend) => {
  const config = backendConfig(backend)

  it('test_add', async () => {
    const { storage } = await getStorage(config)
    expect(storage.addedNew).toBe(false)
    storage.add(INFO, 'Test message 1')
    expect(storage.addedNew).toBe(true)
    storage.add(INFO, 'Test message 2', 'tag')
    expect(storage.length).toBe(2)
  })

  it('test_add_lazy_translation (an object with its own toString)', async () => {
    const { t, storage } = await getStorage(config)
    storage.add(INFO, { toString: () => 'lazy message' })
    expect(await storage.update()).toEqual([])
    expect(await storedCount(backend, config, t)).toBe(1)
    expect([...storage].map(String)).toEqual(['lazy message'])
  })

  it('test_no_update', async () => {
    const { t, storage } = await getStorage(config)
    expect(await storage.update()).toBeNull()
    expect(await storedCount(backend, config, t)).toBe(0)
    expect(cookieWrites(t)).toEqual([])
    expect(sessionWrites(t)).toEqual([])
  })

  it('test_add_update', async () => {
    const { t, storage } = await getStorage(config)
    storage.add(INFO, 'Test message 1')
    storage.add(INFO, 'Test message 1', 'tag')
    await storage.update()
    expect(await storedCount(backend, config, t)).toBe(2)
  })

  it('test_existing_add_read_update', async () => {
    const { t, storage } = await getExistingStorage(backend, config)
    storage.add(INFO, 'Test message 3')
    expect([...storage].map(String)).toEqual(['Test message 1', 'Test message 2', 'Test message 3'])
    await storage.update()
    expect(await storedCount(backend, config, t)).toBe(0)
  })

  it('test_existing_read_add_update', async () => {
    const { t, storage } = await getExistingStorage(backend, config)
    expect([...storage]).toHaveLength(2)
    storage.add(INFO, 'Test message 3')
    await storage.update()
    expect(await storedCount(backend, config, t)).toBe(1)
  })

  it('test_existing_add_update (not read: old and new are stored together)', async () => {
    const { t, storage } = await getExistingStorage(backend, config)
    storage.add(INFO, 'Test message 3')
    expect(await storage.update()).toEqual([])
    expect(await storedCount(backend, config, t)).toBe(3)
  })

  it('add() ignores empty text, as Django ignores falsy messages', async () => {
    const { storage } = await getStorage(config)
    for (const empty of ['', null, undefined, false, 0, Number.NaN, [], markSafe('')])
      storage.add(INFO, empty)
    expect(storage.addedNew).toBe(false)
    storage.add(INFO, '0')
    storage.add(INFO, markSafe(' '))
    expect([...storage].map(String)).toEqual(['0', ' '])
  })

  it('has() finds stored and added messages by level and text without consuming them', async () => {
    const { storage } = await getExistingStorage(backend, config)
    storage.add(WARNING, 'added')
    expect(storage.has(new Message(INFO, 'Test message 2'))).toBe(true)
    expect(storage.has(new Message(WARNING, 'added', 'other'))).toBe(true)
    expect(storage.has(new Message(ERROR, 'added'))).toBe(false)
    expect(storage.used).toBe(false)
  })

  it('test_existing_read', async () => {
    const { storage } = await getExistingStorage(backend, config)
    expect(storage.used).toBe(false)
    const data = [...storage]
    expect(storage.used).toBe(true)
    expect(data).toEqual([new Message(INFO, 'Test message 1'), new Message(INFO, 'Test message 2', 'tag')])
    expect([...storage]).toEqual(data)
  })

  it('test_existing_read then used = false keeps the messages: no write at all', async () => {
    const { t, storage } = await getExistingStorage(backend, config)
    expect([...storage]).toHaveLength(2)
    storage.used = false
    expect(await storage.update()).toBeNull()
    expect(cookieWrites(t)).toEqual([])
    expect(sessionWrites(t)).toEqual([])
  })

  it('test_existing_add', async () => {
    const { storage } = await getExistingStorage(backend, config)
    expect(storage.addedNew).toBe(false)
    storage.add(INFO, 'Test message 3')
    expect(storage.addedNew).toBe(true)
  })

  it('test_default_level', async () => {
    const request = {}
    expect(getLevel(request)).toBe(20)
    const { storage } = await getStorage(config)
    attachStorage(request, storage)
    expect(getLevel(request)).toBe(20)
    addLevelMessages(storage)
    expect(storage.length).toBe(5)
  })

  it('test_low_level', async () => {
    const request = {}
    const { storage } = await getStorage(config)
    attachStorage(request, storage)
    expect(setLevel(request, 5)).toBe(true)
    expect(getLevel(request)).toBe(5)
    addLevelMessages(storage)
    expect(storage.length).toBe(6)
  })

  it('test_high_level', async () => {
    const request = {}
    const { storage } = await getStorage(config)
    attachStorage(request, storage)
    expect(setLevel(request, 30)).toBe(true)
    expect(getLevel(request)).toBe(30)
    addLevelMessages(storage)
    expect(storage.length).toBe(2)
  })

  it('test_settings_level (level: 29)', async () => {
    const request = {}
    const { storage } = await getStorage(backendConfig(backend, { level: 29 }))
    attachStorage(request, storage)
    expect(getLevel(request)).toBe(29)
    addLevelMessages(storage)
    expect(storage.length).toBe(3)
  })

  it('level = null restores the configured level (@flash: no TypeError on a fresh storage)', async () => {
    const { storage } = await getStorage(backendConfig(backend, { level: 29 }))
    storage.level = null
    expect(storage.level).toBe(29)
    storage.level = WARNING
    expect(storage.level).toBe(30)
    storage.level = null
    expect(storage.level).toBe(29)
  })

  it('test_tags', async () => {
    const { storage } = await getStorage(config)
    storage.level = 0
    addLevelMessages(storage)
    storage.add(INFO, 'A generic info message', null)
    expect([...storage].map((m) => m.tags)).toEqual([
      'info',
      '',
      'extra-tag debug',
      'warning',
      'error',
      'success',
      'info',
    ])
  })

  it('test_level_tag', async () => {
    const { storage } = await getStorage(config)
    storage.level = 0
    addLevelMessages(storage)
    expect([...storage].map((m) => m.levelTag)).toEqual(['info', '', 'debug', 'warning', 'error', 'success'])
  })

  it('test_custom_tags', async () => {
    const tags = { [INFO]: 'info', [DEBUG]: '', [WARNING]: '', [ERROR]: 'bad', 29: 'custom' }
    const { storage } = await getStorage(backendConfig(backend, { tags }))
    storage.level = 0
    addLevelMessages(storage)
    expect([...storage].map((m) => m.tags)).toEqual(['info', 'custom', 'extra-tag', '', 'bad', 'success'])
  })

  it('custom tags apply to messages read back from the backend', async () => {
    const tagged = backendConfig(backend, { tags: { [INFO]: 'note' } })
    const { storage } = await getExistingStorage(backend, tagged)
    expect([...storage].map((m) => m.tags)).toEqual(['note', 'tag note'])
  })
})
