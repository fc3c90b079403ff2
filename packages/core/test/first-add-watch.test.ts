/**
 * The seam's `messageAdded`: told once, at the first message a request adds, so an adapter can
 * start watching for a response sent without @flash's headers only on requests that have
 * something to lose (Hono behind a `timeout()` mounted before `flash()`).
 */
import { describe, expect, it } from 'vitest'
import { type BaseStorage, createStorage, endRequest, type FlashSeam, INFO, WARNING } from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { createSeam } from './helpers/seam.js'

function watchedSeam() {
  const told: BaseStorage[] = []
  const t = createSeam()
  const seam: FlashSeam = { ...t.seam, messageAdded: (storage) => void told.push(storage) }
  return { seam, told }
}

describe('messageAdded', () => {
  it('is told once, at the first message added, with the storage', () => {
    const config = makeConfig({ storage: 'cookie' })
    const { seam, told } = watchedSeam()
    const storage = createStorage(config, seam)
    expect(told).toEqual([])
    storage.add(INFO, 'first')
    storage.add(WARNING, 'second')
    expect(told).toEqual([storage])
  })

  it('is not told for what add() ignores or refuses: empty text, a level below the minimum, a Promise', () => {
    const config = makeConfig({ storage: 'cookie' })
    const { seam, told } = watchedSeam()
    const storage = createStorage(config, seam)
    storage.add(INFO, '')
    storage.add(5, 'below the minimum')
    expect(() => storage.add(INFO, Promise.resolve('later'))).toThrow(TypeError)
    expect(told).toEqual([])
    storage.add(INFO, 'counted')
    expect(told).toHaveLength(1)
  })

  it('is not told for an add refused after the request ended', async () => {
    const config = makeConfig({ storage: 'cookie' })
    const { seam, told } = watchedSeam()
    const storage = createStorage(config, seam)
    await endRequest(storage, config, seam, () => {})
    storage.add(INFO, 'too late')
    expect(told).toEqual([])
  })
})
