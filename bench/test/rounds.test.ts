import { describe, expect, it } from 'vitest'
import { measuringOrder, startingOrder } from '../src/rounds.js'
import { roundsPerSession } from '../src/sessions.js'

/** How often each server goes first over `sessions` sessions, by `order(servers, session)`. */
function firstCounts(servers: number, sessions: number, order: (session: number) => number[]): number[] {
  const counts = Array.from({ length: servers }, () => 0)
  for (let session = 0; session < sessions; session++) counts[order(session)[0]!]!++
  return counts
}

describe('the order of a session', () => {
  it('starts each server first once over as many sessions as servers, for every group size the run has', () => {
    for (const servers of [2, 3, 5, 6, 7, 8]) {
      expect(firstCounts(servers, servers, (s) => startingOrder(servers, s))).toEqual(Array(servers).fill(1))
      for (let session = 0; session < servers; session++) {
        expect([...startingOrder(servers, session)].sort((a, b) => a - b)).toEqual([...Array(servers).keys()])
      }
    }
  })

  it("differs from the session's first measuring order, which with two rounds a session skips every other server", () => {
    // The full run's shape: twelve rounds over six sessions, six servers in the S0-S2 group with Redis.
    const perSession = roundsPerSession(12, 6)
    expect(perSession).toBe(2)
    const byMeasuring = firstCounts(6, 6, (s) => measuringOrder(6, s * perSession))
    expect(byMeasuring).toEqual([2, 0, 2, 0, 2, 0]) // S0 first twice, its control (server 1) never
    expect(firstCounts(6, 6, (s) => startingOrder(6, s))).toEqual([1, 1, 1, 1, 1, 1])
  })

  it('still measures every server in every position over the run', () => {
    const servers = 6
    const positions = Array.from({ length: servers }, () => new Set<number>())
    for (let round = 0; round < 12; round++) {
      for (const [position, server] of measuringOrder(servers, round).entries())
        positions[server]!.add(position)
    }
    expect(positions.map((p) => p.size)).toEqual(Array(servers).fill(servers))
  })
})
