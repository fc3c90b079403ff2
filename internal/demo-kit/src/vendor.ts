/**
 * @module
 * htmx (the current major, 4, and the previous, 2) and Turbo, installed from the registry and
 * served by each demo under `/vendor/` (no CDN).
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const require = createRequire(import.meta.url)
const dist = (pkg: string, file: string) =>
  join(dirname(require.resolve(`${pkg}/package.json`)), 'dist', file)

/** URL path under `/vendor/` -> the file on disk. */
export const VENDOR_FILES: Readonly<Record<string, string>> = {
  'htmx-4.js': dist('htmx.org', 'htmx.js'),
  'htmx-2.js': dist('htmx-2', 'htmx.min.js'),
  'turbo.js': dist('@hotwired/turbo', 'turbo.es2017-umd.js'),
}

/** Where the apps serve {@link VENDOR_FILES}. */
export const VENDOR_PREFIX = '/vendor/'

/** The htmx majors the htmx page can load (`/htmx?v=2`). */
export const HTMX_MAJORS = ['4', '2'] as const
export type HtmxMajor = (typeof HTMX_MAJORS)[number]

/** The major asked for in `?v=`, the current one by default. */
export function htmxMajor(v: unknown): HtmxMajor {
  return HTMX_MAJORS.find((major) => major === v) ?? '4'
}
