import { describe, expect, it } from 'vitest'
import { Message } from '../src/message.js'
import { assertMessages, MessagesAssertionError } from '../src/testing.js'

const five = [
  new Message(10, 'DEBUG message.'),
  new Message(20, 'INFO message.'),
  new Message(25, 'SUCCESS message.'),
  new Message(30, 'WARNING message.'),
  new Message(40, 'ERROR message.'),
]

describe('assertMessages (Django AssertMessagesTest)', () => {
  it('test_assertion: passes with the same messages in order', () => {
    expect(() =>
      assertMessages(
        five,
        five.map((m) => new Message(m.level, String(m))),
      ),
    ).not.toThrow()
  })

  it('test_with_tags: extra tags are not compared', () => {
    expect(() =>
      assertMessages([new Message(20, 'x', 'extra-info')], [{ level: 20, message: 'x' }]),
    ).not.toThrow()
  })

  it('test_custom_levelname: custom levels compare by number', () => {
    expect(() =>
      assertMessages([new Message(42, 'CUSTOM message.')], [new Message(42, 'CUSTOM message.')]),
    ).not.toThrow()
  })

  it('test_ordered: order matters unless ordered is false', () => {
    const actual = [new Message(20, 'First message.'), new Message(30, 'Second message.')]
    const reversed = [...actual].reverse()
    expect(() => assertMessages(actual, reversed, { ordered: false })).not.toThrow()
    expect(() => assertMessages(actual, reversed)).toThrow(
      "Messages differ: [Message(level=20, message='First message.'), Message(level=30, message='Second message.')] != " +
        "[Message(level=30, message='Second message.'), Message(level=20, message='First message.')]",
    )
  })

  it('test_mismatching_length: throws an AssertionError with actual and expected', () => {
    try {
      assertMessages([new Message(20, 'INFO message.')], [])
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(MessagesAssertionError)
      expect((error as Error).name).toBe('AssertionError')
      expect((error as MessagesAssertionError).actual).toEqual(["Message(level=20, message='INFO message.')"])
      expect((error as MessagesAssertionError).expected).toEqual([])
      // The stack starts at the caller, not inside the helper.
      expect((error as Error).stack?.split('\n')[1]).not.toContain('testing.ts')
    }
  })

  it('unordered comparison still counts duplicates', () => {
    expect(() =>
      assertMessages([new Message(20, 'a'), new Message(20, 'a')], [new Message(20, 'a')], {
        ordered: false,
      }),
    ).toThrow('Messages differ (unordered)')
  })
})
