/**
 * The tarball check refuses what npm would publish from a workspace package (`workspace:*`
 * ranges left in place) and accepts what `pnpm pack` makes of the same package.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { packAll, problemsOf } from './tarballs.mjs'
import { publicPackages } from './workspace.mjs'

const out = mkdtempSync(join(tmpdir(), 'flash-tarball-test-'))
afterAll(() => rmSync(out, { recursive: true, force: true }))

it('discovers the published packages from the workspace, private ones left out', () => {
  const names = publicPackages().map((pkg) => pkg.name)
  expect(names).toEqual(
    expect.arrayContaining(['@flash/core', '@flash/fastify', '@flash/hono', '@flash/koa']),
  )
  expect(names.filter((name) => !name.startsWith('@flash/'))).toEqual([])
  expect(names).not.toContain('@flash/adapter-suite')
})

it('a tarball made by npm pack keeps workspace:* and is refused; pnpm pack rewrites it', () => {
  const koa = publicPackages().find((pkg) => pkg.name === '@flash/koa')
  const npmDir = join(out, 'npm')
  execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: koa.path, stdio: 'pipe' })
  const npmTarball = join(
    out,
    readdirSync(out).find((f) => f.endsWith('.tgz')),
  )
  expect(problemsOf(npmTarball)).toContain('dependencies.@flash/core is "workspace:*"')

  const pnpmTarball = packAll([koa], npmDir).get('@flash/koa')
  expect(problemsOf(pnpmTarball)).toEqual([])
})
