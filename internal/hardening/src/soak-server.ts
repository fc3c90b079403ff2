/**
 * @module
 * The soak script's server: one hardening app on 127.0.0.1 in its own process, so its RSS is the
 * server's alone. Talks to the parent over IPC: sends `{ port }`, answers `rss` and `stop`.
 *
 * Usage (by soak.ts): node --import tsx src/soak-server.ts <fastify|koa|hono|express> <cookie|session|fallback>
 */
import { type AdapterName, listenApp, SECRET } from './apps/index.js'

const [adapter, storage] = process.argv.slice(2) as [AdapterName, 'cookie' | 'session' | 'fallback']
const server = await listenApp(adapter, { flash: { secret: SECRET, storage }, session: storage !== 'cookie' })
process.send?.({ type: 'ready', port: server.port })
process.on('message', async (message: { type: string }) => {
  if (message.type === 'rss') {
    process.send?.({
      type: 'rss',
      rss: process.memoryUsage().rss,
      warnings: server.counters.warnings.length,
      sessionWrites: server.counters.sessionWrites,
    })
  } else if (message.type === 'stop') {
    await server.close()
    process.exit(0)
  }
})
// Never outlive the parent.
process.on('disconnect', () => process.exit(0))
