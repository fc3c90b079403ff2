import { describe, expect, it } from 'vitest'
import { FlashError } from '../src/errors.js'
import { formatMessage, successMessageFor } from '../src/success-message.js'

describe('formatMessage (Python % with a mapping)', () => {
  it('test_set_messages_success: %(name)s from the form', () => {
    expect(
      formatMessage('%(name)s was created successfully', { name: 'John Doe', slug: 'success-msg' }),
    ).toBe('John Doe was created successfully')
  })

  it('supports d, i, f with precision, r and %%', () => {
    expect(
      formatMessage('%(n)d items, %(m)i left, %(p).2f EUR, %(s)r, 100%%', { n: '3.7', m: 2, p: 9.5, s: 'x' }),
    ).toBe("3 items, 2 left, 9.50 EUR, 'x', 100%")
    expect(formatMessage('%(p)f', { p: 1 })).toBe('1.000000')
  })

  it("formats a JSON body's objects as JSON text, even one whose toString is data, never throwing", () => {
    // A client's `{"name": {"toString": 1}}`: String() and Number() would throw on it.
    const hostile = JSON.parse('{"name": {"toString": 1}, "tags": [{"valueOf": 0}], "n": {"toString": 1}}')
    expect(formatMessage('%(name)s was created', hostile)).toBe('{"toString":1} was created')
    expect(formatMessage('%(tags)s', hostile)).toBe('{"valueOf":0}')
    expect(formatMessage('%(n)d %(n)r', hostile)).toBe('NaN \'{"toString":1}\'')
  })

  it('uses the last value of a repeated form field, as Django does', () => {
    expect(formatMessage('%(tag)s', { tag: ['a', 'b'] })).toBe('b')
  })

  it('escapes nothing: templates escape', () => {
    expect(formatMessage('%(name)s saved', { name: '<b>x</b>' })).toBe('<b>x</b> saved')
  })

  it('a missing field is an error naming it and the fields there are, never "undefined"', () => {
    expect(() => formatMessage('%(nmae)s was created', { name: 'x', slug: 'y' })).toThrow(
      new FlashError(
        '@flash/core: success message "%(nmae)s was created" uses %(nmae)s but the form has no field "nmae" (fields: name, slug)',
      ),
    )
    expect(() => formatMessage('%(a)s', {})).toThrow('(fields: none)')
  })

  it('leaves text without placeholders alone', () => {
    expect(formatMessage('Object was deleted successfully', {})).toBe('Object was deleted successfully')
  })
})

describe('successMessageFor', () => {
  it('formats a template from the body', () => {
    expect(successMessageFor('%(title)s saved', { title: 'Groceries' }, undefined)).toBe('Groceries saved')
  })

  it('reads URLSearchParams bodies', () => {
    expect(successMessageFor('%(title)s saved', new URLSearchParams('title=Milk'), undefined)).toBe(
      'Milk saved',
    )
  })

  it('calls a function with the body and the result (get_success_message)', () => {
    expect(
      successMessageFor(
        (body: { title: string }, note: { id: number }) => `${body.title} is #${note.id}`,
        { title: 'A' },
        { id: 7 },
      ),
    ).toBe('A is #7')
  })

  it('an empty template or an empty function result adds nothing', () => {
    expect(successMessageFor('', { a: 1 }, undefined)).toBeNull()
    expect(successMessageFor(() => undefined, {}, undefined)).toBeNull()
    expect(successMessageFor(() => '', {}, undefined)).toBeNull()
  })
})
