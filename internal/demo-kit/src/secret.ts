/**
 * @module
 * The demos' signing secret: `FLASH_SECRET`, or a random one for development with a warning.
 */
import { randomBytes } from 'node:crypto'

/**
 * `env.FLASH_SECRET` when set; otherwise a random 32-byte secret, and a warning that messages in
 * flight will not survive a restart.
 *
 * @example
 * const secret = demoSecret()
 */
export function demoSecret(
  env: Readonly<Record<string, string | undefined>> = process.env,
  warn: (text: string) => void = console.warn,
): string {
  const given = env['FLASH_SECRET']
  if (given) return given
  warn(
    'FLASH_SECRET is not set: using a random development secret. Messages waiting in cookies will not ' +
      'survive a restart; set FLASH_SECRET (32 characters or more) outside development.',
  )
  return randomBytes(32).toString('base64url')
}

/** A random secret for a session plugin's in-memory store (its sessions die with the process anyway). */
export function sessionSecret(): string {
  return randomBytes(32).toString('hex')
}
