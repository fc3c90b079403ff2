/**
 * @module
 * The redis-server of the Redis rows: started for the run when installed (its URL goes to the
 * server children in `REDIS_URL`), stopped when the bench exits.
 */
import { execFileSync } from 'node:child_process'
import { startRedis } from '@flash/adapter-suite/redis-server'

/** `undefined` when redis-server is missing; a `REDIS_URL` already set is used as is (not stopped). */
export async function startBenchRedis(): Promise<{ url: string; stop?: () => Promise<void> } | undefined> {
  if (process.env['REDIS_URL']) return { url: process.env['REDIS_URL'] }
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' })
  } catch {
    console.log('redis-server is not installed: the Redis rows are left out')
    return undefined
  }
  const redis = await startRedis()
  process.env['REDIS_URL'] = redis.url
  process.once('exit', () => void redis.stop())
  return redis
}
