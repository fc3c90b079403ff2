/**
 * @module
 * The median, the statistic of every figure reported: a round disturbed by a neighbour's test
 * suite moves a mean, not a median of three or more.
 */
/**
 * The median of the per-round ratios `a[i] / b[i]`: two servers measured in the same round share
 * that round's noise (a neighbour's burst, a frequency change), which a ratio of medians would not
 * cancel.
 */
export function medianRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((value, i) => value / b[i]!))
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
