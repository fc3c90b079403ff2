// @flash/koa from an ES module, in the same program as cjs.cts.
import { type BaseStorage, flash, type Message, renderMessages } from '@flash/koa'
import Koa from 'koa'

declare const secret: string

const app = new Koa()
app.use(flash({ secret }))
app.use(async (ctx) => {
  const storage: BaseStorage = ctx.messages
  for (const message of ctx.state.messages) {
    const shown: Message = message
    void shown
  }
  ctx.body = renderMessages(storage) + renderMessages(ctx.state.messages)
})
