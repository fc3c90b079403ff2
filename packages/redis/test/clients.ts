/**
 * Both Redis clients of Node, connected to one test server, each in its current major (6) and the
 * one before (5): @flash/redis tells them apart by shape, and a registry install gets the newest.
 */
import { Redis } from 'ioredis'
import { Redis as Redis6 } from 'ioredis6'
import { createClient } from 'redis'
import { createClient as createClient6 } from 'redis6'
import type { RedisClient } from '../src/index.js'

export type ClientName = 'node-redis' | 'ioredis' | 'node-redis 6' | 'ioredis 6'
export const CLIENTS: readonly ClientName[] = ['node-redis', 'ioredis', 'node-redis 6', 'ioredis 6']

export interface TestClient {
  readonly client: RedisClient
  /** A raw command, for assertions (`LRANGE`, `INFO`...). */
  command(args: string[]): Promise<unknown>
  close(): Promise<void>
}

export async function connect(name: ClientName, url: string): Promise<TestClient> {
  if (name === 'node-redis') return nodeRedis(createClient({ url }))
  if (name === 'node-redis 6') return nodeRedis(createClient6({ url }))
  const options = { lazyConnect: true, maxRetriesPerRequest: 1 }
  return ioredis(name === 'ioredis' ? new Redis(url, options) : new Redis6(url, options))
}

/** What the tests use of a node-redis client, the same in both majors. */
interface NodeRedisLike {
  on(event: 'error', listener: () => void): unknown
  connect(): Promise<unknown>
  sendCommand(args: string[]): Promise<unknown>
  destroy(): void
  readonly isReady: boolean
}

async function nodeRedis(client: NodeRedisLike): Promise<TestClient> {
  // node-redis emits 'error' while reconnecting; an unhandled 'error' event would crash the test.
  client.on('error', () => {})
  await client.connect()
  return {
    client,
    command: (args) => client.sendCommand(args),
    close: async () => {
      client.destroy()
    },
  }
}

/** What the tests use of an ioredis client, the same in both majors. */
interface IoRedisLike {
  on(event: 'error', listener: () => void): unknown
  connect(): Promise<unknown>
  call(command: string, args: (string | number)[]): Promise<unknown>
  disconnect(): void
  readonly status: string
}

async function ioredis(client: IoRedisLike): Promise<TestClient> {
  client.on('error', () => {})
  await client.connect()
  return {
    client,
    command: ([command, ...args]) => client.call(command!, args),
    close: async () => {
      client.disconnect()
    },
  }
}

/**
 * The commands the Redis server ran during `action`, by name, counted with `INFO commandstats`
 * through `observer` (a connection of its own; its INFO and CONFIG calls are left out).
 */
export async function commandsRunDuring(
  observer: TestClient,
  action: () => Promise<unknown>,
): Promise<Record<string, number>> {
  await observer.command(['CONFIG', 'RESETSTAT'])
  await action()
  const info = String(await observer.command(['INFO', 'commandstats']))
  const counts: Record<string, number> = {}
  for (const [, name, calls] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (name !== 'info' && !name!.startsWith('config')) counts[name!] = Number(calls)
  }
  return counts
}

/**
 * The keys matching `pattern`, without the settles' reply keys (`<list>:settle:<id>`, kept a
 * minute so that a resent settle changes nothing): what holds messages.
 */
export async function mailboxKeys(client: TestClient, pattern: string): Promise<string[]> {
  const keys = (await client.command(['KEYS', pattern])) as string[]
  return keys.filter((key) => !key.includes(':settle:'))
}
