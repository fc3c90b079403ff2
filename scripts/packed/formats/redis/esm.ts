// @flash/redis from an ES module, in the same program as cjs.cts.
import cookie from '@fastify/cookie'
import flash, { type BaseStorage, renderMessages } from '@flash/fastify'
import { type RedisClient, RedisStorage, redisStorage } from '@flash/redis'
import Fastify from 'fastify'

declare const secret: string
declare const client: RedisClient
const app = Fastify()
await app.register(cookie)
await app.register(flash, { secret, storage: redisStorage({ client }) })
app.get('/', async (request) => {
  const storage: BaseStorage = request.messages
  return renderMessages(storage) + String(storage instanceof RedisStorage)
})
