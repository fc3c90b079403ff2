// @flash/core from CommonJS: its classes are the ones every adapter's augmentation names.
import core = require('@flash/core')
import testing = require('@flash/core/testing')

export function show(storage: core.BaseStorage): string {
  const messages: core.Message[] = [...storage]
  const expected: testing.ExpectedMessage[] = [new core.Message(core.SUCCESS, 'Saved.')]
  return core.renderMessages(storage) + core.renderMessages(messages) + String(expected.length)
}
