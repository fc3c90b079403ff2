/**
 * @module
 * Which messages go in the message cookie, exactly as Django decides it given the same deflate
 * output (Node's bundled zlib and the one Python links can differ by a few bytes): the whole list
 * when its payload fits, otherwise the count Django's bisection finds, probing lists with the
 * sentinel.
 * With a compressed cookie every probe is a deflate (~35 ns per byte of JSON on Node: about 300 µs
 * for 30 messages of 300 characters), so Django's probes are replayed here, and a probe is
 * encoded only when its answer cannot be read from the ones already encoded:
 * - first, two or three probes aimed at the boundary by the measured compression ratio (the
 *   ratio of the app's last overflow, a hint, aims the first one, and says when the whole list is
 *   so far over the limit that encoding it first is a waste);
 * - a list with the messages of an encoded one and more is too large when that one was too large
 *   by a margin, and fits when a larger one fit with a margin, or when even its uncompressed
 *   base64 fits. Sizes are not monotonic under compression: adding messages shrank a payload by
 *   up to 16 characters over 12,000 random lists (38 between a list with the sentinel and the
 *   whole list without it), so the margins are twice that. The tests check the result against
 *   Django's own search over 5,000 random lists, byte for byte, and the payload written is always
 *   encoded and checked against the limit.
 */
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js'
import { NOT_FINISHED_JSON } from '../serializer.js'

/** Payload characters per JSON character, as last measured: where to aim, nothing more. */
export interface FitHint {
  perChar: number | undefined
}

export interface FitRequest {
  /** The JSON of each message, oldest first. */
  readonly parts: readonly string[]
  /** The longest payload the cookie can carry once signed. */
  readonly maxPayloadLength: number
  /** The longest JSON a reader inflates: a payload of more does not fit, however short. */
  readonly maxJsonLength: number
  /** Drop the oldest (cookie storage) or the newest (fallback storage, which passes them on). */
  readonly removeOldest: boolean
  /** JSON text to payload (base64url, compressed when that pays). */
  readonly encode: (json: string) => MaybePromise<string>
  /** Read to aim, updated after the search; one per app. */
  readonly hint: FitHint
  /**
   * With `removeOldest`, the JSON of a part to write in front of the messages kept from `start`
   * on: the tab marker (`scope: 'redirect'`) of a group cut by the drop, so its kept messages stay
   * bound. Django never writes markers, so lists with them have no Django result to match.
   */
  readonly leadFor?: ((start: number) => string | undefined) | undefined
}

/**
 * The payload to write and the messages it keeps: `parts[start, end)`. With every message kept the
 * payload is the whole list without the sentinel, as Django writes it.
 */
export interface Fitted {
  readonly payload: string
  readonly start: number
  readonly end: number
}

/** The whole list is encoded first unless the hint predicts a payload over this many times the limit. */
const FULL_FIRST_SLACK = 1.2
/** Twice the largest shrink seen when messages are added to a list with the sentinel. */
const PROBE_MARGIN = 32
/** Twice the largest shrink seen from a list with the sentinel to the whole list, by JSON added. */
function fullMargin(jsonAdded: number): number {
  return jsonAdded >= 1000 ? 40 : jsonAdded >= 400 ? 60 : 80
}

export function fitMessages(request: FitRequest): MaybePromise<Fitted> {
  // The common case, a list whose payload cannot exceed the limit even uncompressed: encoded
  // once, with no search (Django's first encode, which fits).
  const { parts, maxPayloadLength, maxJsonLength } = request
  const fullLength = listJsonLength(parts)
  if (fullLength <= maxJsonLength && base64Length(fullLength) <= maxPayloadLength) {
    const payload = request.encode(`[${parts.join(',')}]`)
    return isPromiseLike(payload)
      ? payload.then((p): Fitted => ({ payload: p, start: 0, end: parts.length }))
      : { payload, start: 0, end: parts.length }
  }
  const encoded: Encoded = { fullLength, byCount: new Map(), full: undefined, perChar: request.hint.perChar }
  return searchUntilFitted(request, encoded)
}

/**
 * What a search has encoded, kept across its runs: the payloads of lists with the sentinel by
 * count of messages kept, the whole list's (and its JSON length), and the hint it started from.
 */
interface Encoded {
  /** The whole list's JSON length, as `fitMessages` measured it. */
  readonly fullLength: number
  readonly byCount: Map<number, string>
  full: string | undefined
  /** The hint as it was when the search began: every run aims the same way. */
  readonly perChar: number | undefined
}

/**
 * A probe the encoder answered with a promise (Web Crypto's CompressionStream): the search stops,
 * and runs again once the payload is in. A synchronous encoder (node:crypto) never causes one,
 * so the search runs once, in plain calls. (It was a generator; V8 then kept the lists' JSON of
 * every overflowing request alive through a scavenge, and tenured it: 16 KB per request moved
 * to the old generation, and garbage collection cost more than the rest of the search.)
 */
class PendingEncode {
  constructor(
    readonly payload: Promise<string>,
    readonly keep: (payload: string) => void,
  ) {}
}

function searchUntilFitted(request: FitRequest, encoded: Encoded): MaybePromise<Fitted> {
  try {
    return replayedBisection(request, encoded)
  } catch (error) {
    if (!(error instanceof PendingEncode)) throw error
    return error.payload.then((payload) => {
      error.keep(payload)
      return searchUntilFitted(request, encoded)
    })
  }
}

/** The payload of `json`, from `known` or encoded now; a promised one stops the search. */
function payloadFor(
  request: FitRequest,
  json: () => string,
  known: string | undefined,
  keep: (p: string) => void,
): string {
  if (known !== undefined) return known
  const payload = request.encode(json())
  if (isPromiseLike(payload)) throw new PendingEncode(payload, keep)
  keep(payload)
  return payload
}

