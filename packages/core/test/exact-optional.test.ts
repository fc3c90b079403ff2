/**
 * Under `exactOptionalPropertyTypes`, an optional option typed `?: string` refuses
 * `process.env.COOKIE_DOMAIN` (`string | undefined`), though `undefined` means "the default" at
 * runtime. The repository compiles without that flag (and `?: T` is `?: T | undefined` then), so
 * the types are checked here by compiling code with it, and the runtime by resolving each option
 * set to `undefined`.
 */
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { type CookieOptions, type FlashConfig, type FlashOptions, resolveOptions } from '../src/index.js'
import { PROFILE, SECRET } from './helpers/config.js'

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
  it('type-check from the environment, every optional option and cookie and htmx attribute', () => {
    const errors = typeErrorsWithExactOptional(`
      import type { CookieOptions, FlashOptions, HtmxOptions } from '../src/index.js'
      import { resolveOptions } from '../src/index.js'
      declare const profile: Parameters<typeof resolveOptions>[1]
      resolveOptions({ secret: process.env.FLASH_SECRET, cookie: { domain: process.env.COOKIE_DOMAIN } }, profile)
      // All of them at once, so an option added later without \`| undefined\` fails here too.
      type Unset<T> = { [K in keyof T]-?: undefined }
      declare const cookie: Unset<CookieOptions>
      declare const htmx: Unset<HtmxOptions>
      declare const options: Unset<Omit<FlashOptions, 'secret'>> & { secret: string }
      export const all: [CookieOptions, HtmxOptions, FlashOptions] = [cookie, htmx, options]
    `)
    expect(errors).toEqual([])
  }, 60_000) // a whole program is compiled

  /** Each optional option, so that a new one must be added here (the type fails otherwise). */
  const OPTIONAL = {
    storage: true,
    level: true,
    tags: true,
    cookie: true,
    maxCookieSize: true,
    maxAge: true,
    sessionKey: true,
    maxSessionMessages: true,
    strict: true,
    crypto: true,
    clock: true,
    scope: true,
    scopeSeconds: true,
    notDisplayed: true,
    noStore: true,
    dedupe: true,
    htmx: true,
  } satisfies Record<Exclude<keyof FlashOptions, 'secret'>, true>

  /** A configuration as data: functions and the signer compared by kind. */
  function shape(config: FlashConfig): Record<string, unknown> {
    const { signer, clock, ...rest } = config
    return { ...rest, signer: signer.constructor.name, clock: typeof clock() }
  }
  const omitted = shape(resolveOptions({ secret: SECRET }, PROFILE))

  it.each(Object.keys(OPTIONAL))('%s: undefined resolves as left out', (option) => {
    expect(shape(resolveOptions({ secret: SECRET, [option]: undefined }, PROFILE))).toEqual(omitted)
  })

  const COOKIE = {
    name: true,
    domain: true,
    path: true,
    secure: true,
    httpOnly: true,
    sameSite: true,
  } satisfies Record<keyof CookieOptions, true>

  it.each(Object.keys(COOKIE))('cookie.%s: undefined resolves as left out', (attribute) => {
    const options = { secret: SECRET, cookie: { [attribute]: undefined } }
    expect(shape(resolveOptions(options, PROFILE))).toEqual(omitted)
  })

  it.each(['event', 'maxTriggerSize'])('htmx.%s: undefined resolves as left out', (field) => {
    expect(shape(resolveOptions({ secret: SECRET, htmx: { [field]: undefined } }, PROFILE))).toEqual(
      shape(resolveOptions({ secret: SECRET, htmx: {} }, PROFILE)),
    )
  })
})
