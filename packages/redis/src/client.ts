/**
 * @module
 * The two Redis clients of Node, told apart by shape: node-redis (`redis` v5) sends a raw
 * command with `sendCommand(args)`, ioredis (v5) with `call(command, args)`. @flash/redis needs
 * nothing else from them, so it depends on neither.
 */
import { FlashConfigError } from '@flash/core'

/** The part of a node-redis v5 client (`createClient()`) that @flash/redis uses. */
export interface NodeRedisClient {
  sendCommand(args: string[]): Promise<unknown>
  readonly isReady: boolean
}

/** The part of an ioredis v5 client (`new Redis()`) that @flash/redis uses. */
export interface IoRedisClient {
  call(command: string, args: (string | number)[]): Promise<unknown>
  readonly status: string
}

/** A connected node-redis or ioredis client. */
export type RedisClient = NodeRedisClient | IoRedisClient

/** One way to send a raw command, whatever the client. */
export interface CommandSender {
  send(args: string[]): Promise<unknown>
  /** `false` while the client knows the server is unreachable: commands then fail at once. */
  ready(): boolean
}

/** ioredis states in which a command would wait for a reconnect instead of running. */
const IOREDIS_DOWN = new Set(['reconnecting', 'close', 'end'])

/**
 * A sender for `client`, or a {@link FlashConfigError} naming `option` when it is neither client.
 *
 * @example
 * const sender = commandSender(await createClient({ url }).connect(), '@flash/redis: option "client"')
 * await sender.send(['PING'])
 */
export function commandSender(client: unknown, option: string): CommandSender {
  const c = client as Partial<NodeRedisClient & IoRedisClient> | null | undefined
  // ioredis first: it has an internal sendCommand(Command) too.
  if (typeof c?.call === 'function' && typeof c.status === 'string') {
    const ioredis = c as IoRedisClient
    return {
      send: ([command, ...args]) => ioredis.call(command!, args),
      ready: () => !IOREDIS_DOWN.has(ioredis.status),
    }
  }
  if (typeof c?.sendCommand === 'function') {
    const nodeRedis = c as NodeRedisClient
    return { send: (args) => nodeRedis.sendCommand(args), ready: () => nodeRedis.isReady !== false }
  }
  throw new FlashConfigError(
    `${option} must be a connected node-redis client (await createClient({ url }).connect(), from "redis" v5) ` +
      'or an ioredis client (new Redis(url), from "ioredis" v5)',
  )
}
