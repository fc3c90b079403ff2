/**
 * @module
 * The lowest and the highest published version inside each peer range a package declares, asked
 * of the npm registry with `npm view` (one query per peer).
 */
import { execFileSync } from 'node:child_process'

/** Numeric comparison of `x.y.z` versions (ranges without a prerelease never match prereleases). */
export function compareVersions(a, b) {
  const pa = a.split(/[.+-]/).map(Number)
  const pb = b.split(/[.+-]/).map(Number)
  for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] - pb[i]
  return 0
}

/**
 * @param {string} name
 * @param {string} range
 * @returns {{ lowest: string, highest: string }}
 * @example versionBounds('hono', '^4.9.0') // { lowest: '4.9.0', highest: '4.12.3' }
 */
export function versionBounds(name, range) {
  const out = execFileSync('npm', ['view', `${name}@${range}`, 'version', '--json'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const parsed = out.trim() ? JSON.parse(out) : []
  const versions = (Array.isArray(parsed) ? parsed : [parsed]).sort(compareVersions)
  if (versions.length === 0) throw new Error(`no published version of ${name} satisfies "${range}"`)
  return { lowest: versions[0], highest: versions.at(-1) }
}
