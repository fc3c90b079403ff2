/**
 * The pure pieces of issue 15 (what counts as displayed, Cache-Control, htmx's HX-Trigger, Turbo
 * Streams, `now`, `dedupe`), and the rule that a seam without the request/response members keeps
 * Django's behaviour. The same rules run through every adapter in the scenario suite.
 */
import { describe, expect, it } from 'vitest'
import { parseTrigger, triggerValue } from '../src/htmx.js'
import {
  attachStorage,
  createStorage,
  debug,
  endRequest,
  error,
  INFO,
  info,
  isPrefetch,
  Message,
  markSafe,
  messagesJson,
  SUCCESS,
  success,
  turboStream,
  WARNING,
  warning,
  withNoStore,
} from '../src/index.js'
import { makeConfig } from './helpers/config.js'
import { createSeam, nextRequest } from './helpers/seam.js'

const noReport = () => {}

describe('withNoStore', () => {
  it.each([
    [undefined, 'no-store', []],
    ['', 'no-store', []],
    ['private, no-cache', 'private, no-cache, no-store', []],
    ['no-store', 'no-store', []],
    ['Private,  MAX-AGE=60 ,must-revalidate', 'Private, must-revalidate, no-store', ['MAX-AGE=60']],
    ['public, max-age=600, immutable', 'no-store', ['public', 'max-age=600']],
    ['s-maxage=60, stale-while-revalidate=30', 'no-store', ['s-maxage=60']],
    [',,,', 'no-store', []],
  ])('%j -> %j', (current, value, replaced) => {
    expect(withNoStore(current)).toEqual({ value, replaced })
  })
})

describe('isPrefetch', () => {
  const from = (headers: Record<string, string>) => (name: string) => headers[name]
  it.each([
    [{ 'sec-purpose': 'prefetch' }, true],
    [{ 'sec-purpose': 'prefetch;prerender' }, true],
    [{ 'sec-purpose': 'PREFETCH' }, true],
    [{ purpose: 'prefetch' }, true],
    [{ 'x-purpose': 'preview' }, true],
    [{ 'x-moz': 'prefetch' }, true],
    [{ 'sec-purpose': 'prerender' }, false],
    [{ purpose: 'navigate' }, false],
    [{}, false],
  ])('%j -> %s', (headers, expected) => {
    expect(isPrefetch(from(headers))).toBe(expected)
  })
})

describe('HX-Trigger', () => {
  const detail = [{ level: 25 }]
  it('parses the JSON object form and the event-name form; refuses what it cannot merge', () => {
    expect(parseTrigger(undefined, 'messages')).toEqual({})
    expect(parseTrigger('  ', 'messages')).toEqual({})
    expect(parseTrigger('{"a":1}', 'messages')).toEqual({ a: 1 })
    expect(parseTrigger('a, b ,', 'messages')).toEqual({ a: {}, b: {} })
    expect(parseTrigger('{"messages":[1]}', 'messages')).toEqual({ messages: [1] })
    expect(parseTrigger('{"messages":"x"}', 'messages')).toBeUndefined()
    expect(parseTrigger('a, messages', 'messages')).toBeUndefined()
    expect(parseTrigger('{not json', 'messages')).toBeUndefined()
  })

  it("appends to the app's own list and escapes everything outside printable ASCII", () => {
    expect(triggerValue({ messages: [0] }, 'messages', detail)).toBe('{"messages":[0,{"level":25}]}')
    const value = triggerValue({}, 'm', ['é ✓ 🎉 \u007f \n'])
    expect(value).toBe('{"m":["\\u00e9 \\u2713 \\ud83c\\udf89 \\u007f \\n"]}')
    expect(JSON.parse(value)).toEqual({ m: ['é ✓ 🎉 \u007f \n'] })
  })
})

