/**
 * @module
 * The code blocks of a README, with the `readme-check` marker that may precede each one.
 *
 * Every fenced block tagged `ts`, `typescript`, `tsx`, `js`, `javascript`, `mjs` or `cjs` is a
 * program: it is type-checked under `strict` in a scratch app that installed the packed packages
 * with npm, then run. A marker, an HTML comment on the line before the fence (invisible on npm
 * and GitHub), changes that:
 *
 * | marker | meaning |
 * |---|---|
 * | `<!-- readme-check: no-run: why -->` | type-check only (it needs a database, a running server, ...) |
 * | `<!-- readme-check: skip: why -->` | neither (say why; e.g. several frameworks side by side) |
 * | `<!-- readme-check: continues -->` | this block follows the previous one: they are one program |
 * | `<!-- readme-check: context: TS code -->` | code prepended to the program, e.g. `declare const contacts: Contacts` for the app's own objects |
 * | `<!-- readme-check: cycle -->` | after running, serve the block's `app` and POST /notes, then GET / twice: "Note saved." shows once |
 *
 * Directives combine with `;` (`<!-- readme-check: no-run: needs Redis; continues -->`).
 * A ```` ```json ```` block marked `<!-- readme-check: package.json -->` is merged into the scratch
 * app's package.json (an `overrides` the README tells users to add). ```` ```sh ```` blocks are
 * read for their `npm install`/`pnpm add` lines: the scratch app installs what they say.
 */

const PROGRAM_LANGUAGES = new Set(['ts', 'typescript', 'tsx', 'js', 'javascript', 'mjs', 'cjs', 'mts', 'cts'])
const SHELL_LANGUAGES = new Set(['sh', 'bash', 'shell', 'console'])
const MARKER = /^\s*<!--\s*readme-check:\s*([\s\S]*?)\s*-->\s*$/
/**
 * `import <clause> from '...'` (the clause in group 1) or `import <name> = require(` (group 2). The
 * clause has no quote or `;`, so a side-effect import never reaches the next statement's `from`.
 */
const IMPORT_STATEMENT =
  /^[ \t]*import\s+(?:type\s+)?(?:([^'";()]*?)\s+from\s*['"]|([\w$]+)\s*=\s*require\s*\()/gm

/**
 * @typedef {object} Block
 * @property {number} line 1-based line of the opening fence
 * @property {string} language the fence's tag, lower case
 * @property {string} code
 * @property {{ run: boolean, skip: string | null, noRun: string | null, continues: boolean,
 *   context: string[], cycle: boolean, packageJson: boolean }} marker
 */

/**
 * @param {string} markdown
 * @returns {Block[]}
 * @example readmeBlocks('```ts\nconst a = 1\n```\n')[0].code // 'const a = 1\n'
 */
export function readmeBlocks(markdown) {
  const lines = markdown.split('\n')
  const blocks = []
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(lines[i])
    if (!open) continue
    const [, indent, fence, tag] = open
    const code = []
    let j = i + 1
    for (; j < lines.length && !lines[j].trimStart().startsWith(fence); j++) {
      code.push(lines[j].startsWith(indent) ? lines[j].slice(indent.length) : lines[j].trimStart())
    }
    blocks.push({
      line: i + 1,
      language: tag.toLowerCase(),
      code: `${code.join('\n')}\n`,
      marker: parseMarker(markerBefore(lines, i)),
    })
    i = j
  }
  return blocks
}

/** The HTML comment that ends on the last non-blank line before the fence (it may span lines). */
function markerBefore(lines, index) {
  let end = index - 1
  while (end >= 0 && !lines[end].trim()) end--
  if (end < 0 || !lines[end].trimEnd().endsWith('-->')) return ''
  let start = end
  while (start > 0 && !lines[start].includes('<!--')) start--
  return lines.slice(start, end + 1).join('\n')
}

function parseMarker(line) {
  const marker = { skip: null, noRun: null, continues: false, context: [], cycle: false, packageJson: false }
  const match = MARKER.exec(line)
  if (!match) return marker
  // Directives are separated by `;` before a directive name (a context's own `;` stays) or a new line.
  for (const directive of match[1].split(
    /(?:;|\n)\s*(?=(?:skip|no-run|continues|context|cycle|package\.json)\b)/,
  )) {
    const [, name, rest = ''] = /^\s*([\w.-]+)\s*:?\s*([\s\S]*)$/.exec(directive) ?? []
    if (name === 'skip') marker.skip = rest.trim() || 'no reason given'
    else if (name === 'no-run') marker.noRun = rest.trim() || 'no reason given'
    else if (name === 'continues') marker.continues = true
    else if (name === 'context') marker.context.push(rest.trim())
    else if (name === 'cycle') marker.cycle = true
    else if (name === 'package.json') marker.packageJson = true
    else throw new Error(`unknown readme-check directive "${directive.trim()}"`)
  }
  return marker
}

export function isProgram(block) {
  return PROGRAM_LANGUAGES.has(block.language)
}

/**
 * The packages an `npm install ...`/`pnpm add ...`/`yarn add ...` line of a shell block installs.
 * @example installedBy('```sh\nnpm install @flash/koa koa   # note\n```') // ['@flash/koa', 'koa']
 */
export function installedBy(block) {
  if (!SHELL_LANGUAGES.has(block.language)) return []
  return block.code.split('\n').flatMap((line) => {
    const command =
      /^\s*(?:\$\s*)?(?:npm\s+(?:install|i|add)|pnpm\s+(?:add|install)|yarn\s+add)\s+(.*)$/.exec(
        line.replace(/\s+#.*$/, ''),
      )
    if (!command) return []
    return command[1].split(/\s+/).filter((word) => word && !word.startsWith('-'))
  })
}

/** The bare module specifiers a program imports (`import ... from 'x'`, `import('x')`, `require('x')`). */
export function importsOf(code) {
  const specifiers = [
    ...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*)['"]([^'"./][^'"]*)['"]/g),
  ]
  return [...new Set(specifiers.map((m) => m[1]).filter((s) => !s.startsWith('node:')))]
}

/**
 * The names a program's import statements bind, types included, in order and with repeats: two
 * blocks of one program that both import a name are a duplicate identifier (TS2300) in a reader's
 * file, and a SyntaxError in Node. `import 'x'` binds nothing, so it may be repeated.
 * @example importedBindings("import a, { b as c, type D } from 'x'\nimport 'y'") // ['a', 'c', 'D']
 */
export function importedBindings(code) {
  const bindings = []
  for (const [, clause, required] of code.matchAll(IMPORT_STATEMENT)) {
    if (required) {
      bindings.push(required)
      continue
    }
    const named = /\{([^}]*)\}/.exec(clause)?.[1] ?? ''
    const others = clause.replace(/\{[^}]*\}/, '') // `Default`, `* as ns`, `Default, * as ns`
    for (const part of [...others.split(','), ...named.split(',')]) {
      const name = /([A-Za-z_$][\w$]*)\s*$/.exec(part.trim())?.[1] // the local name: `b as c` -> c
      if (name) bindings.push(name)
    }
  }
  return bindings
}

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
export function packageNameOf(specifier) {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}
