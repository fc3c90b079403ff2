/**
 * `Message` (Django's `MessageTests`), levels, and level tags built per configuration
 * (Django's `TestLevelTags`: never frozen at import).
 */
import { inspect } from 'node:util'
import { describe, expect, it } from 'vitest'
import {
  createStorage,
  DEBUG,
  DEFAULT_LEVELS,
  DEFAULT_TAGS,
  ERROR,
  INFO,
  levelTags,
  Message,
  markSafe,
  SUCCESS,
  toLevel,
  WARNING,
} from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { createSeam } from './helpers/seam.js'

describe('MessageTests', () => {
  it('test_eq', () => {
    const m1 = new Message(INFO, 'Test message 1')
    const m2 = new Message(INFO, 'Test message 2')
    const m3 = new Message(WARNING, 'Test message 1')
    expect(m1.equals(m1)).toBe(true)
    expect(m1).toEqual(expect.anything())
    expect(m1.equals(m2)).toBe(false)
    expect(m1.equals(m3)).toBe(false)
    expect(m2.equals(m3)).toBe(false)
    expect(m1.equals(new Message(INFO, 'Test message 1', 'other tags'))).toBe(true)
    expect(m1.equals(new Message(INFO, markSafe('Test message 1')))).toBe(true)
    expect(m1.equals('Test message 1')).toBe(false)
    expect(m1.equals({ level: INFO, message: 'Test message 1' })).toBe(false)
  })

  it('test_repr (tags { WARNING: "caution", ERROR: "", 12: "custom" } do not affect it)', () => {
    const tags = levelTags({ [WARNING]: 'caution', [ERROR]: '', 12: 'custom' })
    const cases: [number, string, string, string][] = [
      [20, 'thing', '', "Message(level=20, message='thing')"],
      [30, 'careful', 'tag1 tag2', "Message(level=30, message='careful', extra_tags='tag1 tag2')"],
      [40, 'oops', 'tag', "Message(level=40, message='oops', extra_tags='tag')"],
      [12, 'custom', '', "Message(level=12, message='custom')"],
    ]
    for (const [level, text, extraTags, repr] of cases) {
      const m = new Message(level, text, extraTags, tags)
      expect(m.inspect()).toBe(repr)
      expect(inspect(m)).toBe(repr)
    }
  })

  it('repr quotes and escapes as Python does', () => {
    expect(new Message(INFO, "it's").inspect()).toBe(`Message(level=20, message="it's")`)
    expect(new Message(INFO, `it's "x"`).inspect()).toBe(`Message(level=20, message='it\\'s "x"')`)
    expect(new Message(INFO, 'a\\b\n\r\t').inspect()).toBe("Message(level=20, message='a\\\\b\\n\\r\\t')")
    expect(new Message(INFO, 'x', null).inspect()).toBe("Message(level=20, message='x')")
  })

  it('tags: extra tags first, then the level tag, empty parts skipped', () => {
    expect(new Message(20, 'a', 'x y').tags).toBe('x y info')
    expect(new Message(12, 'a').tags).toBe('')
    expect(new Message(12, 'a', 'q').tags).toBe('q')
    expect(new Message(20, 'a', null).tags).toBe('info')
    expect(new Message(20, 'a', '').tags).toBe('info')
    expect(new Message(12, 'a').levelTag).toBe('')
    expect(new Message(ERROR, 'a').levelTag).toBe('error')
  })

  it('toString, toJSON, safe', () => {
    const m = new Message(SUCCESS, markSafe('<b>ok</b>'), 'x')
    expect(String(m)).toBe('<b>ok</b>')
    expect(`${m}`).toBe('<b>ok</b>')
    expect(m.safe).toBe(true)
    expect(m.toJSON()).toEqual({
      level: 25,
      levelTag: 'success',
      extraTags: 'x',
      tags: 'x success',
      message: '<b>ok</b>',
      safe: true,
    })
    // The message JSON everywhere: extraTags is '' when there are none.
    expect(JSON.stringify(new Message(INFO, 'plain'))).toBe(
      '{"level":20,"levelTag":"info","extraTags":"","tags":"info","message":"plain","safe":false}',
    )
  })

  it('converts non-string text and levels as Django does', () => {
    expect(new Message(INFO, 12345).message).toBe('12345')
    expect(new Message(INFO, { toString: () => 'lazy' }).message).toBe('lazy')
    expect(new Message('30' as never, 'x').level).toBe(30)
    expect(new Message(19.9, 'x').level).toBe(19)
    expect(new Message(INFO, 'x', 5 as never).extraTags).toBe('5')
    expect(new Message(INFO, 'x', undefined).extraTags).toBeNull()
  })

  it('rejects levels that are not numbers', () => {
    expect(() => new Message('abc' as never, 'x')).toThrow(
      new TypeError('@flash/core: a message level must be an integer, got "abc"'),
    )
    expect(() => toLevel(' ')).toThrow(
      new TypeError('@flash/core: a message level must be an integer, got " "'),
    )
    expect(() => toLevel(Number.NaN)).toThrow(
      new TypeError('@flash/core: a message level must be an integer, got NaN'),
    )
    expect(() => toLevel(null)).toThrow(
      new TypeError('@flash/core: a message level must be an integer, got null'),
    )
    expect(toLevel(' 42 ')).toBe(42)
  })

  it('withLevelTags re-tags a copy, and returns itself for the same map', () => {
    const tags = levelTags({ [INFO]: 'note' })
    const m = new Message(INFO, 'x', 'e')
    const copy = m.withLevelTags(tags)
    expect(copy.tags).toBe('e note')
    expect(m.tags).toBe('e info')
    expect(copy.withLevelTags(tags)).toBe(copy)
  })
})

