// @flash/fastify from an ES module, in the same program as cjs.cts.
import cookie from '@fastify/cookie'
import flash, { type BaseStorage, getMessages, type Message, renderMessages } from '@flash/fastify'
import Fastify from 'fastify'

declare const secret: string

const app = Fastify()
await app.register(cookie)
await app.register(flash, { secret })
app.get('/', async (request) => {
  const storage: BaseStorage = request.messages
  for (const message of request.messages) {
    const shown: Message = message
    void shown
  }
  return renderMessages(storage) + renderMessages(getMessages(request))
})
app.post('/notes', { config: { successMessage: 'Note saved.' } }, async () => 'saved')
