#!/usr/bin/env node
/**
 * @module
 * Run after tsup in @flash/core: each ESM declaration entry (`dist/index.d.ts`) becomes one line,
 * `export * from './index.cjs'`, so the ESM and the CJS build declare one `BaseStorage`, one
 * `Message`, one of every class and unique symbol, instead of one per format.
 *
 * Why: the adapters augment their framework once for both formats (`types/augment.d.ts`), and
 * that file, in a `"type": "module"` package, imports @flash/core's ESM declarations. tsup
 * declares every class twice; with `#private` members the two copies are different types, so in a
 * CommonJS project `renderMessages(ctx.messages)` (the augmentation's ESM `BaseStorage`, passed to
 * the CJS `renderMessages`) did not compile.
 *
 * Why this direction: an ES module may import a CommonJS declaration in every module mode, while
 * a CommonJS declaration may `require` an ES module only under `--module nodenext` (TS1479 under
 * node16), and a type-only import (`resolution-mode`) would take the classes' values away.
 * `export *` drops a default export, which ESM importing CJS could not express anyway: an entry
 * with one is refused.
 *
 * @example cd packages/core && tsup && node ../../scripts/build/share-declarations.mjs
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'

const manifest = JSON.parse(readFileSync('package.json', 'utf8'))
const pairs = new Map(typesPairs(manifest.exports).map(({ esm, cjs }) => [esm, cjs]))
if (pairs.size === 0) throw new Error(`${manifest.name}: no exports with both import and require types`)

for (const [esm, cjs] of pairs) {
  const declarations = readFileSync(cjs, 'utf8')
  if (/^export default\b|^export (type )?\{[^}]*\bas default\b/m.test(declarations))
    throw new Error(
      `${manifest.name}: ${cjs} has a default export, which \`export *\` cannot pass on to ${esm}; ` +
        'export it by name, or leave this package out of share-declarations',
    )
  const target = `./${relative(dirname(esm), cjs).replace(/\.d\.cts$/, '.cjs')}`
  writeFileSync(
    esm,
    `// The CJS build's declarations: one BaseStorage, one Message for both formats.\nexport * from '${target}'\n`,
  )
}

// The ESM chunks tsup shared between entries are no longer imported by anything.
const entries = new Set(pairs.keys())
let removed = 0
for (const folder of new Set([...entries].map(dirname))) {
  for (const file of readdirSync(folder)) {
    const path = join(folder, file)
    if (file.endsWith('.d.ts') && !entries.has(path)) {
      rmSync(path)
      removed++
    }
  }
}
console.log(
  `${manifest.name}: ${pairs.size} ESM declarations re-export the CJS ones (${removed} unused ESM chunks removed)`,
)

/**
 * Every `{ import: { types }, require: { types } }` in an `exports` map, as paths relative to the
 * package (`dist/index.d.ts` and `dist/index.d.cts`).
 * @example typesPairs({ '.': { import: { types: './dist/a.d.ts' }, require: { types: './dist/a.d.cts' } } })
 * // [{ esm: 'dist/a.d.ts', cjs: 'dist/a.d.cts' }]
 */
function typesPairs(exports) {
  if (!exports || typeof exports !== 'object') return []
  const esm = exports.import?.types
  const cjs = exports.require?.types
  const here = esm && cjs ? [{ esm: normalize(esm), cjs: normalize(cjs) }] : []
  return here.concat(Object.values(exports).flatMap(typesPairs))
}
