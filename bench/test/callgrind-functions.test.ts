import { describe, expect, it } from 'vitest'
import { dumpEvents, functionCosts, headerFields } from '../src/callgrind-functions.js'

/**
 * A callgrind dump as `--dump-instr=yes --cache-sim=yes` writes it: costs by instruction address
 * and line, one column per event, trailing zero events left out, relative (`+4`) and repeated
 * (`*`) positions, and a call whose line carries the call's inclusive cost.
 */
const DUMP = `version: 1
creator: callgrind-3.22.0
positions: instr line
events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw
fn=(1) ???
0x1000 0 10 4 2 1 1
+4 0 5 2 1 0 0 1
calls=2 0x2000
* 0 100 40 20 7 3 2
0x2000 0 20 8 4 2
totals: 135 54 27 10 4 3
`

/** The map `node --perf-basic-prof` writes: start, size (hex) and name of generated code. */
const PERF_MAP = '1000 10 JS:*alpha file.js:1\n2000 10 JS:*beta file.js:9\n'

describe('functionCosts', () => {
  it('charges instructions by default, each function its own, a call line to its caller', () => {
    const costs = functionCosts(DUMP, PERF_MAP, 'beta')
    expect(Object.fromEntries(costs.self)).toEqual({ 'JS:*alpha file.js:1': 15, 'JS:*beta file.js:9': 20 })
    expect(Object.fromEntries(costs.callers)).toEqual({ 'JS:*alpha file.js:1': { cost: 100, calls: 2 } })
  })

  it('charges the sum of the events asked for, a left-out trailing event as zero', () => {
    const costs = functionCosts(DUMP, PERF_MAP, 'beta', ['I1mr', 'D1mr', 'D1mw'])
    expect(Object.fromEntries(costs.self)).toEqual({ 'JS:*alpha file.js:1': 3, 'JS:*beta file.js:9': 2 })
    expect(Object.fromEntries(costs.callers)).toEqual({ 'JS:*alpha file.js:1': { cost: 12, calls: 2 } })
  })

  it('names an event the dump does not count', () => {
    expect(() => functionCosts(DUMP, PERF_MAP, undefined, ['Bc'])).toThrow(
      'the callgrind dump counts no Bc (its events: Ir Dr Dw I1mr D1mr D1mw ILmr DLmr DLmw)',
    )
  })
})

describe('the header of a dump', () => {
  it('reads a header line by name, and the events of a dump that names none as Ir', () => {
    expect(headerFields(DUMP, 'totals')).toEqual(['135', '54', '27', '10', '4', '3'])
    expect(headerFields(DUMP, 'summary')).toBeUndefined()
    expect(dumpEvents(DUMP)).toHaveLength(9)
    expect(dumpEvents('positions: line\nfn=(1) main\n16 5\n')).toEqual(['Ir'])
  })
})
