/**
 * Django's context processor with hono/jsx: `messagesContext(c)` in a `jsxRenderer` layout, so
 * `message.level == DEFAULT_MESSAGE_LEVELS.ERROR` templates port directly.
 */
import { Hono } from 'hono'
import { raw } from 'hono/html'
import { jsxRenderer } from 'hono/jsx-renderer'
import { expect, test } from 'vitest'
import { error, type FlashEnv, flash, info, isSafe, markSafe, messagesContext } from '../src/index.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

function app() {
  const app = new Hono<FlashEnv>()
  app.use(flash({ secret: SECRET }))
  app.use(
    jsxRenderer(({ children }, c) => {
      const { messages, DEFAULT_MESSAGE_LEVELS } = messagesContext(c)
      return (
        <body>
          {messages.length > 0 && (
            <ul class="messages">
              {[...messages].map((message) => (
                <li class={message.tags || undefined}>
                  {message.level === DEFAULT_MESSAGE_LEVELS.ERROR && 'Important: '}
                  {isSafe(message.message) ? raw(message.message.value) : String(message)}
                </li>
              ))}
            </ul>
          )}
          {children}
        </body>
      )
    }),
  )
  app.post('/pay', (c) => {
    info(c, 'Card <b>ending</b> 4242')
    error(c, markSafe('Payment failed. <a href="/billing">Update your card</a>'), { extraTags: 'billing' })
    return c.redirect('/')
  })
  app.get('/', (c) => c.render(<h1>Account</h1>))
  return app
}

test('a layout with DEFAULT_MESSAGE_LEVELS: exact markup, then consumed', async () => {
  const a = app()
  const client = browser((path, init) => a.request(path, init))
  await client.request('/pay', { method: 'POST' })
  const page = await client.request('/')
  expect(page.text).toBe(
    '<!DOCTYPE html><body><ul class="messages">' +
      '<li class="info">Card &lt;b&gt;ending&lt;/b&gt; 4242</li>' +
      '<li class="billing error">Important: Payment failed. <a href="/billing">Update your card</a></li>' +
      '</ul><h1>Account</h1></body>',
  )
  expect(page.setCookies).toEqual([
    'messages=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax',
  ])
  expect((await client.request('/')).text).toBe('<!DOCTYPE html><body><h1>Account</h1></body>')
})
