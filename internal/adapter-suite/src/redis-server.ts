/**
 * @module
 * A real redis-server for one test file (the @flash/redis tests, the demos' Redis browser test): started on a free loopback port without persistence,
 * stopped (or killed and restarted, for outage tests) on demand.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer, Socket } from 'node:net'

export interface RedisServer {
  readonly port: number
  readonly url: string
  /** Stop the server (SIGTERM) and wait for it to exit. */
  stop(): Promise<void>
  /** Start it again on the same port, empty. */
  start(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket()
    socket.once('error', () => resolve(false))
    socket.connect(port, '127.0.0.1', () => socket.write('PING\r\n'))
    socket.once('data', (data) => {
      socket.destroy()
      resolve(data.toString().startsWith('+PONG'))
    })
  })
}

/**
 * @example
 * const redis = await startRedis()
 * afterAll(() => redis.stop())
 */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--enable-debug-command',
        'local',
      ],
      { stdio: 'ignore' },
    )
    for (let i = 0; i < 200; i++) {
      if (await ping(port)) return
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    throw new Error(`redis-server did not start on port ${port}`)
  }
  const stop = async () => {
    const running = child
    child = undefined
    if (!running || running.exitCode !== null) return
    const exited = new Promise((resolve) => running.once('exit', resolve))
    running.kill('SIGTERM')
    await exited
  }
  await start()
  return { port, url: `redis://127.0.0.1:${port}`, stop, start }
}
