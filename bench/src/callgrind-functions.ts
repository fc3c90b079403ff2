/**
 * @module
 * Where a server's instructions (or cache misses) go, by function: a callgrind dump made with `--dump-instr=yes`,
 * read with the map `node --perf-basic-prof` writes (`/tmp/perf-<pid>.map`), which names the code
 * V8 generated at run time (`JS:*name file:line`, `Builtin:LoadIC`, `RegExp:...`). Callgrind alone
 * sees that code as addresses without names, and that code is most of a server's work. Used by
 * `instructions.ts --by-function`.
 */

/** Address ranges of generated code, sorted by start; the last entry written for an address wins. */
interface CodeMap {
  readonly starts: number[]
  readonly ends: number[]
  readonly names: string[]
}

export function readPerfMap(text: string): CodeMap {
  // V8 reuses addresses once code is collected: a later line replaces an earlier one.
  const byStart = new Map<number, { end: number; name: string }>()
  for (const line of text.split('\n')) {
    const first = line.indexOf(' ')
    const second = line.indexOf(' ', first + 1)
    if (first < 0 || second < 0) continue
    const start = Number.parseInt(line.slice(0, first), 16)
    const size = Number.parseInt(line.slice(first + 1, second), 16)
    if (Number.isFinite(start) && Number.isFinite(size)) {
      byStart.set(start, { end: start + size, name: line.slice(second + 1) })
    }
  }
  const sorted = [...byStart].sort((a, b) => a[0] - b[0])
  return {
    starts: sorted.map(([start]) => start),
    ends: sorted.map(([, code]) => code.end),
    names: sorted.map(([, code]) => code.name),
  }
}

function nameAt(map: CodeMap, address: number): string | undefined {
  let low = 0
  let high = map.starts.length - 1
  while (low <= high) {
    const mid = (low + high) >> 1
    if (map.starts[mid]! <= address) low = mid + 1
    else high = mid - 1
  }
  return high >= 0 && address < map.ends[high]! ? map.names[high] : undefined
}

export interface FunctionCosts {
  /**
   * Each function's own cost (not what it called): its instructions, or the sum of the events
   * asked for (`functionCosts`' `events`).
   */
  readonly self: Map<string, number>
  /**
   * For calls into a function whose name contains `callersOf`: the cost of those calls
   * (inclusive), by the calling function, and how many calls.
   */
  readonly callers: Map<string, { cost: number; calls: number }>
}

/**
 * Self costs per function of a callgrind dump (`positions: instr line`): the sum of `events` (the
 * dump's own names: `Ir` for instructions; with `--cache-sim=yes` also `I1mr`, `D1mr`, `D1mw`...).
 * A cost line after `calls=` is the inclusive cost of that call, so it is skipped for self costs
 * (and read for `callersOf`). Positions may be relative to the previous line's (`+n`, `-n`, `*`).
 */
export function functionCosts(
  dump: string,
  perfMap: string,
  callersOf?: string,
  events: readonly string[] = ['Ir'],
): FunctionCosts {
  const code = readPerfMap(perfMap)
  const columns = costColumns(dump, events)
  const fnNames = new Map<string, string>()
  const self = new Map<string, number>()
  const callers = new Map<string, { cost: number; calls: number }>()
  let fn = '?'
  let lastAddress = 0
  let pendingCall: { target: string; calls: number } | undefined
  const named = (line: string, prefix: string): string => {
    const found = /^\((\d+)\)(?: (.*))?$/.exec(line.slice(prefix.length))
    if (!found) return line.slice(prefix.length)
    if (found[2] !== undefined) fnNames.set(found[1]!, found[2])
    return fnNames.get(found[1]!) ?? '?'
  }
  let calledName = '?'
  for (const line of dump.split('\n')) {
    const c = line.charCodeAt(0)
    const isCost = (c >= 0x30 && c <= 0x39) || line[0] === '+' || line[0] === '-' || line[0] === '*'
    if (isCost) {
      const fields = line.split(' ')
      const position = fields[0]!
      const address =
        position === '*'
          ? lastAddress
          : position[0] === '+' || position[0] === '-'
            ? lastAddress + Number(position)
            : Number(position)
      lastAddress = address
      // Callgrind leaves out the trailing events of a line that are zero.
      let cost = 0
      for (const column of columns) cost += Number(fields[column] ?? 0)
      const where = nameAt(code, address) ?? fn
      if (pendingCall) {
        if (callersOf !== undefined && pendingCall.target.includes(callersOf)) {
          const entry = callers.get(where) ?? { cost: 0, calls: 0 }
          entry.cost += cost
          entry.calls += pendingCall.calls
          callers.set(where, entry)
        }
        pendingCall = undefined
        continue
      }
      self.set(where, (self.get(where) ?? 0) + cost)
    } else if (line.startsWith('fn=')) fn = named(line, 'fn=')
    else if (line.startsWith('cfn=')) calledName = named(line, 'cfn=')
    else if (line.startsWith('calls=')) {
      const [count, target] = line.slice('calls='.length).split(' ')
      const targetAddress = target !== undefined && /^0x/.test(target) ? Number(target) : Number.NaN
      pendingCall = {
        target: (Number.isNaN(targetAddress) ? undefined : nameAt(code, targetAddress)) ?? calledName,
        calls: Number(count),
      }
    }
  }
  return { self, callers }
}

/**
 * Where `events` stand on a cost line: after its positions (`positions:`, one or more of `instr`
 * and `line`; `line` alone when the header is absent), in the order of the `events:` header.
 */
function costColumns(dump: string, events: readonly string[]): number[] {
  const positions = headerFields(dump, 'positions')?.length ?? 1
  const names = dumpEvents(dump)
  return events.map((event) => {
    const at = names.indexOf(event)
    if (at < 0) throw new Error(`the callgrind dump counts no ${event} (its events: ${names.join(' ')})`)
    return positions + at
  })
}

/** The fields of a header line of a callgrind dump (`events: Ir I1mr ...`), `undefined` without one. */
export function headerFields(dump: string, name: string): string[] | undefined {
  return new RegExp(`^${name}: (.*)$`, 'm').exec(dump)?.[1]?.trim().split(/\s+/)
}

/** The events a dump counts, in the order of its cost lines and `totals:` (`Ir` alone by default). */
export function dumpEvents(dump: string): string[] {
  return headerFields(dump, 'events') ?? ['Ir']
}
