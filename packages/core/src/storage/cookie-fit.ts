/**
 * @module
 * How many messages fit in the message cookie when all of them do not. Django bisects; with a
 * compressed cookie every probe is a deflate of up to 4 KB, and bisecting 30 long messages takes
 * six of them (about 2 ms a request on Node). Here each probe also measures how well that many
 * messages compress, and the next probe is aimed with it: two or three deflates. Sizes grow with
 * the number of messages, so the boundary found is the one Django's bisection finds.
 */
import { isPromiseLike, type MaybePromise } from '../maybe-promise.js'
import { NOT_FINISHED_JSON } from '../serializer.js'

export interface FitRequest {
  /** The JSON of each message, oldest first. */
  readonly parts: readonly string[]
  /** The encoded payload of all of them (no sentinel), already known to be too long. */
  readonly fullPayload: string
  /** The longest payload the cookie can carry once signed. */
  readonly maxPayloadLength: number
  /** The longest JSON a reader inflates: a payload of more does not fit, however short. */
  readonly maxJsonLength: number
  /** Drop the oldest (cookie storage) or the newest (fallback storage, which passes them on). */
  readonly removeOldest: boolean
  /** JSON text to payload (base64url, compressed when that pays). */
  readonly encode: (json: string) => MaybePromise<string>
}

/** The payload that fits, sentinel included, and the messages it keeps: `parts[start, end)`. */
export interface Fitted {
  readonly payload: string
  readonly start: number
  readonly end: number
}

/** A search: yields the JSON it wants encoded, receives its payload, returns what fits. */
type Search = Generator<string, Fitted, string>

export function fitMessages(request: FitRequest): MaybePromise<Fitted> {
  const search = aimedSearch(request)
  // Synchronously while the encoder answers synchronously (node:crypto).
  const drive = (step: IteratorResult<string, Fitted>): MaybePromise<Fitted> => {
    while (!step.done) {
      const payload = request.encode(step.value)
      if (isPromiseLike(payload)) return payload.then((p) => drive(search.next(p)))
      step = search.next(payload)
    }
    return step.value
  }
  return drive(search.next())
}

/**
 * Between a count known to fit (0) and one known not to (all), try the count the last measured
 * ratio of payload to JSON length predicts, always strictly inside the bounds.
 */
function* aimedSearch(request: FitRequest): Search {
  const { parts, maxPayloadLength, maxJsonLength, removeOldest } = request
  const jsonOf = (count: number) => {
    const kept = removeOldest ? parts.slice(parts.length - count) : parts.slice(0, count)
    return `[${[...kept, NOT_FINISHED_JSON].join(',')}]`
  }
  let fits = 0
  let fitting: string | undefined
  let tooLarge = parts.length
  let perChar = request.fullPayload.length / (parts.join(',').length + 2)
  while (tooLarge - fits > 1) {
    const aim = predictCount(parts, removeOldest, Math.min(maxPayloadLength / perChar, maxJsonLength))
    const count = Math.min(Math.max(aim, fits + 1), tooLarge - 1)
    const json = jsonOf(count)
    const payload = yield json
    if (payload.length <= maxPayloadLength && json.length <= maxJsonLength) {
      fits = count
      fitting = payload
    } else tooLarge = count
    perChar = payload.length / json.length
  }
  // Not even one message fits: the cookie carries the sentinel alone, which no probe encoded.
  fitting ??= yield jsonOf(0)
  return {
    payload: fitting,
    start: removeOldest ? parts.length - fits : 0,
    end: removeOldest ? parts.length : fits,
  }
}

/** The most messages, from the kept end, whose JSON (sentinel included) stays within `maxJson`. */
function predictCount(parts: readonly string[], removeOldest: boolean, maxJson: number): number {
  let json = 2 + NOT_FINISHED_JSON.length
  let count = 0
  for (; count < parts.length; count++) {
    json += parts[removeOldest ? parts.length - 1 - count : count]!.length + 1
    if (json > maxJson) break
  }
  return count
}
