/**
 * The main entry is pure: no `node:` import and no bare Node builtin anywhere in `src` except
 * `src/node.ts`, neither in the sources nor in the built `dist/index.js` (build first:
 * `cd packages/core && npx tsup`), nor in a fresh bundle of `src/index.ts`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { builtinModules, createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const SPECIFIER =
  /\b(?:import|export)\s[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|\bimport\s+['"]([^'"]+)['"]|\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g

/** Every module specifier a file imports, re-exports or requires. */
function specifiers(code: string): string[] {
  return [...code.matchAll(SPECIFIER)].map((m) => (m[1] ?? m[2] ?? m[3] ?? m[4])!)
}

function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]!)
}

/** The part of esbuild's API used here (esbuild comes with tsup; core does not depend on it). */
interface EsbuildApi {
  build(options: Record<string, unknown>): Promise<{ outputFiles: { text: string }[] }>
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => `${e.parentPath}/${e.name}`.slice(root.length))
}

describe('purity', () => {
  const files = sources(`${root}src`)

  it('the scanner sees imports of every form', () => {
    expect(
      specifiers(
        `import a from 'node:fs'\nimport { b } from "zlib"\nexport * from './x.js'\nimport('crypto')\nimport 'os'\nrequire("path")`,
      ),
    ).toEqual(['node:fs', 'zlib', './x.js', 'crypto', 'os', 'path'])
    expect(specifiers(readFileSync(`${root}src/node.ts`, 'utf8')).filter(isNodeBuiltin)).toEqual([
      'node:buffer',
      'node:crypto',
      'node:zlib',
    ])
  })

  it('src/**/*.ts except src/node.ts imports only relative modules, never a Node builtin', () => {
    expect(files).toContain('src/index.ts')
    expect(files).toContain('src/storage/cookie.ts')
    const offending = files
      .filter((f) => f !== 'src/node.ts')
      .flatMap((f) => specifiers(readFileSync(`${root}${f}`, 'utf8')).map((s) => `${f}: ${s}`))
      .filter((entry) => {
        const s = entry.slice(entry.indexOf(': ') + 2)
        return isNodeBuiltin(s) || !s.startsWith('.')
      })
    expect(offending).toEqual([])
  })

  it('the built dist/index.js has no node: import', () => {
    const dist = `${root}dist/index.js`
    expect(existsSync(dist), 'build first: cd packages/core && npx tsup').toBe(true)
    const code = readFileSync(dist, 'utf8')
    expect(code.length).toBeGreaterThan(1000)
    expect(code.includes('node:')).toBe(false)
    expect(specifiers(code).filter(isNodeBuiltin)).toEqual([])
    expect(specifiers(readFileSync(`${root}dist/index.cjs`, 'utf8')).filter(isNodeBuiltin)).toEqual([])
  })

  it('the built @flash/core/crypto: its web build imports no Node built-in, its node build only node:crypto, zlib and buffer', () => {
    for (const ext of ['js', 'cjs']) {
      expect(specifiers(readFileSync(`${root}dist/crypto-web.${ext}`, 'utf8')).filter(isNodeBuiltin)).toEqual(
        [],
      )
      const node = specifiers(readFileSync(`${root}dist/crypto-node.${ext}`, 'utf8')).filter(isNodeBuiltin)
      expect(node.map((s) => s.replace(/^node:/, '')).sort()).toEqual(['buffer', 'crypto', 'zlib'])
    }
  })

  it('a fresh bundle of src/index.ts for a neutral platform has no Node import', async () => {
    const tsup = createRequire(import.meta.url).resolve('tsup')
    const esbuild = createRequire(tsup)('esbuild') as EsbuildApi
    const result = await esbuild.build({
      entryPoints: [`${root}src/index.ts`],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      logLevel: 'silent',
    })
    const code = result.outputFiles[0]!.text
    expect(code.includes('node:')).toBe(false)
    expect(specifiers(code)).toEqual([])
  })
})
