// @flash/fastify from CommonJS: the augmented `request.messages` is the storage the required core
// functions take.
import Fastify = require('fastify')
import cookie = require('@fastify/cookie')
import flash = require('@flash/fastify')

declare const secret: string

const app = Fastify.default()
void app.register(cookie.default)
void app.register(flash.flash, { secret })
app.get('/', async (request) => {
  const storage: flash.BaseStorage = request.messages
  for (const message of request.messages) {
    const shown: flash.Message = message
    void shown
  }
  return flash.renderMessages(storage) + flash.renderMessages(flash.getMessages(request))
})
app.post('/notes', { config: { successMessage: 'Note saved.' } }, async () => 'saved')
