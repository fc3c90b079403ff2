/**
 * The adapter runs wherever Hono runs: nothing in src may import a Node built-in.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const SRC = join(import.meta.dirname, '..', 'src')
const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

test('src imports nothing from node: or a Node built-in', () => {
  // node.ts is the opt-in `@flash/hono/node` entry: it re-exports @flash/core/node and nothing imports it.
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter(
    (f) => /\.tsx?$/.test(f) && f !== 'node.ts',
  )
  expect(files.length).toBeGreaterThanOrEqual(6)
  const specifiers = files.flatMap((f) =>
    [
      ...withoutComments(readFileSync(join(SRC, f), 'utf8')).matchAll(
        /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g,
      ),
    ].map((m) => m[1]!),
  )
  expect(specifiers).toContain('hono/cookie')
  expect(specifiers.filter((s) => s.startsWith('node:') || BUILTINS.has(s.split('/')[0]!))).toEqual([])
  expect(new Set(specifiers.filter((s) => !s.startsWith('.')))).toEqual(
    new Set([
      '@flash/core',
      '@flash/core/testing',
      'hono',
      'hono/cookie',
      'hono/factory',
      'hono/html',
      'hono/types',
    ]),
  )
})

function withoutComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
}

test('only the @flash/hono/node entry reaches node:crypto, and no other entry imports it', () => {
  expect(withoutComments(readFileSync(join(SRC, 'node.ts'), 'utf8')).trim()).toBe(
    "export { nodeCrypto } from '@flash/core/node'",
  )
  const importers = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /from '\.\/node\.js'/.test(readFileSync(join(SRC, f), 'utf8')),
  )
  expect(importers).toEqual([])
})
