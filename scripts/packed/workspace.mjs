/**
 * @module
 * The published packages, discovered from `pnpm-workspace.yaml`: every workspace folder whose
 * package.json is not `private`. A package added to the workspace joins every packed check
 * without a list to update.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The `packages:` globs of pnpm-workspace.yaml (`dir/*` or `dir`; `!` exclusions honoured). */
function workspaceGlobs() {
  const yaml = readFileSync(join(ROOT, 'pnpm-workspace.yaml'), 'utf8')
  const globs = []
  let inPackages = false
  for (const line of yaml.split('\n')) {
    if (/^\S/.test(line)) inPackages = line.startsWith('packages:')
    const item = inPackages && /^\s+-\s+['"]?([^'"#\s]+)['"]?/.exec(line)
    if (item) globs.push(item[1])
  }
  return globs
}

function folders(glob) {
  if (!glob.endsWith('/*')) return [glob]
  const parent = glob.slice(0, -2)
  if (!existsSync(join(ROOT, parent))) return []
  return readdirSync(join(ROOT, parent), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `${parent}/${entry.name}`)
}

/**
 * @returns {{ dir: string, path: string, name: string, version: string, manifest: Record<string, any> }[]}
 * @example publicPackages().map((p) => p.name) // ['@flash/core', '@flash/fastify', ...]
 */
export function publicPackages() {
  const globs = workspaceGlobs()
  const excluded = new Set(globs.filter((g) => g.startsWith('!')).flatMap((g) => folders(g.slice(1))))
  const dirs = globs.filter((g) => !g.startsWith('!')).flatMap(folders)
  return dirs
    .filter((dir) => !excluded.has(dir) && existsSync(join(ROOT, dir, 'package.json')))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'))
      return { dir, path: join(ROOT, dir), name: manifest.name, version: manifest.version, manifest }
    })
    .filter((pkg) => !pkg.manifest.private)
    .sort((a, b) => a.dir.localeCompare(b.dir))
}
