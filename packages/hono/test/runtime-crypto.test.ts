/**
 * The crypto provider is chosen by the runtime's export conditions: the built adapter, bundled as
 * Cloudflare Workers, Vercel Edge, a browser or a worker bundle it, imports no Node built-in and
 * signs with Web Crypto; resolved for Node, Bun or Deno it signs with node:crypto, with no option.
 * Build first (`pnpm build`): these read the packages' dist, as a bundler does.
 */
import { builtinModules, createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { runtimeCrypto } from '@flash/core/crypto'
import { Hono } from 'hono'
import { describe, expect, it, vi } from 'vitest'
import { type FlashEnv, flash, success, webCrypto } from '../src/index.js'

const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url))
const SECRET = 'runtime-crypto-secret-0123456789-abcdefghijkl'

/** The part of esbuild's API used here (esbuild comes with tsup). */
interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>
}
const tsup = createRequire(import.meta.url).resolve('tsup')
const esbuild = createRequire(tsup)('esbuild') as EsbuildApi

/** The built adapter bundled as a bundler does for `conditions` (hono left out: it is the app's). */
async function bundle(conditions: string[]): Promise<string> {
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions,
    // Built-ins stay imports, as a server bundler leaves them; the test lists what is imported.
    external: ['hono', 'hono/*', ...builtinModules, 'node:*'],
    logLevel: 'silent',
  })
  return result.outputFiles[0]!.text
}

const IMPORTED =
  /\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(?\s*['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]/g
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))
function builtinsImported(code: string): string[] {
  const found = [...code.matchAll(IMPORTED)].map((m) => (m[1] ?? m[2] ?? m[3])!)
  return [...new Set(found.filter((s) => BUILTINS.has(s) || BUILTINS.has(s.split('/')[0]!)))].sort()
}

describe('the crypto provider by export condition', () => {
  for (const condition of ['workerd', 'edge-light', 'browser', 'worker']) {
    it(`a bundle for "${condition}" imports no Node built-in`, async () => {
      const code = await bundle([condition])
      expect(code).toContain('crypto.subtle')
      expect(builtinsImported(code)).toEqual([])
      expect(code).not.toContain('node:')
    })
  }

  it('a bundle with no condition (the default) imports no Node built-in', async () => {
    expect(builtinsImported(await bundle([]))).toEqual([])
  })

  for (const condition of ['node', 'bun', 'deno']) {
    it(`a bundle for "${condition}" uses node:crypto and node:zlib`, async () => {
      expect(builtinsImported(await bundle([condition]))).toEqual(['buffer', 'crypto', 'zlib'])
    })
  }

  it('flash({ secret }) on Node signs with node:crypto, with no option; the crypto option still wins', async () => {
    expect(runtimeCrypto.name).toBe('node')
    const cookieOf = async (options: Parameters<typeof flash>[0]) => {
      const app = new Hono<FlashEnv>()
      app.use(flash(options))
      app.get('/', (c) => {
        success(c, 'Saved.')
        return c.text('ok')
      })
      return (await app.request('/')).headers.get('set-cookie')
    }
    const prepared = vi.spyOn(runtimeCrypto, 'hmacSha256')
    const fixed = () => 1_800_000_000
    const byDefault = await cookieOf({ secret: SECRET, clock: fixed })
    expect(byDefault).toMatch(/^messages=/)
    expect(prepared).toHaveBeenCalledTimes(1)
    // Web Crypto when asked for: the same cookie, and node:crypto not used.
    expect(await cookieOf({ secret: SECRET, clock: fixed, crypto: webCrypto })).toBe(byDefault)
    expect(prepared).toHaveBeenCalledTimes(1)
    prepared.mockRestore()
  })
})
