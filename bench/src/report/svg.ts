/**
 * @module
 * `ratios.svg`: one horizontal bar per target ratio, with its target drawn as a tick, by hand
 * (no chart dependency). Bars are green when the target is met, red when not.
 */
import type { RatioResult } from '../results.js'
import { FRAMEWORK_NAMES, type Framework } from '../scenarios.js'

const ROW = 26
const LABEL = 230
const PLOT = 420
const TOP = 48

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

export function renderSvg(ratios: readonly RatioResult[], title: string): string {
  const finite = ratios.filter((r) => Number.isFinite(r.ratio))
  const max = Math.max(1.6, ...finite.map((r) => r.ratio)) * 1.08
  const x = (value: number) => LABEL + (Math.min(Math.max(0, value), max) / max) * PLOT
  const height = TOP + ratios.length * ROW + 40
  const width = LABEL + PLOT + 80
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" ` +
      `font-family="system-ui, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14" font-weight="600">${escapeXml(title)}</text>`,
    `<text x="${width / 2}" y="36" text-anchor="middle" fill="#555">req/s ratio, same run; tick = target; green = met</text>`,
  ]
  // The 1.0 line: "as fast as the reference".
  out.push(
    `<line x1="${x(1)}" y1="${TOP - 6}" x2="${x(1)}" y2="${TOP + ratios.length * ROW}" stroke="#999" stroke-dasharray="3,3"/>`,
    `<text x="${x(1)}" y="${TOP + ratios.length * ROW + 14}" text-anchor="middle" fill="#555">1.0</text>`,
  )
  ratios.forEach((r, i) => {
    const y = TOP + i * ROW
    const crypto = r.crypto === 'node' ? ' (nodeCrypto)' : ''
    const label = `${FRAMEWORK_NAMES[r.framework as Framework]}${crypto} · ${r.name}`
    const value = Number.isFinite(r.ratio) ? r.ratio : 0
    out.push(
      `<text x="${LABEL - 8}" y="${y + 15}" text-anchor="end">${escapeXml(label)}</text>`,
      `<rect x="${LABEL}" y="${y + 4}" width="${(x(value) - LABEL).toFixed(1)}" height="${ROW - 10}" fill="${r.met ? '#3a9d5d' : '#d0453f'}"/>`,
      `<line x1="${x(r.target).toFixed(1)}" y1="${y + 1}" x2="${x(r.target).toFixed(1)}" y2="${y + ROW - 3}" stroke="#111" stroke-width="2"/>`,
      // In a column of their own, so a value never sits on a target tick.
      `<text x="${LABEL + PLOT + 14}" y="${y + 15}">${Number.isFinite(r.ratio) ? r.ratio.toFixed(2) : 'n/a'}</text>`,
    )
  })
  out.push('</svg>', '')
  return out.join('\n')
}
