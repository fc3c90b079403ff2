/**
 * One app in its own process, for the two-process and kill tests:
 * `FRAMEWORK=koa CLIENT=ioredis REDIS_URL=... LEASE_SECONDS=1 node --import tsx test/app-process.ts`
 * prints `{"url": ...}` once listening.
 */
import { type Framework, startApp } from './apps.js'
import { type ClientName, connect } from './clients.js'

const env = process.env
const client = await connect((env['CLIENT'] ?? 'node-redis') as ClientName, env['REDIS_URL']!)
const app = await startApp((env['FRAMEWORK'] ?? 'fastify') as Framework, {
  client: client.client,
  leaseSeconds: Number(env['LEASE_SECONDS'] ?? 30),
})
process.stdout.write(`${JSON.stringify({ url: app.url })}\n`)
