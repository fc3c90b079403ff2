// @flash/koa from CommonJS: the augmented `ctx.messages` and `ctx.state.messages` are the storage
// the required core functions take.
import Koa = require('koa')
import flash = require('@flash/koa')

declare const secret: string

const app = new Koa()
app.use(flash.flash({ secret }))
app.use(async (ctx) => {
  const storage: flash.BaseStorage = ctx.messages
  for (const message of ctx.state.messages) {
    const shown: flash.Message = message
    void shown
  }
  ctx.body = flash.renderMessages(storage) + flash.renderMessages(ctx.state.messages)
})
