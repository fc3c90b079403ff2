/**
 * @module
 * The two Redis clients of Node, told apart by shape: node-redis (`redis` v5 and v6) sends a raw
 * command with `sendCommand(args)`, ioredis (v5 and v6) with `call(command, args)`. @flash/redis needs
 * nothing else from them, so it depends on neither.
 */
import { FlashConfigError } from '@flash/core'
import { keepStringPrototypeFast } from './string-prototype.js'

/** The part of a node-redis client (v5, v6) (`createClient()`) that @flash/redis uses. */
export interface NodeRedisClient {
  sendCommand(args: string[]): Promise<unknown>
  readonly isReady: boolean
  /** `false` before `connect()` and after `close()`/`destroy()`: no reconnect is coming. */
  readonly isOpen?: boolean
}

/** The part of an ioredis client (v5, v6) (`new Redis()`) that @flash/redis uses. */
export interface IoRedisClient {
  call(command: string, args: (string | number)[]): Promise<unknown>
  readonly status: string
}

/** A connected node-redis or ioredis client. */
export type RedisClient = NodeRedisClient | IoRedisClient

/** One way to send a raw command, whatever the client. */
export interface CommandSender {
  send(args: string[]): Promise<unknown>
  /**
   * Why commands cannot run now, as the client knows it (they then fail at once, not after a
   * timeout), or `undefined` when they can.
   */
  unavailable(): string | undefined
}

const RECONNECTING = 'the client is reconnecting'
/** node-redis does not tell a client never connected from one closed: both are not open. */
const NEVER_CONNECTED_OR_CLOSED =
  'the node-redis client is not connected: call `await client.connect()` before serving requests, and do not ' +
  'close it while the app runs'
const CLOSED = 'the client was closed (quit, close or disconnect); pass a connected client'

/** ioredis states in which a command would wait for a reconnect instead of running, and why. */
const IOREDIS_DOWN = new Map([
  ['reconnecting', RECONNECTING],
  ['close', RECONNECTING],
  ['end', CLOSED],
])

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
      unavailable: () => IOREDIS_DOWN.get(ioredis.status),
    }
  }
  if (typeof c?.sendCommand === 'function') {
    // node-redis is loaded by now: undo what its v5 does to String.prototype (see the module).
    keepStringPrototypeFast()
    const nodeRedis = c as NodeRedisClient
    return {
      send: (args) => nodeRedis.sendCommand(args),
      unavailable: () => {
        if (nodeRedis.isReady !== false) return undefined
        // Never opened, or closed: only a reconnecting client is still open.
        return nodeRedis.isOpen === false ? NEVER_CONNECTED_OR_CLOSED : RECONNECTING
      },
    }
  }
  throw new FlashConfigError(
    `${option} must be a connected node-redis client (await createClient({ url }).connect(), from "redis" v5 or v6) ` +
      'or an ioredis client (new Redis(url), from "ioredis" v5 or v6)',
  )
}
