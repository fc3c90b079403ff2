import { isSafe } from '@flash/core'
import { describe, expect, test } from 'vitest'
import { NoteStore, noteCreatedMessage, parseNoteForm } from './notes.js'
import { parsePlaygroundForm, playgroundTexts, withLink } from './playground.js'
import { storageName, whereText } from './storage-switch.js'

describe('notes form', () => {
  test('trims the title; empty, missing or too long titles are errors', () => {
    expect(parseNoteForm({ title: '  Groceries ' })).toEqual({ ok: true, title: 'Groceries' })
    expect(parseNoteForm({ title: ['x', ' '] })).toEqual({
      ok: false,
      title: ' ',
      error: 'A note needs a title.',
    })
    expect(parseNoteForm(undefined)).toEqual({ ok: false, title: '', error: 'A note needs a title.' })
    expect(parseNoteForm({ title: 'x'.repeat(201) })).toEqual({
      ok: false,
      title: 'x'.repeat(201),
      error: 'A title is at most 200 characters (this one has 201).',
    })
    expect(noteCreatedMessage({ title: ' Groceries' })).toBe('“Groceries” was created.')
    expect(noteCreatedMessage({})).toBeNull()
  })

  test('notes are listed newest first; deleting twice finds nothing', () => {
    const notes = new NoteStore()
    notes.create('a')
    const b = notes.create('b')
    expect(notes.list().map((n) => n.title)).toEqual(['b', 'a'])
    expect(notes.delete(String(b.id))).toEqual(b)
    expect(notes.delete(String(b.id))).toBeUndefined()
    expect(notes.delete('nope')).toBeUndefined()
  })
})

describe('playground form', () => {
  test('a valid form', () => {
    const form = parsePlaygroundForm({
      level: '50',
      text: ' Hi ',
      count: '3',
      length: '40',
      link: 'on',
      minLevel: '10',
    })
    expect(form).toEqual({
      ok: true,
      values: {
        level: '50',
        extraTags: '',
        text: ' Hi ',
        count: '3',
        length: '40',
        link: true,
        minLevel: '10',
      },
      request: { level: 50, extraTags: '', text: 'Hi', count: 3, length: 40, link: true, minLevel: 10 },
    })
  })

  test('numbers outside their range, unknown levels and non-text fields are errors', () => {
    const form = parsePlaygroundForm({ level: '42', text: 'x', count: '1.5', length: '1001', minLevel: {} })
    expect(form.ok).toBe(false)
    expect(!form.ok && form.errors).toEqual([
      'Choose a level: DEBUG, INFO, SUCCESS, WARNING, ERROR, CRITICAL.',
      '"How many" is a whole number from 1 to 50.',
      '"Pad to" is a whole number of characters from 0 to 1000.',
    ])
  })

  test('texts are numbered and padded to exactly the length asked', () => {
    const texts = playgroundTexts({
      level: 20,
      extraTags: '',
      text: 'Hi',
      count: 3,
      length: 300,
      link: false,
      minLevel: null,
    })
    expect(texts.map((t) => t.slice(0, 9))).toEqual(['Hi (1/3) ', 'Hi (2/3) ', 'Hi (3/3) '])
    expect(texts.map((t) => t.length)).toEqual([300, 300, 300])
    expect(
      playgroundTexts({
        level: 20,
        extraTags: '',
        text: 'Hi',
        count: 1,
        length: 0,
        link: false,
        minLevel: null,
      }),
    ).toEqual(['Hi'])
  })
})

describe('storage switch', () => {
  test('unknown cookie values mean fallback', () => {
    expect([storageName('cookie'), storageName('session'), storageName('x'), storageName(undefined)]).toEqual(
      ['cookie', 'session', 'fallback', 'fallback'],
    )
  })

  test('the report as text', () => {
    expect(
      whereText({
        storage: 'fallback',
        scope: 'none',
        cookieChars: 1843,
        maxCookieSize: 2048,
        sessionMessages: 1,
      }),
    ).toEqual({
      cookie: '1843 of 2048 characters',
      session: '1 message',
    })
    expect(
      whereText({
        storage: 'cookie',
        scope: 'redirect',
        cookieChars: null,
        maxCookieSize: 2048,
        sessionMessages: 0,
      }),
    ).toEqual({
      cookie: 'none',
      session: 'not used',
    })
  })
})

describe('withLink', () => {
  test('escapes the text and appends the server-written link, as a SafeString', () => {
    const html = withLink('<img src=x onerror="alert(1)">')
    expect(isSafe(html)).toBe(true)
    expect(html.value).toBe(
      '&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <a href="/">Back to your notes</a>',
    )
  })
})