describe('levels', () => {
  it('are Django constants', () => {
    expect([DEBUG, INFO, SUCCESS, WARNING, ERROR]).toEqual([10, 20, 25, 30, 40])
    expect(DEFAULT_LEVELS).toEqual({ DEBUG: 10, INFO: 20, SUCCESS: 25, WARNING: 30, ERROR: 40 })
    expect(DEFAULT_TAGS).toEqual({ 10: 'debug', 20: 'info', 25: 'success', 30: 'warning', 40: 'error' })
    expect(Object.isFrozen(DEFAULT_LEVELS)).toBe(true)
    expect(Object.isFrozen(DEFAULT_TAGS)).toBe(true)
  })
})

describe('TestLevelTags', () => {
  const messageTags = {
    [INFO]: 'info',
    [DEBUG]: '',
    [WARNING]: '',
    [ERROR]: 'bad',
    [SUCCESS]: '',
    12: 'custom',
  }

  it('test_override_settings_level_tags: every default overridden, the map equals the override', () => {
    expect(Object.fromEntries(levelTags(messageTags))).toEqual(
      Object.fromEntries(Object.entries(messageTags).map(([k, v]) => [Number(k), v])),
    )
    expect(Object.fromEntries(makeConfig({ tags: messageTags }).levelTags)).toEqual(
      Object.fromEntries(levelTags(messageTags)),
    )
  })

  it('test_lazy: tags are built per configuration, never frozen at import', () => {
    const a = makeConfig({ tags: { [ERROR]: 'bad' } })
    const b = makeConfig()
    expect(a.levelTags.get(ERROR)).toBe('bad')
    expect(b.levelTags.get(ERROR)).toBe('error')
    expect(DEFAULT_TAGS[ERROR]).toBe('error')
  })

  it('test_override_settings_lazy: a new configuration takes effect for its own storages', () => {
    const before = makeConfig({ tags: messageTags })
    const after = makeConfig({ tags: { [ERROR]: 'very-bad' } })
    const old = createStorage(before, createSeam({ session: true }).seam)
    const fresh = createStorage(after, createSeam({ session: true }).seam)
    old.add(ERROR, 'x')
    fresh.add(ERROR, 'x')
    expect([...old][0]!.tags).toBe('bad')
    expect([...fresh][0]!.tags).toBe('very-bad')
  })
})
