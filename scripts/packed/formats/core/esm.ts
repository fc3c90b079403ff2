// @flash/core from an ES module, in the same program as cjs.cts, whose helper it calls: one
// BaseStorage, one Message for both formats.
import { type BaseStorage, Message, renderMessages, SUCCESS } from '@flash/core'
import type { ExpectedMessage } from '@flash/core/testing'
import { show as showFromCjs } from './cjs.cjs'

export function show(storage: BaseStorage): string {
  const messages: Message[] = [...storage]
  const expected: ExpectedMessage[] = [new Message(SUCCESS, 'Saved.')]
  return renderMessages(storage) + renderMessages(messages) + String(expected.length) + showFromCjs(storage)
}
