/**
 * @module
 * Who owns a `perf` sample, for `perf-compare.ts`: its nearest JavaScript frame, and whose code
 * that frame is. Two processes of the same server differ here by 5-20% for their whole life, in
 * every function alike; what a library adds to a request is read more steadily as the time spent
 * in its own functions than as the difference of two processes' totals.
 *
 * The groups: @flash's packages (`packages/`), the server module of the scenario (`bench/`: its
 * handler, and for a row by hand the cookie code written by hand), the framework and its
 * dependencies (any other package), Node's own JavaScript (`node:`), regular expressions (whoever
 * ran them), and native work with no JavaScript frame above it (the event loop, the socket, V8's
 * own threads). The first two are the code that differs between a row by hand and @flash's row;
 * the other four run the same code in both, so differ only by what the process pays for them.
 */

export type CodeGroup = '@flash' | 'server module' | 'framework' | 'Node' | 'regular expressions' | 'native'

export const CODE_GROUPS: readonly CodeGroup[] = [
  '@flash',
  'server module',
  'framework',
  'Node',
  'regular expressions',
  'native',
]

export const NATIVE_OWNER = '(native, no JS frame)'

/**
 * The owner of a sample from its frames (leaf first, as `perf script` prints them):
 * `7f9e080bb63f JS:*name file:///…/x.js:1:2 (/tmp/perf-1.map)` → `JS:*name …/x.js:1:2`, with the
 * repository's and pnpm's directories taken off the path.
 */
export function ownerOf(frames: readonly string[]): string {
  const js = frames.find((f) => f.includes(' JS:') || f.includes(' RegExp:'))
  if (js === undefined) return NATIVE_OWNER
  return js
    .replace(/^\S+\s+/, '')
    .replace(/ \([^()]*\)$/, '')
    .replace(/file:\/\/\/\S*?\/(packages|bench)\//, '$1/')
    .replace(/\/\S*\/node_modules\/\.pnpm\/\S*?\/node_modules\//, '')
}

/** Whose code an owner of {@link ownerOf} is. */
export function codeGroupOf(owner: string): CodeGroup {
  if (owner === NATIVE_OWNER) return 'native'
  if (owner.startsWith('RegExp:')) return 'regular expressions'
  // `JS:*name location`: the location is the last word (a function's name may be empty).
  const location = owner.slice(owner.lastIndexOf(' ') + 1)
  if (location.startsWith('packages/')) return '@flash'
  if (location.startsWith('bench/')) return 'server module'
  if (location.startsWith('node:')) return 'Node'
  return 'framework'
}

/** µs per request of each group, from µs per request of each owner. */
export function byCodeGroup(owners: ReadonlyMap<string, number>): Map<CodeGroup, number> {
  const groups = new Map<CodeGroup, number>(CODE_GROUPS.map((g) => [g, 0]))
  for (const [owner, micros] of owners) {
    const group = codeGroupOf(owner)
    groups.set(group, groups.get(group)! + micros)
  }
  return groups
}

/**
 * What the second server's own code (@flash and its server module) adds to the first's own code,
 * in µs per request, and the ratio of the first's total to that total plus it: the ratio the two
 * rows would read if everything but their own code cost the same in both processes.
 */
export function ownCodeReading(
  first: { total: number; groups: ReadonlyMap<CodeGroup, number> },
  second: { groups: ReadonlyMap<CodeGroup, number> },
): { added: number; ratio: number } {
  const own = (groups: ReadonlyMap<CodeGroup, number>) =>
    (groups.get('@flash') ?? 0) + (groups.get('server module') ?? 0)
  const added = own(second.groups) - own(first.groups)
  return { added, ratio: first.total / (first.total + added) }
}

/**
 * A V8 perf map (`/tmp/perf-<pid>.map`: `start size name` per line, in hex, appended as V8
 * compiles) with every address left to the latest entry that covers it. V8 reuses the memory of
 * code it freed, so a long-lived process's map holds old entries under new code: `perf script`
 * then charged the HMAC of @flash's S3 to a function of tsx's TypeScript lexer that ran at
 * startup (7.7 µs per request, Koa, round 34). Read once the process has stopped writing, an
 * entry is kept unless a later one overlaps it.
 */
export function latestMapEntries(map: string): string {
  const lines = map.split('\n')
  // Kept ranges, sorted by start; filled from the last line back, so a range there is later.
  const starts: number[] = []
  const ends: number[] = []
  const kept: string[] = []
  for (let i = lines.length - 1; i >= 0; i--) {
    const [startText, sizeText] = lines[i]!.split(' ', 2)
    const start = Number.parseInt(startText ?? '', 16)
    const size = Number.parseInt(sizeText ?? '', 16)
    if (!Number.isFinite(start) || !Number.isFinite(size)) continue
    const end = start + Math.max(size, 1)
    let at = 0
    let high = starts.length
    while (at < high) {
      const middle = (at + high) >> 1
      if (starts[middle]! < start) at = middle + 1
      else high = middle
    }
    if ((at > 0 && ends[at - 1]! > start) || (at < starts.length && starts[at]! < end)) continue
    starts.splice(at, 0, start)
    ends.splice(at, 0, end)
    kept.push(lines[i]!)
  }
  return `${kept.reverse().join('\n')}\n`
}
