/**
 * @module
 * The one tsup configuration every published package builds with: dual ESM + CJS,
 * a `.d.ts`/`.d.cts` pair per entry, no bundled dependencies.
 */
import { existsSync } from 'node:fs'
import { defineConfig, type Options } from 'tsup'

/**
 * A package's framework augmentation (`declare module 'koa' { ... }`) lives in `types/augment.d.ts`,
 * published as is and referenced by every built `.d.ts` and `.d.cts`: one declaration for both
 * formats. Bundled into each, a project with `.ts` and `.cts` files would load it twice with two
 * different `BaseStorage` classes, which TypeScript refuses (TS2717). Its `@flash/core` import
 * resolves to the core's ESM declarations, which re-export the CJS ones (@flash/core's build runs
 * scripts/build/share-declarations.mjs after tsup): the `BaseStorage` it names is also the one a
 * CommonJS app gets from `require()`.
 */
const AUGMENTATION = 'types/augment.d.ts'

export function packageConfig(entry: Record<string, string>, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: existsSync(AUGMENTATION) ? { banner: `/// <reference path="../${AUGMENTATION}" />` } : true,
    clean: true,
    sourcemap: true,
    target: 'es2022',
    treeshake: true,
    splitting: false,
    ...extra,
  })
}
