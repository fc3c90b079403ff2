// @flash/hono from CommonJS: `c.var.messages`, typed by FlashEnv or, without it, by the
// ContextVariableMap augmentation, is the storage the required core functions take.
import hono = require('hono')
import flash = require('@flash/hono')

declare const secret: string

const app = new hono.Hono<flash.FlashEnv>()
app.use(flash.flash({ secret }))
app.get('/', (c) => {
  const storage: flash.BaseStorage = c.var.messages
  for (const message of c.get('messages')) {
    const shown: flash.Message = message
    void shown
  }
  return c.html(flash.renderMessages(storage))
})

const plain = new hono.Hono()
plain.use(flash.flash({ secret }))
plain.get('/', (c) => {
  const storage: flash.BaseStorage = c.var.messages
  return c.html(flash.renderMessages(storage) + flash.renderMessages(c.get('messages')))
})
