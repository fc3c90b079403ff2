import { describe, expect, it } from 'vitest'
import { escapeHtml, messageRole, renderMessageItems, renderMessages } from '../src/html.js'
import { Message } from '../src/message.js'
import { markSafe } from '../src/safe.js'

describe('renderMessages', () => {
  it("renders Django's canonical list, escaping text and tags", () => {
    const html = renderMessages([
      new Message(25, 'Saved <b>now</b> & "then"', ''),
      new Message(40, 'Failed', 'billing x"y'),
      new Message(12, 'untagged', null),
    ])
    expect(html).toBe(
      '<ul class="messages" data-turbo-temporary hx-history="false">' +
        '<li class="success" role="status">Saved &lt;b&gt;now&lt;/b&gt; &amp; &quot;then&quot;</li>' +
        '<li class="billing x&quot;y error" role="alert">Failed</li>' +
        '<li role="status">untagged</li>' +
        '</ul>',
    )
  })

  it('renders safe messages unescaped', () => {
    expect(renderMessages([new Message(20, markSafe('<a href="/x">link</a>'))])).toBe(
      '<ul class="messages" data-turbo-temporary hx-history="false"><li class="info" role="status"><a href="/x">link</a></li></ul>',
    )
  })

  it('renders nothing for no messages', () => {
    expect(renderMessages([])).toBe('')
  })

  it('keeps the canonical items: the whole list is temporary, not each item', () => {
    expect(renderMessages([new Message(25, 'Saved')])).toBe(
      '<ul class="messages" data-turbo-temporary hx-history="false"><li class="success" role="status">Saved</li></ul>',
    )
  })
})

describe('renderMessageItems', () => {
  it('marks each item data-turbo-temporary, for a list that stays on the page (a Turbo Stream target)', () => {
    expect(
      renderMessageItems([
        new Message(25, 'Saved <b>now</b>', ''),
        new Message(40, markSafe('<a href="/x">Retry</a>'), 'billing'),
        new Message(12, 'untagged', null),
      ]),
    ).toBe(
      '<li class="success" role="status" data-turbo-temporary>Saved &lt;b&gt;now&lt;/b&gt;</li>' +
        '<li class="billing error" role="alert" data-turbo-temporary><a href="/x">Retry</a></li>' +
        '<li role="status" data-turbo-temporary>untagged</li>',
    )
  })

  it('renders nothing for no messages', () => {
    expect(renderMessageItems([])).toBe('')
  })
})

describe('messageRole and escapeHtml', () => {
  it('roles: status below WARNING, alert from WARNING', () => {
    expect([10, 20, 25, 29, 30, 40, 50].map((l) => messageRole(new Message(l, 'x')))).toEqual([
      'status',
      'status',
      'status',
      'status',
      'alert',
      'alert',
      'alert',
    ])
  })

  it('escapeHtml escapes the five HTML specials', () => {
    expect(escapeHtml(`<>&"'`)).toBe('&lt;&gt;&amp;&quot;&#39;')
  })
})
