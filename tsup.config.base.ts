/**
 * @module
 * The one tsup configuration every published package builds with: dual ESM + CJS,
 * a `.d.ts`/`.d.cts` pair per entry, no bundled dependencies.
 */
import { defineConfig, type Options } from 'tsup'

export function packageConfig(entry: Record<string, string>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    treeshake: true,
    splitting: false,
    ...extra,
  })
}
