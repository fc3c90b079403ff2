/**
 * `markSafe`/`isSafe`: the trusted-HTML mark survives the cookie and session round trips, and
 * lives on `m.message` as Django's SafeData does.
 */
import { describe, expect, it } from 'vitest'
import { INFO, isSafe, markSafe, SafeString, SUCCESS } from '../src/index.js'
import { backendConfig, backends, open } from './helpers/backends.js'
import { createSeam, nextRequest } from './helpers/seam.js'

describe('markSafe / isSafe', () => {
  it('marks once and reads back', () => {
    const safe = markSafe('<b>x</b>')
    expect(safe).toBeInstanceOf(SafeString)
    expect(isSafe(safe)).toBe(true)
    expect(markSafe(safe)).toBe(safe)
    expect(String(safe)).toBe('<b>x</b>')
    expect(safe.value).toBe('<b>x</b>')
    expect(safe.length).toBe(8)
    expect(JSON.stringify({ safe })).toBe('{"safe":"<b>x</b>"}')
  })

  it('recognises a mark made by another copy of the package, and nothing else', () => {
    expect(isSafe({ [Symbol.for('@flash/core.safe')]: true })).toBe(true)
    expect(isSafe('<b>x</b>')).toBe(false)
    expect(isSafe(null)).toBe(false)
    expect(isSafe({ value: '<b>x</b>' })).toBe(false)
  })

  it.each(backends)('survives the $name round trip; plain text stays plain', async (backend) => {
    const config = backendConfig(backend)
    const t = createSeam({ session: true })
    const storage = await open(config, t)
    storage.add(SUCCESS, markSafe('<a href="/x">link</a>'))
    storage.add(INFO, '<b>plain</b>')
    await storage.update()
    const read = [...(await open(config, nextRequest(t)))]
    expect(read.map((m) => [isSafe(m.message), String(m), m.safe])).toEqual([
      [true, '<a href="/x">link</a>', true],
      [false, '<b>plain</b>', false],
    ])
  })
})
