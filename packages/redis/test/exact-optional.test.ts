/**
 * Under `exactOptionalPropertyTypes`, an option typed `prefix?: string` refuses
 * `process.env.REDIS_PREFIX` (`string | undefined`), though `undefined` means "the default" at
 * runtime. The repository compiles without that flag (and `?: T` is `?: T | undefined` then), so
 * the types are checked here by compiling code with it, and the runtime by resolving each option
 * set to `undefined`.
 */
import { fileURLToPath } from 'node:url'
import { createClient } from 'redis'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import type { RedisStorageOptions } from '../src/index.js'
import { type ResolvedRedisOptions, resolveRedisOptions } from '../src/options.js'

/** The type errors of `code`, compiled as a file of this directory with the package's settings plus the flag. */
function typeErrorsWithExactOptional(code: string): string[] {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const file = `${here}exact-optional.fixture.ts`
  const config = ts.getParsedCommandLineOfConfigFile(
    `${here}../tsconfig.json`,
    { exactOptionalPropertyTypes: true, noEmit: true },
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => expect.fail(String(d.messageText)) },
  )
  if (config === undefined) return expect.fail('tsconfig.json not found')
  const host = ts.createCompilerHost(config.options)
  const { fileExists, readFile } = host
  host.fileExists = (name) => name === file || fileExists.call(host, name)
  host.readFile = (name) => (name === file ? code : readFile.call(host, name))
  const program = ts.createProgram([file], config.options, host)
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(file))
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '))
}

describe('optional options take undefined (exactOptionalPropertyTypes)', () => {
  it('type-check from the environment, every optional option of redisStorage and createNotifier', () => {
    const errors = typeErrorsWithExactOptional(`
      import { createClient } from 'redis'
      import { createNotifier, type NotifierOptions, redisStorage, type RedisStorageOptions } from '../src/index.js'
      const client = createClient()
      redisStorage({ client, prefix: process.env.REDIS_PREFIX })
      createNotifier({ client, prefix: process.env.REDIS_PREFIX })
      // All of them at once, so an option added later without \`| undefined\` fails here too.
      type Unset<T> = { [K in keyof T]-?: undefined }
      declare const storage: Unset<Omit<RedisStorageOptions, 'client'>>
      declare const notifier: Unset<Omit<NotifierOptions, 'client'>>
      export const all: [RedisStorageOptions, NotifierOptions] = [{ ...storage, client }, { ...notifier, client }]
    `)
    expect(errors).toEqual([])
  }, 60_000) // a whole program is compiled

  /** Each optional option, so that a new one must be added here (the type fails otherwise). */
  const OPTIONAL = {
    user: true,
    prefix: true,
    maxAge: true,
    maxMessages: true,
    leaseSeconds: true,
    timeoutMs: true,
    visitorCookie: true,
  } satisfies Record<Exclude<keyof RedisStorageOptions, 'client'>, true>

  // A real client, never connected: resolving the options sends no command.
  const client = createClient()
  /** The resolved options as data (the link wraps the client). */
  function shape({ link, ...rest }: ResolvedRedisOptions): Record<string, unknown> {
    return { ...rest, link: link.constructor.name }
  }
  const omitted = shape(resolveRedisOptions({ client }, 'redisStorage'))

  it.each(Object.keys(OPTIONAL))('%s: undefined resolves as left out', (option) => {
    expect(shape(resolveRedisOptions({ client, [option]: undefined }, 'redisStorage'))).toEqual(omitted)
  })
})
