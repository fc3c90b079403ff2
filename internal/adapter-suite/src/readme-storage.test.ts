/**
 * The storage the adapter suite runs is the one the READMEs show: its source appears verbatim in
 * the root README and in @flash/core's README, so the code users copy is the code that is tested.
 */
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'

const source = readFileSync(new URL('./readme-storage.ts', import.meta.url), 'utf8')

it.each(['../../../README.md', '../../../packages/core/README.md'])(
  '%s shows readme-storage.ts verbatim',
  (readme) => {
    const text = readFileSync(new URL(readme, import.meta.url), 'utf8')
    expect(text).toContain(`\`\`\`ts\n${source}`)
  },
)
