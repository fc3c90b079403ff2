import { describe, expect, it } from 'vitest'
import { cpuSessionRange, medianInterval, sessionConfidence } from '../src/sessions.js'

/** P(at most `i` of `n` fair coin flips land one way), from the binomial's terms one by one. */
function atMost(i: number, n: number): number {
  let term = 1
  let sum = 1
  for (let j = 1; j <= i; j++) {
    term = (term * (n - j + 1)) / j
    sum += term
  }
  return sum / 2 ** n
}

describe('medianInterval', () => {
  it('takes off each side the most readings that keep the sign test at 95% or more', () => {
    for (let n = 6; n <= 40; n++) {
      const readings = Array.from({ length: n }, (_, i) => (i + 3) % n) // 0..n-1, not in order
      const found = medianInterval(readings)!
      const k = found.low + 1 // readings are 0..n-1: the k-th lowest is k - 1
      expect(found.high).toBe(n - k)
      expect(found.sessions).toBe(n)
      expect(found.confidence).toBeCloseTo((1 - 2 * atMost(k - 1, n)) * 100, 9)
      expect(found.confidence).toBeGreaterThanOrEqual(95)
      // One more reading off each side would fall below 95%.
      expect((1 - 2 * atMost(k, n)) * 100).toBeLessThan(95)
    }
  })

  it('is the whole range of six sessions, what one run reads', () => {
    const six = [0.97, 0.88, 1.02, 0.91, 1.1, 0.95]
    const found = medianInterval(six)!
    expect([found.low, found.high]).toEqual([0.88, 1.1])
    expect(found.confidence).toBeCloseTo(sessionConfidence(6), 9)
    const rounds = (cpu: number[]) => cpu.map((c) => ({ cpuMicrosPerRequest: c }) as never)
    // The same six as a run's sessions (one round each): cpuSessionRange agrees.
    const limit = rounds([97, 88, 102, 91, 110, 95])
    const subject = rounds([100, 100, 100, 100, 100, 100])
    const range = cpuSessionRange(limit, subject, { rounds: 6, sessions: 6 })!
    expect([range.low, range.high]).toEqual([0.88, 1.1])
  })

  it('narrows as sessions are pooled: twelve drop two of each side, eighteen four', () => {
    const twelve = [0.8, 0.85, 0.9, 0.93, 0.95, 0.96, 0.97, 0.98, 1.0, 1.02, 1.2, 1.3]
    expect(medianInterval(twelve)).toMatchObject({ low: 0.9, high: 1.02, sessions: 12 })
    expect(medianInterval(twelve)!.confidence).toBeCloseTo(96.14, 2)
    const eighteen = Array.from({ length: 18 }, (_, i) => i)
    expect(medianInterval(eighteen)).toMatchObject({ low: 4, high: 13 })
  })

  it('gives the whole range, with its lower confidence, when there are too few readings', () => {
    expect(medianInterval([3, 1, 2, 5, 4])).toEqual({ low: 1, high: 5, sessions: 5, confidence: 93.75 })
    expect(medianInterval([2, 1])).toEqual({ low: 1, high: 2, sessions: 2, confidence: 50 })
    expect(medianInterval([1])).toBeUndefined()
    expect(medianInterval([])).toBeUndefined()
  })

  it('asks for more confidence when told to', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => i)
    expect(medianInterval(twelve, 99)).toMatchObject({ low: 1, high: 10 }) // 99.4%
  })
})
