/**
 * Under `exactOptionalPropertyTypes`, a prop typed `nonce?: string` refuses
 * `c.get('secureHeadersNonce')` (`string | undefined`), though `<Messages />` treats `undefined` as
 * no nonce. The repository compiles without that flag (and `?: T` is `?: T | undefined` then), so
 * the types are checked here by compiling code with it, and the runtime through an app.
 */
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import { NONCE, secureHeaders } from 'hono/secure-headers'
import ts from 'typescript'
import { describe, expect, test } from 'vitest'
import { CLEAN_URL_PATH, CLEAN_URL_SCRIPT, type FlashEnv, flash, success } from '../src/index.js'
import { Messages } from '../src/jsx.js'
import { browser } from './client.js'
import { SECRET } from './cycle.js'

/** The type errors of `code`, compiled as a file of this directory with the package's settings plus the flag. */
function typeErrorsWithExactOptional(code: string): string[] {
  const here = fileURLToPath(new URL('.', import.meta.url))
  const file = `${here}exact-optional.fixture.tsx`
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

describe('optional options and props take undefined (exactOptionalPropertyTypes)', () => {
  test("type-check: <Messages nonce={c.get('secureHeadersNonce')} />, and each option of flash()'s own", () => {
    const errors = typeErrorsWithExactOptional(`
      import type { FlashOptions } from '@flash/core'
      import { Hono } from 'hono'
      import { NONCE, secureHeaders } from 'hono/secure-headers'
      import { type FlashEnv, flash, type HonoFlashOptions } from '../src/index.js'
      import { Messages } from '../src/jsx.js'
      const app = new Hono<FlashEnv>()
      app.use(secureHeaders({ contentSecurityPolicy: { scriptSrc: [NONCE] } }))
      app.get('/', (c) => c.html(<Messages c={c} nonce={c.get('secureHeadersNonce')} />))
      // All of them at once, so an option added later without \`| undefined\` fails here too.
      type Unset<T> = { [K in keyof T]-?: undefined }
      declare const own: Unset<Omit<HonoFlashOptions, keyof FlashOptions>>
      flash({ secret: process.env.FLASH_SECRET, ...own })
    `)
    expect(errors).toEqual([])
  }, 60_000) // a whole program is compiled

  /** A scope: 'redirect' app whose page passes secure-headers' nonce, which is undefined without it. */
  function app(withSecureHeaders: boolean) {
    const app = new Hono<FlashEnv>()
    if (withSecureHeaders) app.use(secureHeaders({ contentSecurityPolicy: { scriptSrc: [NONCE] } }))
    app.use(
      flash({
        secret: SECRET,
        scope: 'redirect',
        session: undefined,
        logger: undefined,
        trustProxy: undefined,
      }),
    )
    app.post('/add', (c) => {
      success(c, 'Saved.')
      return c.redirect('/')
    })
    app.get('/', (c) => c.html(<Messages c={c} nonce={c.get('secureHeadersNonce')} />))
    return app
  }

  async function pageAfterRedirect(withSecureHeaders: boolean) {
    const a = app(withSecureHeaders)
    const client = browser((path, init) => a.request(path, init))
    const redirect = await client.request('/add', { method: 'POST' })
    expect(redirect.status).toBe(302)
    const location = redirect.headers.get('location') ?? ''
    expect(location).toMatch(/^\/\?_flash=[\w-]+$/)
    return client.request(location)
  }

  const LIST =
    '<ul class="messages" data-turbo-temporary="" hx-history="false"><li class="success" role="status">Saved.</li></ul>'

  test('the nonce secure-headers made: the address-bar script is inline, with that nonce', async () => {
    const page = await pageAfterRedirect(true)
    const nonce = /'nonce-([^']+)'/.exec(page.headers.get('content-security-policy') ?? '')?.[1]
    expect(nonce).toMatch(/^[\w+/]{22}==$/) // 16 random bytes, base64
    expect(page.text).toBe(`${LIST}<script nonce="${nonce}">${CLEAN_URL_SCRIPT}</script>`)
  })

  test('nonce={undefined} is no nonce: the external script, as without the prop', async () => {
    const page = await pageAfterRedirect(false)
    expect(page.text).toBe(`${LIST}<script src="${CLEAN_URL_PATH}" async></script>`)
  })
})
