/**
 * The names a README program imports, which the packed check compares across the blocks of one
 * continued program: a name imported twice is a reader's duplicate identifier.
 */
import { describe, expect, it } from 'vitest'
import { importedBindings } from './readme-blocks.mjs'

describe('importedBindings', () => {
  it('lists default, namespace, named (by their local name) and type imports', () => {
    const code = [
      "import Router, { type RouterContext } from '@koa/router'",
      "import * as flash from '@flash/koa'",
      "import d, * as e from 'e'",
      "import { readFile as read, type Stats } from 'node:fs/promises'",
      "import type { Context } from 'hono'",
      "import type Koa from 'koa'",
    ].join('\n')
    expect(importedBindings(code)).toEqual([
      'Router',
      'RouterContext',
      'flash',
      'd',
      'e',
      'read',
      'Stats',
      'Context',
      'Koa',
    ])
  })

  it('reads imports over several lines, indented ones, and `import x = require()`', () => {
    const code = "  import {\n    a,\n    b as c,\n  } from 'x'\nimport flash = require('@flash/koa')\n"
    expect(importedBindings(code)).toEqual(['a', 'c', 'flash'])
  })

  it('finds no binding in a side-effect import, a dynamic import or a comment', () => {
    const code = [
      "import 'express-session'",
      "const { serve } = await import('@hono/node-server')",
      "// import { readFile } from 'node:fs/promises'",
      "import { x } from 'x'",
    ].join('\n')
    expect(importedBindings(code)).toEqual(['x'])
  })

  it('keeps repeats, so two blocks that import one name show it twice', () => {
    const first = "import path from 'node:path'\nimport { readFile } from 'node:fs/promises'\n"
    const second = "import { readFile } from 'node:fs/promises'\nconst partial = await readFile('x')\n"
    expect(importedBindings(first + second)).toEqual(['path', 'readFile', 'readFile'])
  })
})
