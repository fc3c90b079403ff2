// @flash/hono from an ES module, in the same program as cjs.cts.
import { type BaseStorage, type FlashEnv, flash, type Message, renderMessages } from '@flash/hono'
import { Hono } from 'hono'

declare const secret: string

const app = new Hono<FlashEnv>()
app.use(flash({ secret }))
app.get('/', (c) => {
  const storage: BaseStorage = c.var.messages
  for (const message of c.get('messages')) {
    const shown: Message = message
    void shown
  }
  return c.html(renderMessages(storage))
})

const plain = new Hono()
plain.use(flash({ secret }))
plain.get('/', (c) => {
  const storage: BaseStorage = c.var.messages
  return c.html(renderMessages(storage) + renderMessages(c.get('messages')))
})
