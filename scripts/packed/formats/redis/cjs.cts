// @flash/redis from CommonJS, its storage given to an adapter and read through its augmentation.
import Fastify = require('fastify')
import cookie = require('@fastify/cookie')
import flash = require('@flash/fastify')
import redis = require('@flash/redis')

declare const secret: string
declare const client: redis.RedisClient
const app = Fastify.default()
void app.register(cookie.default)
void app.register(flash.flash, { secret, storage: redis.redisStorage({ client }) })
app.get('/', async (request) => {
  const storage: flash.BaseStorage = request.messages
  return flash.renderMessages(storage) + String(storage instanceof redis.RedisStorage)
})