/** The length of the unpadded base64 of `bytes` bytes: the longest payload that JSON can give. */
const base64Length = (bytes: number) => Math.ceil((bytes * 4) / 3)

/** The length of `[part,part,...]` without building it. */
export function listJsonLength(parts: readonly string[]): number {
  let length = 1 + parts.length
  for (const part of parts) length += part.length
  return length
}

function replayedBisection(request: FitRequest, encoded: Encoded): Fitted {
  const { parts, maxPayloadLength: max, maxJsonLength, removeOldest, hint } = request
  const all = parts.length
  // The whole list's JSON is built only if it is encoded: mostly the hint says it is far too large.
  const fullLength = encoded.fullLength
  const fullPayload = () =>
    payloadFor(
      request,
      () => `[${parts.join(',')}]`,
      encoded.full,
      (payload) => {
        encoded.full = payload
      },
    )
  const everything = (payload: string): Fitted => ({ payload, start: 0, end: all })

  // Lists of the `count` kept messages and the sentinel, by count: their JSON length, and the
  // payloads encoded so far.
  const keptLengths = [0]
  for (let i = 0; i < all; i++) {
    keptLengths.push(keptLengths[i]! + parts[removeOldest ? all - 1 - i : i]!.length + 1)
  }
  const leadFor = removeOldest ? request.leadFor : undefined
  const leadOf = (count: number) => leadFor?.(all - count)
  const jsonLength = (count: number) => {
    const lead = leadOf(count)
    return keptLengths[count]! + 2 + NOT_FINISHED_JSON.length + (lead === undefined ? 0 : lead.length + 1)
  }
  const jsonOf = (count: number) => {
    const kept = removeOldest ? parts.slice(all - count) : parts.slice(0, count)
    const lead = leadOf(count)
    return `[${[...(lead === undefined ? [] : [lead]), ...kept, NOT_FINISHED_JSON].join(',')}]`
  }
  const byCount = encoded.byCount
  const payloadOf = (count: number): string =>
    payloadFor(
      request,
      () => jsonOf(count),
      byCount.get(count),
      (payload) => byCount.set(count, payload),
    )
  const fits = (count: number, payload: string) => payload.length <= max && jsonLength(count) <= maxJsonLength

  /** Whether the list of `count` is too large, read from the encoded ones when a margin allows. */
  const tooLarge = (count: number, exact: boolean): boolean => {
    const known = byCount.get(count)
    if (known !== undefined) return !fits(count, known)
    if (jsonLength(count) > maxJsonLength) return true
    if (base64Length(jsonLength(count)) <= max) return false
    if (!exact) {
      for (const [other, payload] of byCount) {
        if (payload[0] !== '.') continue // uncompressed: a larger list may compress far smaller
        if (other < count && payload.length > max + PROBE_MARGIN) return true
        if (other > count && payload.length <= max - PROBE_MARGIN) return false
      }
    }
    return !fits(count, payloadOf(count))
  }

  // Django encodes the whole list first; skipped while the hint says it is far over the limit.
  // (A list whose uncompressed payload fits never gets here: fitMessages encodes it at once.)
  let fullTooLarge: boolean | undefined = fullLength > maxJsonLength ? true : undefined
  let perChar = encoded.perChar ?? 1
  if (
    fullTooLarge === undefined &&
    (encoded.perChar === undefined || fullLength * encoded.perChar <= max * FULL_FIRST_SLACK)
  ) {
    const payload = fullPayload()
    if (payload.length <= max) return everything(payload)
    fullTooLarge = true
    perChar = payload.length / fullLength
    hint.perChar = perChar
  }

  // Probes aimed at the boundary (between a count taken to fit, 0, and one taken not to, all),
  // each at the count the last measured ratio of payload to JSON predicts.
  let low = 0
  let high = all
  while (high - low > 1) {
    const aim = predictCount(keptLengths, Math.min(max / perChar, maxJsonLength) - jsonLength(0))
    const count = Math.min(Math.max(aim, low + 1), high - 1)
    const payload = payloadOf(count)
    if (fits(count, payload)) low = count
    else high = count
    perChar = payload.length / jsonLength(count)
  }
  hint.perChar = perChar

  if (fullTooLarge === undefined) {
    let witnessed = false
    for (const [count, payload] of byCount) {
      if (payload[0] !== '.') continue
      const margin = fullMargin(fullLength - jsonLength(count))
      if (count < all && payload.length > max + margin) witnessed = true
    }
    if (!witnessed) {
      const payload = fullPayload()
      if (payload.length <= max) return everything(payload)
    }
  }

  // Django's bisect_keep_left / bisect_keep_right, in counts of kept messages.
  for (const exact of [false, true]) {
    let lo = 0
    let hi = all
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (removeOldest) {
        if (tooLarge(all - mid, exact)) lo = mid + 1
        else hi = mid
      } else if (tooLarge(mid + 1, exact)) hi = mid
      else lo = mid + 1
    }
    const kept = removeOldest ? all - lo : lo
    const payload = payloadOf(kept)
    // A count read as fitting is encoded here in any case: never write what does not fit.
    if (fits(kept, payload) || kept === 0) {
      return { payload, start: removeOldest ? all - kept : 0, end: removeOldest ? all : kept }
    }
  }
  throw new Error('@flash/core: unreachable, an exact bisection keeps a list that fits')
}

/** The most messages whose list (sentinel included) stays within `maxKeptJson` of message JSON. */
function predictCount(keptLengths: readonly number[], maxKeptJson: number): number {
  let count = 0
  while (count + 1 < keptLengths.length && keptLengths[count + 1]! <= maxKeptJson) count++
  return count
}