describe('now, dedupe, messagesJson and turboStream', () => {
  it('a now message is iterated with the others and never stored; it does not make the request "added"', async () => {
    const config = makeConfig({ storage: 'cookie' })
    const t = createSeam()
    const storage = createStorage(config, t.seam)
    storage.add(INFO, 'later')
    storage.add(WARNING, 'now', '', { now: true })
    expect(storage.length).toBe(2)
    storage.used = false
    await endRequest(storage, config, t.seam, noReport)
    const next = createStorage(config, nextRequest(t).seam)
    await next.preload()
    expect([...next].map(String)).toEqual(['later'])

    const alone = createStorage(config, createSeam().seam)
    alone.add(WARNING, 'now', '', { now: true })
    expect(alone.addedNew).toBe(false)
    expect(alone.queued).toEqual([])
  })

  it('every shortcut takes { now: true }', () => {
    const carrier = {}
    const storage = createStorage(makeConfig({ storage: 'cookie', level: 10 }), createSeam().seam)
    attachStorage(carrier, storage)
    for (const shortcut of [debug, info, success, warning, error])
      shortcut(carrier, shortcut.name, { now: true })
    expect(storage.addedNew).toBe(false)
    expect(storage.queued).toEqual([])
    expect([...storage].map(String)).toEqual(['debug', 'info', 'success', 'warning', 'error'])
  })

  it('dedupe compares level, text and extra tags with what is pending', () => {
    const storage = createStorage(makeConfig({ storage: 'cookie', dedupe: true }), createSeam().seam)
    storage.add(SUCCESS, 'Saved.')
    storage.add(SUCCESS, 'Saved.')
    storage.add(SUCCESS, 'Saved.', 'x')
    storage.add(INFO, 'Saved.')
    expect([...storage].map((m) => [m.level, String(m), m.extraTags])).toEqual([
      [SUCCESS, 'Saved.', ''],
      [SUCCESS, 'Saved.', 'x'],
      [INFO, 'Saved.', ''],
    ])
    const plain = createStorage(makeConfig({ storage: 'cookie' }), createSeam().seam)
    plain.add(SUCCESS, 'Saved.')
    plain.add(SUCCESS, 'Saved.')
    expect(plain.length).toBe(2)
  })

  it('messagesJson and turboStream take only what the page did not display', () => {
    const carrier = {}
    const storage = createStorage(makeConfig({ storage: 'cookie' }), createSeam().seam)
    attachStorage(carrier, storage)
    storage.add(INFO, 'shown on the page')
    expect([...storage].length).toBe(1)
    storage.add(SUCCESS, markSafe('<b>Saved</b>'), 'notes')
    expect(messagesJson(carrier)).toEqual([
      {
        level: 25,
        levelTag: 'success',
        extraTags: 'notes',
        tags: 'notes success',
        message: '<b>Saved</b>',
        safe: true,
      },
    ])
    expect(messagesJson(carrier)).toEqual([])
    storage.add(WARNING, '<i>"careful"</i>')
    expect(turboStream(carrier, { target: 'flash"list', action: 'prepend' })).toBe(
      '<turbo-stream action="prepend" target="flash&quot;list"><template>' +
        '<li class="warning" role="alert" data-turbo-temporary>&lt;i&gt;&quot;careful&quot;&lt;/i&gt;</li></template></turbo-stream>',
    )
    expect(turboStream(carrier)).toBe('')
    expect(turboStream({})).toBe('')
    expect(messagesJson({})).toEqual([])
  })

  it('the message JSON of a message without extra tags has extraTags ""', () => {
    const carrier = {}
    const storage = createStorage(makeConfig({ storage: 'cookie' }), createSeam().seam)
    attachStorage(carrier, storage)
    storage.add(INFO, 'x', null)
    expect(messagesJson(carrier)[0]?.extraTags).toBe('')
    expect(new Message(INFO, 'y').extraTags).toBeNull()
  })
})

describe('a seam without the request/response members', () => {
  it("keeps Django's rule: iterating consumes, nothing else is read", async () => {
    const config = makeConfig({ storage: 'cookie' })
    const first = createSeam()
    const added = createStorage(config, first.seam)
    added.add(INFO, 'hello')
    await endRequest(added, config, first.seam, noReport)
    const t = nextRequest(first)
    const storage = createStorage(config, t.seam)
    await storage.preload()
    expect([...storage].map(String)).toEqual(['hello'])
    await endRequest(storage, config, t.seam, noReport)
    expect(t.calls.filter((c) => c.op === 'deleteCookie')).toHaveLength(1)
  })
})

describe('the cost rule', () => {
  /** A seam whose request and response members throw: proof that they were not asked. */
  function untouchableSeam() {
    const t = createSeam()
    const fail = (what: string) => (): never => {
      throw new Error(`asked ${what}`)
    }
    Object.assign(t.seam, {
      requestMethod: fail('requestMethod'),
      requestHeader: fail('requestHeader'),
      responseStatus: fail('responseStatus'),
      responseHeader: fail('responseHeader'),
      setResponseHeader: fail('setResponseHeader'),
      route: fail('route'),
    })
    return t
  }

  it.each([{}, { htmx: true }])(
    'with %j, an untouched request and one that only added read no header',
    async (options) => {
      const config = makeConfig({ storage: 'cookie', ...options })
      const untouched = untouchableSeam()
      await endRequest(createStorage(config, untouched.seam), config, untouched.seam, noReport)
      if (!('htmx' in options)) {
        const adding = untouchableSeam()
        const storage = createStorage(config, adding.seam)
        storage.add(INFO, 'stored as usual')
        await endRequest(storage, config, adding.seam, noReport)
        expect(adding.calls.map((c) => c.op)).toEqual(['getCookie', 'setCookie'])
      }
      expect(untouched.calls.map((c) => c.op)).toEqual(options.htmx ? ['getCookie'] : [])
    },
  )
})
