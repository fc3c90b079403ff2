/**
 * Django's message JSON: the encoder and the recursive decoder, and the strict reading of a stored
 * list (anything but well-formed messages, optionally ending with the sentinel, is bad data).
 */
import { describe, expect, it } from 'vitest'
import {
  decodeMessageJson,
  encodeMessageJson,
  INFO,
  levelTags,
  Message,
  markSafe,
  NOT_FINISHED,
  parseMessageList,
  serializeMessage,
} from '../src/index.js'
import { parseMessageJson } from '../src/serializer.js'

const tags = levelTags()

describe('encoding', () => {
  it('writes a message as ["__json_message", safe, level, text, extraTags?]', () => {
    expect(serializeMessage(new Message(INFO, 'hi', ''))).toBe('["__json_message",0,20,"hi",""]')
    expect(serializeMessage(new Message(INFO, markSafe('<b>'), null))).toBe('["__json_message",1,20,"<b>"]')
    expect(serializeMessage(new Message(INFO, 'hi', 'x'), 'default')).toBe(
      '["__json_message", 0, 20, "hi", "x"]',
    )
  })

  it('writes a safe string outside a message as its text', () => {
    expect(encodeMessageJson({ note: markSafe('<i>x</i>') })).toBe('{"note":"<i>x</i>"}')
  })
})

describe('decodeMessageJson', () => {
  it('revives messages at any depth and leaves other lists alone', () => {
    const decoded = decodeMessageJson(
      '{"a":[["__json_message",1,20,"x"],["__json_message",0,20,"y",5],["other",1]],"b":null}',
    ) as { a: unknown[]; b: null }
    expect(decoded.a[0]).toEqual(new Message(INFO, markSafe('x')))
    expect(decoded.a[1]).toEqual(['__json_message', 0, 20, 'y', 5])
    expect(decoded.a[2]).toEqual(['other', 1])
    expect(decoded.b).toBeNull()
  })

  it('throws on invalid JSON (storages use the strict reader instead)', () => {
    expect(() => decodeMessageJson('[')).toThrow(SyntaxError)
  })
})

describe('parseMessageList', () => {
  it('reads messages and a trailing sentinel', () => {
    expect(parseMessageList([['__json_message', 0, 20, 'x', 't'], NOT_FINISHED], tags)).toEqual({
      messages: [new Message(INFO, 'x', 't')],
      notFinished: true,
    })
    expect(parseMessageList([], tags)).toEqual({ messages: [], notFinished: false })
  })

  it.each([
    ['not a list', { a: 1 }],
    ['a string item', ['test']],
    ['the sentinel not last', [NOT_FINISHED, ['__json_message', 0, 20, 'x']]],
    ['too short', [['__json_message', 0, 20]]],
    ['too long', [['__json_message', 0, 20, 'x', '', 'extra']]],
    ['another key', [['__json_msg', 0, 20, 'x']]],
    ['a fractional level', [['__json_message', 0, 20.5, 'x']]],
    ['a string level', [['__json_message', 0, '20', 'x']]],
    ['a non-string text', [['__json_message', 0, 20, 5]]],
    ['non-string extra tags', [['__json_message', 0, 20, 'x', 5]]],
  ])('reads %s as bad data', (_, data) => {
    expect(parseMessageList(data, tags)).toBeNull()
  })

  it('reads null extra tags as none, and invalid JSON text as bad data', () => {
    expect(parseMessageList([['__json_message', 0, 20, 'x', null]], tags)!.messages[0]!.extraTags).toBeNull()
    expect(parseMessageJson('[["__json_message"', tags)).toBeNull()
  })
})
