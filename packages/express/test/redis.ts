/**
 * A real redis-server on a free loopback port (no persistence), and connect-redis stores on it
 * that count their writes, for the tests that need an asynchronous express-session store.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { RedisStore } from 'connect-redis'
import type session from 'express-session'
import { createClient } from 'redis'

export interface RedisServer {
  readonly url: string
  stop(): Promise<void>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

/** Start redis-server; resolves once it accepts connections. */
export async function startRedis(): Promise<RedisServer> {
  const port = await freePort()
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  await new Promise<void>((resolve, reject) => {
    let output = ''
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes('Ready to accept connections')) resolve()
    })
    child.once('error', reject)
    child.once('exit', (code) =>
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`)),
    )
  })
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

let prefixes = 0

/** The commands the tests use (the client's full generic type does not fit connect-redis's). */
interface RedisCommands {
  keys(pattern: string): Promise<string[]>
  mGet(keys: string[]): Promise<(string | null)[]>
  quit(): Promise<unknown>
}

/** A connect-redis store with its own key prefix and client, counting set and destroy. */
export class CountingRedisStore extends RedisStore {
  writes = 0
  readonly #client: RedisCommands

  constructor(client: RedisCommands) {
    super({ client, prefix: `sess${++prefixes}:` })
    this.#client = client
  }

  static async connect(url: string): Promise<CountingRedisStore> {
    const client = createClient({ url })
    await client.connect()
    return new CountingRedisStore(client as unknown as RedisCommands)
  }

  override set(sid: string, data: session.SessionData, callback?: (error?: unknown) => void) {
    this.writes++
    return super.set(sid, data, callback)
  }

  override destroy(sid: string, callback?: (error?: unknown) => void) {
    this.writes++
    return super.destroy(sid, callback)
  }

  /** The raw session JSON strings this store holds. */
  async values(): Promise<string[]> {
    const keys = await this.#client.keys(`${this.prefix}*`)
    return keys.length === 0 ? [] : ((await this.#client.mGet(keys)).filter((v) => v !== null) as string[])
  }

  async close(): Promise<void> {
    await this.#client.quit()
  }
}
