/**
 * The README extractor: fences and their languages, markers (one line or several, combined),
 * install lines and imports, the way the packed check reads them.
 */
import { describe, expect, it } from 'vitest'
import { importsOf, installedBy, isProgram, packageNameOf, readmeBlocks } from './readme-blocks.mjs'

const README = `# x

\`\`\`sh
npm install @flash/koa koa   # the app
npm install -D @types/koa
pnpm add hono-sessions
\`\`\`

<!-- readme-check: cycle -->
\`\`\`ts
import Koa from 'koa'
const app = new Koa()
\`\`\`

<!-- readme-check: no-run: the body of a handler
context: declare const request: import('fastify').FastifyRequest; declare const n: number
continues -->

\`\`\`tsx
success(request, 'x')
\`\`\`

- a list item:

  <!-- readme-check: skip: three frameworks -->
  \`\`\`js
  indented()
  \`\`\`

\`\`\`html
<ul></ul>
\`\`\`
`

describe('readmeBlocks', () => {
  const blocks = readmeBlocks(README)

  it('finds every fence with its language, line and code, indented ones included', () => {
    expect(blocks.map((b) => [b.line, b.language])).toEqual([
      [3, 'sh'],
      [10, 'ts'],
      [19, 'tsx'],
      [26, 'js'],
      [30, 'html'],
    ])
    expect(blocks[1].code).toBe("import Koa from 'koa'\nconst app = new Koa()\n")
    expect(blocks[3].code).toBe('indented()\n')
    expect(blocks.map(isProgram)).toEqual([false, true, true, true, false])
  })

  it('reads markers on one line or several, separated by new lines or `;` before a directive', () => {
    expect(blocks[0].marker).toMatchObject({ cycle: false, skip: null, noRun: null })
    expect(blocks[1].marker).toMatchObject({ cycle: true, noRun: null })
    expect(blocks[2].marker).toEqual({
      skip: null,
      noRun: 'the body of a handler',
      continues: true,
      context: ["declare const request: import('fastify').FastifyRequest; declare const n: number"],
      cycle: false,
      packageJson: false,
    })
    expect(blocks[3].marker.skip).toBe('three frameworks')
  })

  it('refuses an unknown directive instead of ignoring it', () => {
    expect(() => readmeBlocks('<!-- readme-check: norun -->\n```ts\nx\n```\n')).toThrow(
      'unknown readme-check directive "norun"',
    )
  })

  it('reads what install lines install, without flags and comments', () => {
    expect(installedBy(blocks[0])).toEqual(['@flash/koa', 'koa', '@types/koa', 'hono-sessions'])
    expect(installedBy(blocks[1])).toEqual([])
  })
})

describe('importsOf / packageNameOf', () => {
  it('lists bare specifiers of static, dynamic and require imports, not node: or relative ones', () => {
    const code = `import a from 'a'\nimport { b } from "@s/b/sub"\nimport type { C } from 'c'\nimport 'side'\nconst d = await import('d')\nconst e = require('e')\nimport f from './f.js'\nimport { g } from 'node:fs'\n`
    expect(importsOf(code)).toEqual(['a', '@s/b/sub', 'c', 'side', 'd', 'e'])
    expect(['@s/b/sub', 'hono/jsx', 'koa'].map(packageNameOf)).toEqual(['@s/b', 'hono', 'koa'])
  })
})
